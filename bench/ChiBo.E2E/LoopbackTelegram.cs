using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChiBo.Bot.E2E;

/// <summary>
/// A minimal Telegram Bot API on 127.0.0.1 (free port) for load runs, as ../shared/bench/chibo-emu.mjs: users send
/// their steps one by one, each after the bot answered the previous one (the first sendMessage or editMessageText to
/// that chat after the bot fetched the update), optionally after a think time. Optional round-trip delay on every call
/// and Telegram's limits (429). Every accepted send is logged (<see cref="SendLog"/>) for rates and windows.
/// </summary>
public sealed partial class LoopbackTelegram : IAsyncDisposable
{
    /// <summary>A made-up token for this run only (the emulator accepts any): never a real one, never kept in the repository.</summary>
    public static readonly string Token = "777000111:bench-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    private static readonly JsonObject BotUser = new() { ["id"] = 777000111, ["is_bot"] = true, ["first_name"] = "Bench", ["username"] = "bench_bot", ["can_join_groups"] = true };

    private readonly WebApplication _app;
    private readonly int _rttMs;
    private readonly bool _limits;
    private readonly Lock _gate = new();
    private readonly List<(int Id, long Chat, JsonObject Update)> _queue = [];
    private readonly Dictionary<long, Pending> _pending = [];
    private readonly Queue<DateTime> _sentAt = new();
    private readonly Dictionary<long, Queue<DateTime>> _groupSentAt = [];
    private readonly List<Sent> _sendLog = [];
    private readonly List<(Func<long, bool> Which, int Count, TaskCompletionSource Done)> _sendWaiters = [];
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, int>> _calls = new();
    private readonly TaskCompletionSource _firstPoll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly HttpClient WebhookClient = new();
    private (string Url, string Secret)? _webhook;
    private int _webhookFailures;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextUpdate = 1, _nextMessage = 1, _sends, _groupPosts, _warnings, _tooMany;
    private long _firstPollAt;
    private string _phase = "boot";

    private sealed record Pending(int UpdateId, long StartedAt, TaskCompletionSource Answered) { public bool Delivered { get; set; } }

    private LoopbackTelegram(WebApplication app, int rttMs, bool limits) { _app = app; _rttMs = rttMs; _limits = limits; }

    public string BaseUrl { get; private set; } = "";
    /// <summary>Completes at the bot's first getUpdates, or at its setWebhook (then each update is posted to the webhook).</summary>
    public Task FirstPoll => _firstPoll.Task;
    /// <summary>Webhook posts the bot did not answer with 2xx.</summary>
    public int WebhookFailures => Volatile.Read(ref _webhookFailures);
    /// <summary>When the first getUpdates (or the setWebhook) arrived (a Stopwatch timestamp; 0 before).</summary>
    public long FirstPollAt => Interlocked.Read(ref _firstPollAt);
    public ConcurrentBag<Latency> Latencies { get; } = [];
    public ConcurrentBag<string> UnknownMethods { get; } = [];
    public int GroupPosts => Volatile.Read(ref _groupPosts);
    public int Warnings => Volatile.Read(ref _warnings);
    public int TooManyRequests => Volatile.Read(ref _tooMany);

    /// <summary>API calls per method in <paramref name="phase"/>, by name.</summary>
    public JsonObject CallsJson(string phase)
    {
        var calls = new JsonObject();
        if (_calls.TryGetValue(phase, out var c))
            foreach (var (method, count) in c.OrderBy(m => m.Key, StringComparer.Ordinal)) calls[method] = count;
        return calls;
    }

    public JsonArray UnknownMethodsJson() => [.. UnknownMethods.Select(m => (JsonNode?)m)];

