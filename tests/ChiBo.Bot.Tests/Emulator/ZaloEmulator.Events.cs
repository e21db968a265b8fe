using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>What the test's users do, and how their events reach the bot: getUpdates (one event per call,
/// handed out once, no offset) or, after setWebhook, <see cref="PushToWebhookAsync(string)"/>.</summary>
public sealed partial class ZaloEmulator
{
    private readonly List<PendingEvent> _queue = [];
    private readonly Dictionary<string, PendingEvent> _latest = [];
    private TaskCompletionSource _eventSignal = NewSignal();
    private CancellationTokenSource? _activePoll;
    private long _nextMessageId = 7_000_000_001;
    private string? _webhookUrl;
    private string? _webhookSecret;

    /// <summary>One delivery of an event. Zalo has no update ids: a redelivery carries the same message_id.</summary>
    private sealed class PendingEvent(string messageId, string json)
    {
        public string MessageId { get; } = messageId;
        public string Json { get; } = json;
        public bool Delivered { get; set; }
        public TaskCompletionSource Processed { get; } = NewSignal();
    }

    /// <summary>The URL and secret of the last setWebhook (null after deleteWebhook).</summary>
    public (string? Url, string? Secret) Webhook
    {
        get { lock (_gate) return (_webhookUrl, _webhookSecret); }
    }

    /// <summary>A user types <paramref name="text"/> in a chat: their private chat when <paramref name="chatId"/> is their
    /// own id, otherwise a group. Returns the message_id, which is also what the bot deduplicates on.</summary>
    public string SendText(ZaloUser from, string chatId, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return Enqueue(from, chatId, "message.text.received", new JsonObject { ["text"] = text }, text);
    }

    public string SendPrivateText(ZaloUser from, string text) => SendText(from, from.Id, text);

    /// <summary>A user sends a sticker (an event ChiBo does not read).</summary>
    public string SendSticker(ZaloUser from, string chatId) =>
        Enqueue(from, chatId, "message.sticker.received", new JsonObject { ["sticker"] = "sticker-1", ["url"] = "https://example.invalid/sticker.png" }, "[sticker]");

    /// <summary>Delivers the exact same event (same message_id) once more, as Zalo sometimes does.</summary>
    public string Redeliver(string messageId)
    {
        lock (_gate)
        {
            if (!_latest.TryGetValue(messageId, out var earlier)) throw new ArgumentException($"Event {messageId} was never sent.", nameof(messageId));
            Enqueue(new PendingEvent(messageId, earlier.Json));
            return messageId;
        }
    }

    /// <summary>Completes once the bot, after receiving the event's latest delivery from getUpdates, called getUpdates again
    /// (its loop applies an event and sends the replies first), or once a webhook push of it was answered 2xx.</summary>
    public async Task WaitUntilProcessedAsync(string messageId, TimeSpan? timeout = null)
    {
        Task processed;
        lock (_gate)
        {
            if (!_latest.TryGetValue(messageId, out var delivery)) throw new ArgumentException($"Event {messageId} was never sent.", nameof(messageId));
            processed = delivery.Processed.Task;
        }
        var limit = timeout ?? DefaultTimeout;
        if (!await CompletesWithin(processed, limit))
            throw Timeout($"Event {messageId} was not processed within {limit.TotalSeconds:0.#} s.");
    }

    public async Task<string> SendTextAndWaitAsync(ZaloUser from, string chatId, string text, TimeSpan? timeout = null)
    {
        var id = SendText(from, chatId, text);
        await WaitUntilProcessedAsync(id, timeout);
        return id;
    }

    public Task<string> SendPrivateTextAndWaitAsync(ZaloUser from, string text, TimeSpan? timeout = null) =>
        SendTextAndWaitAsync(from, from.Id, text, timeout);

    /// <summary>Posts the event's latest delivery to the webhook with the secret the bot registered; on 2xx it counts as processed.</summary>
    public Task<HttpStatusCode> PushToWebhookAsync(string messageId) => PushToWebhookAsync(messageId, Webhook.Secret);

    /// <summary>Posts the event to the webhook with <paramref name="secret"/> in the secret header (none when null).</summary>
    public async Task<HttpStatusCode> PushToWebhookAsync(string messageId, string? secret)
    {
        PendingEvent pending;
        string url;
        lock (_gate)
        {
            url = _webhookUrl ?? throw new InvalidOperationException("The bot has not set a webhook.");
            pending = _latest.TryGetValue(messageId, out var p) ? p : throw new ArgumentException($"Event {messageId} was never sent.", nameof(messageId));
        }
        var status = await WebhookDelivery.PostAsync(url, pending.Json, SecretHeader, secret);
        if ((int)status is >= 200 and < 300)
            lock (_gate) Drop(pending);
        return status;
    }

