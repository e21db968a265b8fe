using System.Text.Json;
using System.Text.Json.Nodes;
using Telegram.Bot.Types;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>The update queue and getUpdates long polling, with Telegram's confirmation rule: an update is
/// dropped for good once getUpdates is called with an offset greater than its id.</summary>
public sealed partial class TelegramEmulator
{
    private readonly List<PendingUpdate> _queue = [];
    private readonly Dictionary<int, PendingUpdate> _latestDelivery = [];
    private TaskCompletionSource _updateSignal = NewSignal();
    private CancellationTokenSource? _activePoll;
    private int _nextUpdateId = 1;
    private string? _webhookUrl;
    private string? _webhookSecret;

    /// <summary>One delivery of an update. A redelivery (<see cref="Redeliver"/>) is handed out once even though
    /// its id is below the bot's offset, and counts as processed at the next getUpdates after that.</summary>
    private sealed class PendingUpdate(int updateId, string json, bool redelivery)
    {
        public int UpdateId { get; } = updateId;
        public string Json { get; } = json;
        public bool Redelivery { get; } = redelivery;
        public bool Delivered { get; set; }
        public TaskCompletionSource Processed { get; } = NewSignal();
    }

    /// <summary>The URL and secret of the last setWebhook (null after deleteWebhook).</summary>
    public (string? Url, string? SecretToken) Webhook
    {
        get { lock (_gate) return (_webhookUrl, _webhookSecret); }
    }

    /// <summary>Updates given to the bot but not yet confirmed, plus those not yet fetched.</summary>
    public int PendingUpdateCount
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>Enqueues raw update JSON (Bot API field names); an update_id is assigned when missing. Returns the id.</summary>
    public int EnqueueRaw(string updateJson)
    {
        var node = JsonNode.Parse(updateJson) as JsonObject ?? throw new ArgumentException("An update must be a JSON object.", nameof(updateJson));
        lock (_gate)
        {
            int id;
            if (node["update_id"] is { } given) _nextUpdateId = Math.Max(_nextUpdateId, (id = given.GetValue<int>()) + 1);
            else node["update_id"] = id = _nextUpdateId++;
            Enqueue(new PendingUpdate(id, node.ToJsonString(), redelivery: false));
            return id;
        }
    }

    /// <summary>Delivers the exact same update (same update_id) once more, as Telegram does after a crash
    /// before the offset moved on. Returns the id, for <see cref="WaitUntilProcessedAsync"/>.</summary>
    public int Redeliver(int updateId)
    {
        lock (_gate)
        {
            if (!_latestDelivery.TryGetValue(updateId, out var earlier)) throw new ArgumentException($"Update {updateId} was never enqueued.", nameof(updateId));
            Enqueue(new PendingUpdate(updateId, earlier.Json, redelivery: true));
            return updateId;
        }
    }

    /// <summary>Completes when the bot has called getUpdates with an offset above <paramref name="updateId"/> after
    /// receiving it (for a redelivered update: its latest delivery). The bot's loop only does that once the update
    /// was handled and saved; then it waits for <see cref="BotApiEmulator.Settle"/> (its messages sent). Throws a <see cref="TimeoutException"/> listing the last calls otherwise.</summary>
    public async Task WaitUntilProcessedAsync(int updateId, TimeSpan? timeout = null)
    {
        Task processed;
        lock (_gate)
        {
            if (!_latestDelivery.TryGetValue(updateId, out var delivery)) throw new ArgumentException($"Update {updateId} was never enqueued.", nameof(updateId));
            processed = delivery.Processed.Task;
        }
        var limit = timeout ?? DefaultTimeout;
        if (!await CompletesWithin(processed, limit))
            throw Timeout($"Update {updateId} was not processed within {limit.TotalSeconds:0.#} s: the bot did not call getUpdates with offset > {updateId}.");
        await SettleAsync(limit, $"Update {updateId}");
    }

