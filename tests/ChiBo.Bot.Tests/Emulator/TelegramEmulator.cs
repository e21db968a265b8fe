using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>
/// An in-process fake of the Telegram Bot API, served by Kestrel on 127.0.0.1 with a free port.
/// The bot under test talks to it over HTTP exactly as it would to api.telegram.org
/// (POST {BaseUrl}/bot{Token}/{method}); tests play the users (<see cref="SendText"/>,
/// <see cref="PressButton"/> …), read what the bot sent (<see cref="MessagesIn"/>) and synchronise
/// on the bot's polling loop (<see cref="WaitUntilProcessedAsync"/>) instead of sleeping.
/// All members are thread-safe.
/// </summary>
public sealed partial class TelegramEmulator : IAsyncDisposable
{
    public const string DefaultToken = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz12";
    public const string DefaultBotUsername = "chibo_test_bot";

    private static readonly JsonSerializerOptions Json = JsonBotAPI.Options;

    /// <summary>Keeps Vietnamese readable in recorded bodies and failure messages.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<RecordedCall> _calls = [];
    private readonly Dictionary<string, Queue<BotApiError>> _injected = new(StringComparer.OrdinalIgnoreCase);
    private TaskCompletionSource _callSignal = NewSignal();
    private WebApplication? _app;
    private volatile bool _rejectAllTokens;

    private TelegramEmulator(string token, string botUsername)
    {
        Token = token;
        var colon = token.IndexOf(':');
        var botId = colon > 0 && long.TryParse(token[..colon], out var id) ? id : 1;
        BotUser = new User { Id = botId, IsBot = true, FirstName = "ChiBo (test)", Username = botUsername, CanJoinGroups = true };
    }

    /// <summary>The bot token the emulator accepts; any other gets 401.</summary>
    public string Token { get; }

    /// <summary>"http://127.0.0.1:{port}", what ChiBo:Telegram:ApiBaseUrl should be.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The bot's own user (from getMe and in the "from" of its messages); its id comes from the token.</summary>
    public User BotUser { get; }

    /// <summary>When true every request, getMe included, is answered 401 Unauthorized (a revoked or mistyped token).</summary>
    public bool RejectAllTokens { get => _rejectAllTokens; set => _rejectAllTokens = value; }

    /// <summary>The clock for message dates; tests with a fake TimeProvider can share it.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>The fail-safe for the Wait… methods when no timeout is given.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Starts the emulator on a free port of 127.0.0.1.</summary>
    public static async Task<TelegramEmulator> StartAsync(string token = DefaultToken, string botUsername = DefaultBotUsername)
    {
        var emulator = new TelegramEmulator(token, botUsername);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(emulator.HandleHttpAsync);
        await app.StartAsync();
        emulator._app = app;
        emulator.BaseUrl = app.Urls.Single().TrimEnd('/');
        return emulator;
    }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedCall> Calls
    {
        get { lock (_gate) return [.. _calls]; }
    }

    /// <summary>How many requests arrived so far: pass it as <c>after</c> to wait for a later call.</summary>
    public int CallCount
    {
        get { lock (_gate) return _calls.Count; }
    }

