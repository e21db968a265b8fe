using System.Net;
using System.Text;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>How the emulators post an update to the bot's webhook, as the messenger would.</summary>
internal static class WebhookDelivery
{
    private static readonly HttpClient Http = new();

    /// <summary>POSTs <paramref name="json"/> with <paramref name="secret"/> in <paramref name="header"/> (no header when null).</summary>
    public static async Task<HttpStatusCode> PostAsync(string url, string json, string header, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add(header, secret);
        // A large body waits for "100 Continue": a listener that refuses it (413) answers before the body is sent, instead of
        // closing the connection under a client still writing (a broken pipe on a loaded machine).
        if (json.Length > 64 * 1024) request.Headers.ExpectContinue = true;
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }
}