    /// <summary>Waits until every update enqueued so far was processed.</summary>
    public async Task WaitUntilIdleAsync(TimeSpan? timeout = null)
    {
        int[] ids;
        lock (_gate) ids = [.. _queue.Select(p => p.UpdateId).Distinct()];
        foreach (var id in ids) await WaitUntilProcessedAsync(id, timeout);
    }

    private int EnqueueUpdate(Update update)
    {
        update.Id = _nextUpdateId++;
        Enqueue(new PendingUpdate(update.Id, JsonSerializer.Serialize(update, Json), redelivery: false));
        return update.Id;
    }

    /// <summary>Call under the lock.</summary>
    private void Enqueue(PendingUpdate pending)
    {
        _queue.Add(pending);
        _latestDelivery[pending.UpdateId] = pending;
        _updateSignal.TrySetResult();
        _updateSignal = NewSignal();
    }

    /// <summary>Drops confirmed updates (call under the lock). A redelivery is only confirmed after it was handed out.</summary>
    private void Confirm(long offset)
    {
        if (offset < 0)
        {
            var fresh = _queue.Where(p => !p.Redelivery).ToList();
            foreach (var p in fresh.Take(Math.Max(0, fresh.Count + (int)offset))) Drop(p);
            return;
        }
        if (offset == 0) return;
        foreach (var p in _queue.Where(p => p.UpdateId < offset && (!p.Redelivery || p.Delivered)).ToList()) Drop(p);
    }

    private void Drop(PendingUpdate p)
    {
        _queue.Remove(p);
        p.Processed.TrySetResult();
    }

    private async Task<JsonNode?> GetUpdatesAsync(RecordedCall call, CancellationToken ct)
    {
        var offset = call.Long("offset") ?? 0;
        var limit = (int)Math.Clamp(call.Long("limit") ?? 100, 1, 100);
        var timeout = TimeSpan.FromSeconds(Math.Max(0, call.Long("timeout") ?? 0));
        var started = TimeProvider.System.GetTimestamp();

        using var mine = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lock (_gate)
        {
            if (_webhookUrl is not null)
                throw new BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            Confirm(offset);
            // Telegram ends an older long poll when a newer one arrives (two bot instances).
            _activePoll?.Cancel();
            _activePoll = mine;
        }

        try
        {
            while (true)
            {
                Task signal;
                lock (_gate)
                {
                    var batch = _queue.Where(p => p.Redelivery ? !p.Delivered : offset <= 0 || p.UpdateId >= offset).Take(limit).ToList();
                    var left = timeout - TimeProvider.System.GetElapsedTime(started);
                    if (batch.Count > 0 || left <= TimeSpan.Zero)
                    {
                        foreach (var p in batch) p.Delivered = true;
                        ThrowIfRaw(batch);
                        return new JsonArray(batch.Select(p => JsonNode.Parse(p.Json)).ToArray());
                    }
                    signal = _updateSignal.Task;
                }
                var remaining = timeout - TimeProvider.System.GetElapsedTime(started);
                if (remaining > TimeSpan.Zero)
                    await signal.WaitAsync(remaining, mine.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (mine.IsCancellationRequested && !ct.IsCancellationRequested)
                    throw new BotApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
                ct.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            lock (_gate)
                if (_activePoll == mine) _activePoll = null;
        }
    }

    private JsonNode? DeleteWebhook(RecordedCall call)
    {
        lock (_gate)
        {
            _webhookUrl = _webhookSecret = null;
            if (call.Param("drop_pending_updates") is { } drop && JsonArgs.AsBool(drop))
                foreach (var p in _queue.ToList()) Drop(p);
        }
        return true;
    }

    private JsonNode? SetWebhook(RecordedCall call)
    {
        var url = call.Str("url");
        lock (_gate)
        {
            _webhookUrl = string.IsNullOrEmpty(url) ? null : url;
            _webhookSecret = call.Str("secret_token");
        }
        return true;
    }

    private JsonNode? GetWebhookInfo()
    {
        lock (_gate)
            return new JsonObject { ["url"] = _webhookUrl ?? "", ["has_custom_certificate"] = false, ["pending_update_count"] = _queue.Count };
    }
}
