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
    private readonly HashSet<string> _undelivered = [];
    private long _eventCount;
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
    /// <see cref="ZaloUser.PrivateChatId"/>, otherwise a group, optionally as a reply to the message <paramref name="replyTo"/>.
    /// As on real Zalo, a group message reaches the bot only when the bot is in groups (<see cref="CanJoinGroups"/>) and the
    /// message mentions it ("@BotName …") or replies to one of its messages; any other group message stays in the chat only.
    /// Returns the message_id, which is also what the bot deduplicates on.</summary>
    public string SendText(ZaloUser from, string chatId, string text, string? replyTo = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var content = new JsonObject { ["text"] = text };
        if (replyTo is not null) content["reply_to_message"] = new JsonObject { ["message_id"] = replyTo };
        return Enqueue(from, chatId, "message.text.received", content, text, replyTo);
    }

    public string SendPrivateText(ZaloUser from, string text) => SendText(from, from.PrivateChatId, text);

    /// <summary>"@BotName text": how a group member addresses the bot so that it hears.</summary>
    public static string Mention(string text) => $"@{DefaultBotName} {text}";

    /// <summary>Whether the bot received the message (a group message that neither mentions nor replies to the bot is not delivered).</summary>
    public bool WasDelivered(string messageId)
    {
        lock (_gate) return _latest.ContainsKey(messageId);
    }

    /// <summary>A user sends a sticker (an event ChiBo does not read).</summary>
    public string SendSticker(ZaloUser from, string chatId) =>
        Enqueue(from, chatId, "message.sticker.received", new JsonObject { ["sticker"] = "sticker-1", ["url"] = "https://example.invalid/sticker.png" }, "[sticker]", null);

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
            if (_undelivered.Contains(messageId)) return; // the bot never hears it: nothing to wait for
            if (!_latest.TryGetValue(messageId, out var delivery)) throw new ArgumentException($"Event {messageId} was never sent.", nameof(messageId));
            processed = delivery.Processed.Task;
        }
        var limit = timeout ?? DefaultTimeout;
        if (!await CompletesWithin(processed, limit))
            throw Timeout($"Event {messageId} was not processed within {limit.TotalSeconds:0.#} s.");
        await SettleAsync(limit, $"Event {messageId}");
    }

    public async Task<string> SendTextAndWaitAsync(ZaloUser from, string chatId, string text, TimeSpan? timeout = null, string? replyTo = null)
    {
        var id = SendText(from, chatId, text, replyTo);
        await WaitUntilProcessedAsync(id, timeout);
        return id;
    }

    public Task<string> SendPrivateTextAndWaitAsync(ZaloUser from, string text, TimeSpan? timeout = null) =>
        SendTextAndWaitAsync(from, from.PrivateChatId, text, timeout);

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

    private string Enqueue(ZaloUser from, string chatId, string eventName, JsonObject content, string shown, string? replyTo)
    {
        lock (_gate)
        {
            var id = (_nextMessageId++).ToString(CultureInfo.InvariantCulture);
            var at = Time.GetUtcNow();
            var isPrivate = chatId == from.PrivateChatId;
            var delivered = isPrivate || CanJoinGroups && (shown.Contains('@' + DefaultBotName, StringComparison.Ordinal) || replyTo is not null && IsBotMessage(chatId, replyTo));
            ChatFor(chatId).Add(new ZaloChatMessage(chatId, id, shown, at, from, delivered));
            if (!delivered)
            {
                _undelivered.Add(id);
                return id;
            }
            Enqueue(new PendingEvent(id, EventJson(eventName, id, at, chatId, isPrivate, from.Id, from.DisplayName, content)));
            return id;
        }
    }

    /// <summary>One event as the platform words it. Every other event uses the older wording real clients still meet:
    /// the sender's "name" instead of "display_name", and the date in seconds instead of milliseconds.</summary>
    private string EventJson(string eventName, string id, DateTimeOffset at, string chatId, bool isPrivate, string fromId, string fromName, JsonObject content)
    {
        var older = _eventCount++ % 2 == 1;
        var from = new JsonObject { ["id"] = fromId, [older ? "name" : "display_name"] = fromName };
        var message = new JsonObject
        {
            ["message_id"] = id,
            ["date"] = older ? at.ToUnixTimeSeconds() : at.ToUnixTimeMilliseconds(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["chat_type"] = isPrivate ? "PRIVATE" : "GROUP" },
            ["from"] = from,
        };
        foreach (var (key, value) in content) message[key] = value?.DeepClone();
        return new JsonObject { ["event_name"] = eventName, ["message"] = message }.ToJsonString(Readable);
    }

    /// <summary>The bot's own message comes back as an event (as on real Zalo), with the bot's id and no is_bot flag. Call under the lock.</summary>
    private void Echo(ZaloChatMessage sent, bool isPrivate)
    {
        if (!EchoBotMessages) return;
        Enqueue(new PendingEvent(sent.MessageId, EventJson("message.text.received", sent.MessageId, sent.At, sent.ChatId, isPrivate, BotId, DefaultBotName, new JsonObject { ["text"] = sent.Text })));
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
                    if (EmptyPoll == ZaloEmptyPoll.EmptyResult) return new JsonObject();
                    if (EmptyPoll == ZaloEmptyPoll.TimeoutAtOnce || timeout - TimeProvider.System.GetElapsedTime(started) <= TimeSpan.Zero) throw new BotApiError(408, "Request timeout");
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
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed)) throw BotApiError.BadRequest("url is invalid");
        if (parsed.Scheme != "https" && !parsed.IsLoopback) throw BotApiError.BadRequest("url must be https"); // loopback: the tests' own listener
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
