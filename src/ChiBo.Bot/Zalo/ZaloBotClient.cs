using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Zalo;

/// <summary>An error answer of the Zalo Bot API: {"ok": false, "error_code": n, "description": "..."}.</summary>
public sealed class ZaloApiException(int code, string description) : Exception(description)
{
    public int Code { get; } = code;

    /// <summary>getUpdates found no event within its timeout.</summary>
    public bool IsPollingTimeout => Code == 408;

    /// <summary>The request itself is wrong (unknown chat, bad text): sending it again cannot succeed. 403 is not among them:
    /// Zalo labels it "internal server error", so it is worth another try (<see cref="ZaloSender"/>).</summary>
    public bool IsPermanent => Code is 400 or 404;
}

/// <summary>
/// The few Zalo Bot API methods ChiBo uses: POST {ApiBaseUrl}/bot{token}/{method} with a JSON body, answered
/// {"ok": true, "result": ...}. Its HttpClient is its own, not IHttpClientFactory's, so no handler logs request
/// URLs (which hold the token); exceptions never carry the URL either.
/// </summary>
public sealed class ZaloBotClient(IOptions<ChiBoOptions> options) : IDisposable
{
    private readonly Lazy<HttpClient> _http = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(options.Value.Zalo.PollingTimeoutSeconds + 30) });

    public Task<JsonElement> GetMeAsync(CancellationToken ct) => CallAsync("getMe", new JsonObject(), ct);

    /// <summary>One event, or null when none came within the polling timeout (a 408, or an empty result {}).</summary>
    public async Task<JsonElement?> GetUpdatesAsync(CancellationToken ct)
    {
        try
        {
            var timeout = options.Value.Zalo.PollingTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var result = await CallAsync("getUpdates", new JsonObject { ["timeout"] = timeout }, ct);
            return result.ValueKind is JsonValueKind.Object && result.EnumerateObject().Any() ? result : null;
        }
        catch (ZaloApiException ex) when (ex.IsPollingTimeout)
        {
            return null;
        }
    }

    public Task<JsonElement> SendMessageAsync(string chatId, string text, CancellationToken ct) =>
        CallAsync("sendMessage", new JsonObject { ["chat_id"] = chatId, ["text"] = text }, ct);

    public Task<JsonElement> SetWebhookAsync(string url, string secret, CancellationToken ct) =>
        CallAsync("setWebhook", new JsonObject { ["url"] = url, ["secret_token"] = secret }, ct);

    public Task<JsonElement> DeleteWebhookAsync(CancellationToken ct) => CallAsync("deleteWebhook", new JsonObject(), ct);

    private async Task<JsonElement> CallAsync(string method, JsonObject body, CancellationToken ct)
    {
        var z = options.Value.Zalo;
        var baseUrl = (string.IsNullOrWhiteSpace(z.ApiBaseUrl) ? ZaloOptions.DefaultApiBaseUrl : z.ApiBaseUrl).TrimEnd('/');
        using var response = await _http.Value.PostAsJsonAsync($"{baseUrl}/bot{z.Token}/{method}", body, ct);
        JsonElement answer;
        try
        {
            answer = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        }
        catch (JsonException)
        {
            throw new ZaloApiException((int)response.StatusCode, $"{method}: HTTP {(int)response.StatusCode} without a JSON answer");
        }
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
            return answer.TryGetProperty("result", out var result) ? result.Clone() : default;
        var code = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : (int)response.StatusCode;
        var description = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("description", out var d) ? d.ToString() : "";
        throw new ZaloApiException(code, $"{method}: {code} {description}".TrimEnd());
    }

    public void Dispose()
    {
        if (_http.IsValueCreated) _http.Value.Dispose();
    }
}