    private string Enqueue(ZaloUser from, string chatId, string eventName, JsonObject content, string shown)
    {
        lock (_gate)
        {
            var id = (_nextMessageId++).ToString(CultureInfo.InvariantCulture);
            var at = Time.GetUtcNow();
            ChatFor(chatId).Add(new ZaloChatMessage(chatId, id, shown, at, from));
            var message = new JsonObject
            {
                ["message_id"] = id,
                ["date"] = at.ToUnixTimeMilliseconds(),
                ["chat"] = new JsonObject { ["id"] = chatId, ["chat_type"] = chatId == from.Id ? "PRIVATE" : "GROUP" },
                ["from"] = new JsonObject { ["id"] = from.Id, ["display_name"] = from.DisplayName, ["is_bot"] = false },
            };
            foreach (var (key, value) in content) message[key] = value?.DeepClone();
            Enqueue(new PendingEvent(id, new JsonObject { ["event_name"] = eventName, ["message"] = message }.ToJsonString(Readable)));
            return id;
        }
    }

    /// <summary>Call under the lock.</summary>
    private void Enqueue(PendingEvent pending)
    {
        _queue.Add(pending);
        _latest[pending.MessageId] = pending;
        _eventSignal.TrySetResult();
        _eventSignal = NewSignal();
    }

    /// <summary>Call under the lock.</summary>
    private void Drop(PendingEvent p)
    {
        _queue.Remove(p);
        p.Processed.TrySetResult();
    }

    private async Task<JsonNode?> GetUpdatesAsync(RecordedCall call, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(0, call.Long("timeout") ?? 0));
        var started = TimeProvider.System.GetTimestamp();
        using var mine = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lock (_gate)
        {
            if (_webhookUrl is not null) throw new BotApiError(409, "Conflict: getUpdates does not work while a webhook is set; call deleteWebhook first");
            // The bot asks again: it is done with what it was handed before.
            foreach (var p in _queue.Where(p => p.Delivered).ToList()) Drop(p);
            _activePoll?.Cancel(); // a newer poll ends an older one (a restarted bot)
            _activePoll = mine;
        }
        try
        {
            while (true)
            {
                Task signal;
                lock (_gate)
                {
                    if (_queue.FirstOrDefault(p => !p.Delivered) is { } next)
                    {
                        next.Delivered = true;
                        return JsonNode.Parse(next.Json);
                    }
                    if (timeout - TimeProvider.System.GetElapsedTime(started) <= TimeSpan.Zero) throw new BotApiError(408, "Request timeout");
                    signal = _eventSignal.Task;
                }
                var remaining = timeout - TimeProvider.System.GetElapsedTime(started);
                if (remaining > TimeSpan.Zero) await signal.WaitAsync(remaining, mine.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (mine.IsCancellationRequested && !ct.IsCancellationRequested) throw new BotApiError(409, "Conflict: terminated by a newer getUpdates request");
                ct.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            lock (_gate)
                if (_activePoll == mine) _activePoll = null;
        }
    }

    private JsonNode? SetWebhook(RecordedCall call)
    {
        var url = call.Str("url");
        var secret = call.Str("secret_token");
        if (!Uri.TryCreate(url, UriKind.Absolute, out _)) throw BotApiError.BadRequest("url is invalid");
        if (secret is not { Length: >= 8 and <= 256 }) throw BotApiError.BadRequest("secret_token must be 8 to 256 characters");
        lock (_gate) (_webhookUrl, _webhookSecret) = (url, secret);
        return new JsonObject { ["url"] = url, ["updated_at"] = Time.GetUtcNow().ToUnixTimeMilliseconds() };
    }

    private JsonNode? DeleteWebhook()
    {
        lock (_gate) _webhookUrl = _webhookSecret = null;
        return new JsonObject { ["url"] = "", ["updated_at"] = Time.GetUtcNow().ToUnixTimeMilliseconds() };
    }

    private JsonNode? GetWebhookInfo()
    {
        lock (_gate) return new JsonObject { ["url"] = _webhookUrl ?? "", ["updated_at"] = Time.GetUtcNow().ToUnixTimeMilliseconds() };
    }
}
