using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Channels;

/// <summary>A channel that can receive its updates by webhook.</summary>
public interface IWebhookReceiver
{
    /// <summary>"telegram"; the webhook path is /webhooks/{Channel}.</summary>
    string Channel { get; }

    /// <summary>The channel's webhook settings, or null when the channel is off or polls.</summary>
    WebhookOptions? Webhook { get; }

    /// <summary>The header in which the messenger sends the secret back.</summary>
    string SecretHeader { get; }

    /// <summary>Applies one authenticated update through the <see cref="Pipeline"/> (dedupe, state, outbox) and returns what
    /// to do once the messenger has its answer: sending the outbox. Throws <see cref="JsonException"/> for a body that is no update.</summary>
    Func<CancellationToken, Task> Apply(JsonElement body);
}

/// <summary>
/// Kestrel for the channels in webhook mode, listening on <see cref="HttpOptions.Urls"/>; nothing listens when every
/// channel polls. A request is checked (POST, the right secret header, JSON), its update is applied in the same
/// transaction as with polling, the messenger gets 200 at once, and the replies are sent after that.
/// </summary>
public sealed class WebhookServer(IEnumerable<IWebhookReceiver> receivers, IOptions<ChiBoOptions> options, ILoggerFactory loggers, StartupFailure failure) : IHostedService
{
    private const long MaxBodyBytes = 1024 * 1024;
    private readonly ILogger _log = loggers.CreateLogger<WebhookServer>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _sending = [];
    private WebApplication? _app;

    public static string PathFor(string channel) => $"/webhooks/{channel}";

    /// <summary>The addresses Kestrel listens on (ports resolved); empty when no channel uses a webhook.</summary>
    public IReadOnlyList<string> Addresses => _app is null ? [] : [.. _app.Urls];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var active = receivers.Where(r => r.Webhook is not null).ToList();
        if (active.Count == 0) return;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggers);
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.WebHost.UseUrls(options.Value.Http.Urls);
        var app = builder.Build();
        foreach (var receiver in active) app.MapPost(PathFor(receiver.Channel), ctx => HandleAsync(receiver, ctx));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            _log.LogCritical("Cannot listen for webhooks on {Urls} (ChiBo:Http:Urls): {Error}. Stopping.", options.Value.Http.Urls, ex.Message);
            await app.DisposeAsync();
            failure.StopHost();
            return;
        }
        _app = app;
        _log.LogInformation("Listening for webhooks on {Urls}: {Paths}", string.Join(", ", app.Urls), string.Join(", ", active.Select(r => PathFor(r.Channel))));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is null) return;
        await _stopping.CancelAsync();
        await _app.StopAsync(cancellationToken);
        Task[] sending;
        lock (_sending) sending = [.. _sending];
        await Task.WhenAll(sending).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _app.DisposeAsync();
        _app = null;
    }

    private async Task HandleAsync(IWebhookReceiver receiver, HttpContext ctx)
    {
        if (!SecretMatches(ctx.Request.Headers[receiver.SecretHeader].ToString(), receiver.Webhook?.Secret))
        {
            _log.LogWarning("Refused a {Channel} webhook request from {Remote}: missing or wrong {Header} header",
                receiver.Channel, ctx.Connection.RemoteIpAddress, receiver.SecretHeader);
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        Func<CancellationToken, Task> afterwards;
        try
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
            afterwards = receiver.Apply(body);
        }
        catch (JsonException ex)
        {
            _log.LogWarning("Refused a {Channel} webhook request that holds no update: {Error}", receiver.Channel, ex.Message);
            ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        Track(receiver.Channel, afterwards);
    }

    /// <summary>Runs the sending in the background, so the messenger's request ends now; stopping waits for it.</summary>
    private void Track(string channel, Func<CancellationToken, Task> work)
    {
        var task = Task.Run(async () =>
        {
            try { await work(_stopping.Token); }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested) { }
            catch (Exception ex) { _log.LogWarning("Sending the replies to a {Channel} webhook update failed: {Error}", channel, ex.Message); }
        });
        lock (_sending)
        {
            _sending.RemoveAll(t => t.IsCompleted);
            _sending.Add(task);
        }
    }

    /// <summary>Constant-time comparison; no secret configured refuses everything.</summary>
    private static bool SecretMatches(string given, string? expected) =>
        !string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