    /// <summary>Requests of one method, in order.</summary>
    public IReadOnlyList<RecordedCall> CallsOf(string method)
    {
        lock (_gate) return [.. _calls.Where(c => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="method"/> fail with this error
    /// (e.g. 429 or 500), to test retries.</summary>
    public void InjectError(string method, int code, string description, int times = 1)
    {
        lock (_gate)
        {
            if (!_injected.TryGetValue(method, out var queue)) _injected[method] = queue = new();
            for (var i = 0; i < times; i++) queue.Enqueue(new BotApiError(code, description));
        }
    }

    /// <summary>Waits for the first call of <paramref name="method"/> with index ≥ <paramref name="after"/>
    /// that satisfies <paramref name="match"/>; returns at once if it already happened.</summary>
    public async Task<RecordedCall> WaitForCallAsync(string method, Func<RecordedCall, bool>? match = null, int after = 0, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                for (var i = after; i < _calls.Count; i++)
                {
                    var c = _calls[i];
                    if (c.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && (match is null || match(c))) return c;
                }
                signal = _callSignal.Task;
            }
            var left = limit - TimeProvider.System.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || !await CompletesWithin(signal, left))
                throw Timeout($"The bot did not call {method}{(match is null ? "" : " (matching)")} within {limit.TotalSeconds:0.#} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
        _shutdown.Dispose();
    }

    /// <summary>A readable picture of the last calls and the update queue, for failure messages.</summary>
    public string Describe(int lastCalls = 15)
    {
        lock (_gate)
        {
            var calls = _calls.Skip(Math.Max(0, _calls.Count - lastCalls)).Select(c => "  " + c);
            var queue = _queue.Select(p => $"  update {p.UpdateId}{(p.Redelivery ? " (redelivery)" : "")}{(p.Delivered ? " delivered" : "")}");
            return $"Last {Math.Min(lastCalls, _calls.Count)} of {_calls.Count} calls:\n{string.Join('\n', calls)}\n"
                   + $"Unconfirmed updates: {(_queue.Count == 0 ? "none" : "\n" + string.Join('\n', queue))}";
        }
    }

    private TimeoutException Timeout(string what) => new($"{what}\n{Describe()}");

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True when <paramref name="task"/> completed within <paramref name="limit"/> (no exception either way).</summary>
    private static async Task<bool> CompletesWithin(Task task, TimeSpan limit)
    {
        await task.WaitAsync(limit).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return task.IsCompleted;
    }

    private async Task HandleHttpAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        var slash = path.LastIndexOf('/');
        if (!path.StartsWith("/bot", StringComparison.Ordinal) || slash <= 4)
        {
            await WriteAsync(ctx, null, new BotApiError(404, "Not Found"));
            return;
        }
        var token = path[4..slash];
        var method = path[(slash + 1)..];
        var body = await ReadParametersAsync(ctx.Request);
        var authorized = !RejectAllTokens && token == Token;

        RecordedCall call;
        BotApiError? injected = null;
        lock (_gate)
        {
            call = new RecordedCall(_calls.Count, method, body, authorized, Time.GetUtcNow());
            _calls.Add(call);
            _callSignal.TrySetResult();
            _callSignal = NewSignal();
            if (authorized && _injected.TryGetValue(method, out var queue) && queue.Count > 0) injected = queue.Dequeue();
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, _shutdown.Token);
        JsonNode? result = null;
        BotApiError? error = null;
        try
        {
            if (!authorized) throw new BotApiError(401, "Unauthorized");
            if (injected is not null) throw injected;
            result = await DispatchAsync(call, aborted.Token);
        }
        catch (BotApiError e)
        {
            error = e;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The bot gave up on the request (its host is stopping) or the emulator is shutting down:
            // drop the connection rather than answer something the client would misread.
            ctx.Abort();
            return;
        }
        await WriteAsync(ctx, result, error);
    }

    private async Task<JsonNode?> DispatchAsync(RecordedCall call, CancellationToken ct)
    {
        switch (call.Method.ToLowerInvariant())
        {
            case "getupdates": return await GetUpdatesAsync(call, ct);
            case "getme": return ToNode(BotUser);
            case "deletewebhook": return DeleteWebhook(call);
            case "setwebhook": return SetWebhook(call);
            case "getwebhookinfo": return GetWebhookInfo();
            case "setmycommands": return SetMyCommands(call);
            case "getmycommands": return GetMyCommands(call);
            case "sendmessage": return SendMessage(call);
            case "editmessagetext": return EditMessage(call, textChanges: true);
            case "editmessagereplymarkup": return EditMessage(call, textChanges: false);
            case "deletemessage": return DeleteMessage(call);
            case "answercallbackquery": return AnswerCallbackQuery(call);
            default: throw new BotApiError(404, "Not Found: method not found");
        }
    }

    private static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Json);

    private static async Task WriteAsync(HttpContext ctx, JsonNode? result, BotApiError? error)
    {
        var response = error is null
            ? new JsonObject { ["ok"] = true, ["result"] = result ?? JsonValue.Create(true) }
            : new JsonObject { ["ok"] = false, ["error_code"] = error.Code, ["description"] = error.Message };
        ctx.Response.StatusCode = error?.Code ?? 200;
        ctx.Response.ContentType = "application/json";
        try { await ctx.Response.WriteAsync(response.ToJsonString(), ctx.RequestAborted); }
        catch (OperationCanceledException) { /* the client is gone */ }
    }

    /// <summary>Merges the query string, form fields and a JSON body into one immutable JSON object.</summary>
    private static async Task<JsonElement> ReadParametersAsync(HttpRequest request)
    {
        var merged = new JsonObject();
        foreach (var (key, value) in request.Query) merged[key] = FieldValue(value.ToString());
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form) merged[key] = FieldValue(value.ToString());
        }
        else
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync();
            if (!string.IsNullOrWhiteSpace(text) && JsonNode.Parse(text) is JsonObject json)
                foreach (var (key, value) in json) merged[key] = value?.DeepClone();
        }
        return JsonSerializer.SerializeToElement(merged, Readable);
    }

    /// <summary>Form fields carry JSON-serialised objects and arrays (reply_markup, commands) as text.</summary>
    private static JsonNode? FieldValue(string text)
    {
        if (text.StartsWith('{') || text.StartsWith('['))
        {
            try { return JsonNode.Parse(text); }
            catch (JsonException) { /* a plain string after all */ }
        }
        return JsonValue.Create(text);
    }
}
