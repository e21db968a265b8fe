using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>
/// What the Telegram and Zalo emulators share: Kestrel on 127.0.0.1 with a free port serving
/// POST {BaseUrl}/bot{Token}/{method}, the token check, every request recorded (<see cref="Calls"/>,
/// <see cref="WaitForCallAsync"/>), injected errors, and the {"ok": …} envelope both APIs answer with.
/// </summary>
public abstract class BotApiEmulator : IAsyncDisposable
{
    /// <summary>Keeps Vietnamese readable in recorded bodies, answers and failure messages.</summary>
    protected static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly CallLog _calls;
    private readonly Lock _injectedGate = new();
    private readonly Dictionary<string, Queue<BotApiError>> _injected = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _shutdown = new();
    private WebApplication? _app;
    private volatile bool _rejectAllTokens;

    protected BotApiEmulator(string token)
    {
        Token = token;
        _calls = new CallLog(() => Describe());
    }

    /// <summary>The bot token the emulator accepts; any other gets 401.</summary>
    public string Token { get; }

    /// <summary>"http://127.0.0.1:{port}", what the channel's ApiBaseUrl setting should be.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>When true every request, getMe included, is answered 401 Unauthorized (a revoked or mistyped token).</summary>
    public bool RejectAllTokens { get => _rejectAllTokens; set => _rejectAllTokens = value; }

    /// <summary>The clock for message dates; tests with a fake TimeProvider can share it.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>The fail-safe for the Wait… methods when no timeout is given.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>What "processed" also waits for once the bot fetched past an update: the bot under test sets it to its outbox
    /// having sent what it can (the bot sends while it polls on, so the next getUpdates alone no longer means "answered").</summary>
    public Func<Task>? Settle { get; set; }

    /// <summary>Waits for <see cref="Settle"/>, failing with the recent calls after <paramref name="limit"/>.</summary>
    protected async Task SettleAsync(TimeSpan limit, string what)
    {
        if (Settle is not { } settle) return;
        if (!await CompletesWithin(settle(), limit)) throw Timeout($"{what}: the bot did not finish sending within {limit.TotalSeconds:0.#} s.");
    }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedCall> Calls => _calls.Calls;

    /// <summary>How many requests arrived so far: pass it as <c>after</c> to wait for a later call.</summary>
    public int CallCount => _calls.Count;

    /// <summary>Requests of one method, in order.</summary>
    public IReadOnlyList<RecordedCall> CallsOf(string method) => _calls.Of(method);

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="method"/> fail with this error
    /// (e.g. 429 or 500), to test retries; <paramref name="parameters"/> are the error's (retry_after).</summary>
    public void InjectError(string method, int code, string description, int times = 1, System.Text.Json.Nodes.JsonObject? parameters = null)
    {
        lock (_injectedGate)
        {
            if (!_injected.TryGetValue(method, out var queue)) _injected[method] = queue = new();
            for (var i = 0; i < times; i++) queue.Enqueue(new BotApiError(code, description, parameters));
        }
    }

    /// <summary>Waits for the first call of <paramref name="method"/> with index ≥ <paramref name="after"/>
    /// that satisfies <paramref name="match"/>; returns at once if it already happened.</summary>
    public Task<RecordedCall> WaitForCallAsync(string method, Func<RecordedCall, bool>? match = null, int after = 0, TimeSpan? timeout = null) =>
        _calls.WaitForAsync(method, match, after, timeout ?? DefaultTimeout);

    /// <summary>Waits until the emulator has applied <paramref name="call"/> (a sent message is stored, a toast recorded):
    /// <see cref="WaitForCallAsync"/> returns as soon as a call arrives.</summary>
    public Task WaitUntilAnsweredAsync(RecordedCall call, TimeSpan? timeout = null) => _calls.WaitUntilAnsweredAsync(call, timeout ?? DefaultTimeout);

    /// <summary>A readable picture of the last calls and the pending updates, for failure messages.</summary>
    public string Describe(int lastCalls = 15) => $"{_calls.Describe(lastCalls)}\n{DescribeQueue()}";

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

    /// <summary>The updates not yet processed, for <see cref="Describe"/>.</summary>
    protected abstract string DescribeQueue();

    /// <summary>Answers one authorized call; throws <see cref="BotApiError"/> for an error answer.</summary>
    protected abstract Task<JsonNode?> DispatchAsync(RecordedCall call, CancellationToken ct);

    /// <summary>Starts Kestrel on a free port of 127.0.0.1.</summary>
    protected async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(HandleHttpAsync);
        await app.StartAsync();
        _app = app;
        BaseUrl = app.Urls.Single().TrimEnd('/');
    }

    protected static TaskCompletionSource NewSignal() => CallLog.NewSignal();

    /// <summary>True when <paramref name="task"/> completed within <paramref name="limit"/> (no exception either way).</summary>
    protected static Task<bool> CompletesWithin(Task task, TimeSpan limit) => CallLog.CompletesWithin(task, limit);

    protected TimeoutException Timeout(string what) => new($"{what}\n{Describe()}");

    private async Task HandleHttpAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        var slash = path.LastIndexOf('/');
        if (!path.StartsWith("/bot", StringComparison.Ordinal) || slash <= 4)
        {
            await WriteAsync(ctx, null, new BotApiError(404, "Not Found"));
            return;
        }
        var method = path[(slash + 1)..];
        JsonElement body;
        try
        {
            body = await ReadParametersAsync(ctx.Request);
        }
        catch (JsonException)
        {
            await WriteAsync(ctx, null, BotApiError.BadRequest("the body is not JSON"));
            return;
        }
        var authorized = !RejectAllTokens && path[4..slash] == Token;
        var call = _calls.Add(index => new RecordedCall(index, method, body, authorized, Time.GetUtcNow()));
        BotApiError? injected = null;
        lock (_injectedGate)
            if (authorized && _injected.TryGetValue(method, out var queue) && queue.Count > 0) injected = queue.Dequeue();

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
        catch (RawResult raw)
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync($"{{\"ok\":true,\"result\":{raw.Json}}}", ctx.RequestAborted);
            return;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The bot gave up on the request (its host is stopping) or the emulator is shutting down:
            // drop the connection rather than answer something the client would misread.
            ctx.Abort();
            return;
        }
        finally
        {
            _calls.Answered(call);
        }
        await WriteAsync(ctx, result, error);
    }

    private static async Task WriteAsync(HttpContext ctx, JsonNode? result, BotApiError? error)
    {
        var response = error is null
            ? new JsonObject { ["ok"] = true, ["result"] = result ?? JsonValue.Create(true) }
            : new JsonObject { ["ok"] = false, ["error_code"] = error.Code, ["description"] = error.Message };
        if (error?.Parameters is { } parameters) response["parameters"] = parameters.DeepClone();
        ctx.Response.StatusCode = error?.Code ?? 200;
        ctx.Response.ContentType = "application/json";
        try { await ctx.Response.WriteAsync(response.ToJsonString(Readable), ctx.RequestAborted); }
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
            // An uploaded file (sendDocument, sendPhoto): its name and bytes, so a test can open what the bot sent.
            foreach (var file in form.Files)
            {
                using var bytes = new MemoryStream();
                await file.CopyToAsync(bytes);
                merged[file.Name] = new JsonObject { ["file_name"] = file.FileName, ["base64"] = Convert.ToBase64String(bytes.ToArray()) };
            }
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