    public static async Task<LoopbackTelegram> StartAsync(int rttMs, bool limits)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var emulator = new LoopbackTelegram(app, rttMs, limits);
        app.Map("/bot{token}/{method}", emulator.HandleAsync);
        await app.StartAsync();
        emulator.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return emulator;
    }

    /// <summary>Every user runs its steps in order, each once the bot answered the previous one; latencies are kept in
    /// the "review" phase. With <paramref name="thinkMs"/> > 0 a user pauses 0.5–1.5 × thinkMs before each next step, and
    /// the first steps are spread over 0–1.5 × thinkMs (no opening burst), as chibo-emu.mjs: an offered load of about
    /// users × 1000 / thinkMs steps/s. Throws TimeoutException when an answer takes longer than <paramref name="stall"/>.</summary>
    public async Task RunPhaseAsync(string phase, Step[][] perUser, TimeSpan stall, CancellationToken ct, int thinkMs = 0)
    {
        _phase = phase;
        await Task.WhenAll(perUser.Select(async steps =>
        {
            for (var i = 0; i < steps.Length; i++)
            {
                var step = steps[i];
                if (thinkMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(thinkMs * (i > 0 ? 0.5 + Random.Shared.NextDouble() : 1.5 * Random.Shared.NextDouble())), ct);
                var (pending, update) = Enqueue(step);
                if (_webhook is { } webhook) await PostAsync(webhook, update, ct);
                try { await pending.Answered.Task.WaitAsync(stall, ct); }
                catch (TimeoutException) { throw new TimeoutException($"no answer in {stall.TotalSeconds:0} s to \"{step.Text}\" in chat {step.Chat} ({phase})"); }
                if (phase == "review") Latencies.Add(new(pending.StartedAt, System.Diagnostics.Stopwatch.GetElapsedTime(pending.StartedAt).TotalMilliseconds));
            }
        }));
    }

    /// <summary>Returns once the bot sent nothing for <paramref name="quiet"/>.</summary>
    public async Task QuietAsync(TimeSpan quiet, CancellationToken ct)
    {
        int before;
        do
        {
            before = Volatile.Read(ref _sends);
            await Task.Delay(quiet, ct);
        }
        while (Volatile.Read(ref _sends) != before);
    }

    /// <summary>Posts the update to the bot's webhook as Telegram does (the update then counts as delivered).</summary>
    private async Task PostAsync((string Url, string Secret) webhook, JsonObject update, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new StringContent(update.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", webhook.Secret);
        using var response = await WebhookClient.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) Interlocked.Increment(ref _webhookFailures);
    }

    private (Pending, JsonObject) Enqueue(Step step)
    {
        lock (_gate)
        {
            var id = _nextUpdate++;
            var message = new JsonObject
            {
                ["message_id"] = _nextMessage++, ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["text"] = step.Text,
                ["chat"] = ChatOf(step.Chat),
                ["from"] = new JsonObject { ["id"] = step.From, ["is_bot"] = false, ["first_name"] = "U" + step.From, ["language_code"] = "vi" },
            };
            if (step.Text.StartsWith('/'))
                message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = step.Text.Split(' ', '\n')[0].Length });
            var update = new JsonObject { ["update_id"] = id, ["message"] = message };
            var pending = new Pending(id, System.Diagnostics.Stopwatch.GetTimestamp(), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _pending[step.Chat] = pending;
            if (_webhook is not null) pending.Delivered = true; // posted right after this
            else _queue.Add((id, step.Chat, update));
            _arrived.TrySetResult();
            return (pending, update);
        }
    }

    private async Task HandleAsync(HttpContext http, string method)
    {
        method = method.ToLowerInvariant();
        _calls.GetOrAdd(_phase, _ => new()).AddOrUpdate(method, 1, (_, n) => n + 1);
        var p = await ReadParametersAsync(http.Request);
        if (_rttMs > 0) await Task.Delay(_rttMs);
        var (status, body) = method switch
        {
            "getupdates" => await GetUpdatesAsync(p),
            "getme" => Ok(BotUser.DeepClone()),
            "setwebhook" => SetWebhook(p),
            "deletewebhook" or "setmycommands" or "answercallbackquery" or "deletemessage" or "sendchataction" => Ok(true),
            "sendmessage" or "senddocument" or "sendphoto" => Send(p, method, edit: false),
            "editmessagetext" or "editmessagereplymarkup" => Send(p, method, edit: true),
            _ => Unknown(method),
        };
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var o = new JsonObject();
            foreach (var (key, value) in form) o[key] = value.ToString();
            return o;
        }
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        return text.Length > 0 && JsonNode.Parse(text) is JsonObject json ? json : new JsonObject();
    }

    private async Task<(int, JsonObject)> GetUpdatesAsync(JsonObject p)
    {
        BotReady();
        var offset = Int(p["offset"]);
        var limit = p["limit"] is null ? 100 : Int(p["limit"]);
        var timeout = Math.Min(Int(p["timeout"]), 2);
        var until = DateTime.UtcNow.AddSeconds(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                _queue.RemoveAll(u => u.Id < offset);
                if (_queue.Count > 0 || DateTime.UtcNow >= until)
                {
                    var batch = _queue.Take(limit).ToList();
                    foreach (var (id, chat, _) in batch)
                        if (_pending.TryGetValue(chat, out var w) && w.UpdateId == id) w.Delivered = true;
                    return Ok(new JsonArray([.. batch.Select(u => (JsonNode?)u.Update.DeepClone())]));
                }
                if (_arrived.Task.IsCompleted) _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                arrived = _arrived.Task;
            }
            var left = until - DateTime.UtcNow;
            if (left > TimeSpan.Zero) await Task.WhenAny(arrived, Task.Delay(left));
        }
    }

    private (int, JsonObject) SetWebhook(JsonObject p)
    {
        lock (_gate) _webhook = (p["url"]!.ToString(), p["secret_token"]!.ToString());
        BotReady();
        return Ok(true);
    }

    private void BotReady()
    {
        Interlocked.CompareExchange(ref _firstPollAt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        _firstPoll.TrySetResult();
    }

    private (int, JsonObject) Unknown(string method)
    {
        if (!UnknownMethods.Contains(method)) UnknownMethods.Add(method);
        return Ok(true);
    }

    private static (int, JsonObject) Ok(JsonNode? result) => (200, new JsonObject { ["ok"] = true, ["result"] = result });
    private static JsonObject ChatOf(long id) => id < 0
        ? new JsonObject { ["id"] = id, ["type"] = "group", ["title"] = "Chi bộ " + -id }
        : new JsonObject { ["id"] = id, ["type"] = "private", ["first_name"] = "U" + id };
    private static long Long(JsonNode? n) => n is null ? 0 : long.Parse(n.ToString(), System.Globalization.CultureInfo.InvariantCulture);
    private static int Int(JsonNode? n) => (int)Long(n);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
