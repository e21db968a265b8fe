using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ChiBo.Bot.Web;
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

    /// <summary>Reads one authenticated request. Throws <see cref="JsonException"/> for a body that is no update.</summary>
    WebhookUpdate Read(JsonElement body);
}

/// <summary>A webhook request's update: what the <see cref="Pipeline"/> applies (null: nothing, it is answered at once), and
/// what to do with its result once its transaction is on disk and the messenger has its answer (a tap's toast).</summary>
public sealed record WebhookUpdate(Incoming? Item, Func<PipelineResult, CancellationToken, Task>? Afterwards = null);

/// <summary>
/// Kestrel on <see cref="HttpOptions.Urls"/>, for the channels in webhook mode and, when <see cref="HttpOptions.PublicUrl"/>
/// is set, the bot's pages (<see cref="IWebEndpoints"/>: signed links, the web form); nothing listens otherwise.
/// A webhook request is checked (POST, the right secret header, JSON), its update is applied by the <see cref="WebhookBatcher"/>
/// together with the requests that arrived meanwhile (one transaction, as a polled batch), the messenger gets 200 once that
/// transaction is on disk, and the replies are sent after that.
/// </summary>
public sealed class WebhookServer(
    IEnumerable<IWebhookReceiver> receivers,
    IEnumerable<IWebEndpoints> pages,
    SignedLinks links,
    IOptions<ChiBoOptions> options,
    WebhookBatcher batcher,
    ILoggerFactory loggers,
    StartupFailure failure,
    TimeProvider time) : IHostedService
{
    private const long MaxBodyBytes = 1024 * 1024;
    private readonly ILogger _log = loggers.CreateLogger<WebhookServer>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _sending = [];
    private readonly LogThrottle _refusals = new(time);
    private WebApplication? _app;

    public static string PathFor(string channel) => $"/webhooks/{channel}";

    public const string HealthPath = "/healthz";

    /// <summary>The addresses Kestrel listens on (ports resolved); empty when nothing needs the listener.</summary>
    public IReadOnlyList<string> Addresses => _app is null ? [] : [.. _app.Urls];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var active = receivers.Where(r => r.Webhook is not null).ToList();
        return active.Count == 0 && !links.Enabled ? Task.CompletedTask : ListenAsync(active, cancellationToken);
    }

    /// <summary>Builds and starts Kestrel. A method of its own, never inlined: a bot that only polls never runs it, so it never
    /// loads ASP.NET Core's assemblies (bench: 1.2 MB less resident memory at idle).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task ListenAsync(List<IWebhookReceiver> active, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<ILoggerFactory>(new QuietRequests(loggers));
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.WebHost.UseUrls(options.Value.Http.Urls);
        var app = builder.Build();
        foreach (var receiver in active) app.MapPost(PathFor(receiver.Channel), ctx => HandleAsync(receiver, ctx));
        if (links.Enabled)
        {
            links.Key(); // generated and stored now, not inside some update's transaction
            foreach (var page in pages) page.Map(app);
        }
        app.MapGet(HealthPath, ctx => ctx.Response.WriteAsync("ok")); // for a load balancer or a monitor: the listener and the host are up
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
        var served = active.Select(r => PathFor(r.Channel)).Append(HealthPath).ToList();
        if (links.Enabled) served.Add($"the pages reached at {links.PublicUrl}");
        _log.LogInformation("Listening on {Urls}: {Served}", string.Join(", ", app.Urls), string.Join(", ", served));
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
            if (_refusals.ShouldLog($"{receiver.Channel}:secret", out var more))
                _log.LogWarning("Refused a {Channel} webhook request from {Remote}: missing or wrong {Header} header ({More} more refused since the last such line)",
                    receiver.Channel, ctx.Connection.RemoteIpAddress, receiver.SecretHeader, more);
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        WebhookUpdate update;
        try
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
            update = receiver.Read(body);
        }
        catch (JsonException ex)
        {
            Refuse(receiver, ctx, StatusCodes.Status400BadRequest, "holds no update", ex.Message);
            return;
        }
        catch (BadHttpRequestException ex) // the body is over MaxBodyBytes: answered here, not logged as a failure with a stack trace
        {
            Refuse(receiver, ctx, ex.StatusCode, "is refused", ex.Message);
            return;
        }
        PipelineResult result;
        try
        {
            result = update.Item is null ? PipelineResult.None : await batcher.ApplyAsync(update.Item);
        }
        catch (Exception) // the batcher logged it; not 2xx, so the messenger delivers the update again
        {
            ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        if (update.Afterwards is { } afterwards) Track(receiver.Channel, ct => afterwards(result, ct));
    }

    private void Refuse(IWebhookReceiver receiver, HttpContext ctx, int status, string what, string error)
    {
        if (_refusals.ShouldLog($"{receiver.Channel}:{status}", out var more))
            _log.LogWarning("A {Channel} webhook request {What} ({Status}): {Error} ({More} more since the last such line)", receiver.Channel, what, status, error, more);
        ctx.Response.StatusCode = status;
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

    /// <summary>ASP.NET Core logs every request's path at Information; a path may hold a signed link's token, which is a
    /// credential: those categories log warnings only, whatever the logging settings say.</summary>
    private sealed class QuietRequests(ILoggerFactory inner) : ILoggerFactory
    {
        private static readonly string[] PathLogging = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Http"];

        public ILogger CreateLogger(string categoryName) =>
            PathLogging.Any(p => categoryName.StartsWith(p, StringComparison.Ordinal)) ? new WarningsOnly(inner.CreateLogger(categoryName)) : inner.CreateLogger(categoryName);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() { } // the host owns the inner factory

        private sealed class WarningsOnly(ILogger inner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
