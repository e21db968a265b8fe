using ChiBo.Bot.Storage;
using LiteDB;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Channels;

/// <summary>Sends one outgoing message the way its channel can.</summary>
public interface IChannelSender
{
    Task SendAsync(OutgoingMessage message, CancellationToken ct);
}

/// <summary>A channel refused a message for good (a user who never opened the private chat): it is dropped, not retried.
/// Senders translate their platform's error into this, so the outbox knows no platform.</summary>
public sealed class MessageRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A channel asked to wait before sending more (Telegram's 429 with retry_after): the chat pauses, or the whole
/// channel when <see cref="WholeChannel"/>; nothing is lost.</summary>
public sealed class MessageDeferredException(TimeSpan retryAfter, string message, Exception? inner = null, bool wholeChannel = false) : Exception(message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
    public bool WholeChannel { get; } = wholeChannel;
}

/// <summary>ChiBo:Outbox: how many sends may be in flight at once, and how long one call may take.</summary>
public sealed class OutboxOptions
{
    public int Concurrency { get; set; } = 64;
    public double CallTimeoutSeconds { get; set; } = 20;
}

/// <summary>
/// Messages are saved in the outbox in the same transaction as the change that produced them, mirrored in memory once
/// that transaction committed, and sent by one dispatcher (this hosted service) while the channels go on reading updates.
/// Each chat is a lane: its messages go one at a time and in order; different chats go in parallel, up to
/// <see cref="OutboxOptions.Concurrency"/> calls, each cut off after <see cref="OutboxOptions.CallTimeoutSeconds"/>.
/// A channel's <see cref="SendLimits"/> are kept before the messenger enforces them; when they allow only some, answers
/// to the person typing go before posts, posts before reminders (<see cref="SendPriority"/>). Successive in-place edits of
/// one message still waiting go out as the last one. A message is marked sent as soon as its call returned: the marks of
/// all calls that returned meanwhile are one small commit. What a channel refuses for good is dropped and logged; a 429
/// pauses its chat (or the channel) from when it arrived; any other failure holds back only that chat, retried with
/// backoff; a message whose earlier attempt may have reached the messenger is logged when it goes again (a possible
/// duplicate). Messages for a channel that has not run for <see cref="Expiry"/> (switched off) are dropped with a warning.
/// </summary>
public sealed partial class Outbox : BackgroundService
{
    public static readonly TimeSpan Expiry = TimeSpan.FromDays(7);

    private readonly Database _db;
    private readonly TimeProvider _time;
    private readonly ILogger<Outbox> _log;
    private readonly OutboxOptions _options;
    private readonly WizardMessages? _wizards;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lane> _lanes = [];
    private readonly Dictionary<string, Channel> _channels = [];
    private readonly List<OutboxItem> _finished = []; // sent, refused or dropped: deleted by the next SaveMarks
    private readonly List<OutboxItem> _attempted = [];
    private long _sequence;
    private int _inFlight;
    private bool _changed = true;
    private bool _idle;
    private TaskCompletionSource _idleSignal = NewSignal();
    private TaskCompletionSource _wake = NewSignal();

    public Outbox(Database db, TimeProvider time, ILogger<Outbox> log, IOptions<ChiBoOptions>? options = null, WizardMessages? wizards = null)
    {
        (_db, _time, _log, _wizards) = (db, time, log, wizards);
        _options = options?.Value.Outbox ?? new OutboxOptions();
        foreach (var item in db.Outbox.FindAll().OrderBy(i => i.Id))
        {
            Add(item);
            if (item.Attempted)
                log.LogWarning("A message to {Channel} chat {Chat} ({Placement}) was being sent when ChiBo stopped: it goes again and may appear twice",
                    item.Message.Channel, item.Message.ChatId, Describe(item.Message));
        }
    }

    /// <summary>Lets the outbox send a channel's messages, within <paramref name="limits"/> (none when null);
    /// <paramref name="isGroup"/> says which chat ids are groups (for <see cref="SendLimits.PerGroupPerMinute"/>).</summary>
    public void Register(string channel, IChannelSender sender, SendLimits? limits = null, Func<string, bool>? isGroup = null)
    {
        lock (_gate)
        {
            _channels[channel] = new Channel(sender, limits is null ? null : new SendLimiter(limits, isGroup ?? (_ => false), _time));
            Changed();
        }
    }

    /// <summary>Adds messages; call inside the transaction that produced them. <paramref name="from"/> is the chat of the
    /// event being answered (its messages there are <see cref="SendPriority.Answer"/>); null for reminders and broadcasts.
    /// A file (an export, a chart) is heavy and its requester expects a wait: it goes behind answers and posts, like a
    /// reminder (<see cref="SendPriority.Background"/>), and is never dropped for a quota (its <see cref="MessagePriority"/> is kept).</summary>
    public void Enqueue(IEnumerable<OutgoingMessage> messages, ChatRef? from = null)
    {
        var items = messages.Select(m => new OutboxItem
        {
            Message = m,
            CreatedAt = _time.GetUtcNow(),
            Priority = from is null || m.Priority == MessagePriority.Low || m.Attachment is not null ? SendPriority.Background
                : m.Channel == from.Channel && m.ChatId == from.Id ? SendPriority.Answer : SendPriority.Post,
        }).ToList();
        if (items.Count == 0) return;
        _db.Outbox.InsertBulk(items);
        _db.AfterCommit(() =>
        {
            lock (_gate)
            {
                foreach (var item in items) Add(item);
                Changed();
            }
        });
    }

    /// <summary>Completes once nothing can be sent right now: every message sent, refused, or waiting for a limit, a pause
    /// or a channel, and the "sent" marks committed. The console waits for it before its next prompt.</summary>
    public Task WhenIdleAsync(CancellationToken ct = default)
    {
        lock (_gate) return _idle && !_changed ? Task.CompletedTask : _idleSignal.Task.WaitAsync(ct);
    }

    /// <summary>Look again now (a test moved the fake clock past a pause).</summary>
    public void Kick()
    {
        lock (_gate) Changed();
    }

    /// <summary>How many messages wait in memory (sent ones leave at once).</summary>
    public int Pending
    {
        get { lock (_gate) return _lanes.Values.Sum(l => l.Items.Count); }
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await Task.Yield();
        var marksSaved = 0L;
        while (!ct.IsCancellationRequested)
        {
            Task wake;
            DateTimeOffset? next;
            bool saveMarks;
            var marksWait = Timeout.InfiniteTimeSpan;
            lock (_gate)
            {
                _changed = false;
                wake = _wake.Task;
                var (starts, wakeAt) = Plan();
                foreach (var start in starts) _ = SendAsync(start, ct);
                next = wakeAt;
                // Marks go in small batches, one commit at most every 20 ms (real time: it only spaces out file writes). A
                // message after a quiet spell is marked at once; at a steady rate, the marks of a few sends share a commit.
                var marks = _finished.Count > 0 || _attempted.Count > 0;
                var sinceSaved = System.Diagnostics.Stopwatch.GetElapsedTime(marksSaved);
                saveMarks = marks && sinceSaved >= MarksInterval;
                if (marks && !saveMarks) marksWait = MarksInterval - sinceSaved;
                if (starts.Count == 0 && _inFlight == 0 && !_changed && !marks)
                {
                    _idle = true;
                    _idleSignal.TrySetResult();
                }
            }
            if (saveMarks)
            {
                SaveMarks();
                marksSaved = System.Diagnostics.Stopwatch.GetTimestamp();
                continue;
            }
            var delay = next is { } at ? at - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
            if (delay != Timeout.InfiniteTimeSpan && delay < OneMillisecond) delay = OneMillisecond;
            // The timers of a wait that ended are cancelled: left running (an infinite one for each wake-up) they held memory
            // until the bot stopped.
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await (marksWait == Timeout.InfiniteTimeSpan
                ? Task.WhenAny(wake, Task.Delay(delay, _time, waiting.Token))
                : Task.WhenAny(wake, Task.Delay(delay, _time, waiting.Token), Task.Delay(Max(marksWait, OneMillisecond), waiting.Token)));
            await waiting.CancelAsync();
        }
    }

    private static readonly TimeSpan MarksInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1); // Task.Delay waits whole milliseconds: less is no wait

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Deletes what was sent or refused and marks what is being tried, in one commit that needs no fsync of its own
    /// (losing it only sends a message again); also saves the wizards' new message ids.</summary>
    private void SaveMarks()
    {
        List<OutboxItem> finished;
        List<OutboxItem> attempted;
        lock (_gate)
        {
            finished = [.. _finished];
            attempted = [.. _attempted];
            _finished.Clear();
            _attempted.Clear();
        }
        try
        {
            _db.InTransaction(() =>
            {
                var gone = finished.Select(i => i.Id).ToHashSet();
                foreach (var item in attempted.Where(i => !gone.Contains(i.Id))) _db.Outbox.Update(item);
                foreach (var item in finished)
                {
                    _db.Outbox.Delete(item.Id);
                    // An export's bytes, once nothing needs them.
                    if (item.Message.Attachment?.FileId is { } file) FileStore.Release(_db, file, _time.GetUtcNow());
                }
                _wizards?.SaveUnsaved();
            }, durable: false);
        }
        catch (Exception ex)
        {
            _log.LogWarning("Could not mark {Count} sent messages in the database ({Error}); they may be sent again after a restart", finished.Count, ex.Message);
        }
    }

    private async Task SendAsync(Start start, CancellationToken ct)
    {
        await Task.Yield();
        var (lane, entry, channel) = start;
        var message = entry.Item.Message;
        Exception? failure = null;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.CallTimeoutSeconds), _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            await channel.Sender.SendAsync(message, linked.Token);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            lock (_gate) Finish(lane);
            return;
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        lock (_gate)
        {
            Settle(lane, entry, channel, failure);
            Finish(lane);
        }
    }

    /// <summary>What one call's outcome does to its message, its chat and its channel (under the lock).</summary>
    private void Settle(Lane lane, Entry entry, Channel channel, Exception? failure)
    {
        var message = entry.Item.Message;
        switch (failure)
        {
            case null:
                if (entry.MaybeSent)
                    _log.LogWarning("A message to {Channel} chat {Chat} ({Placement}) went again after an attempt whose outcome is unknown: it may appear twice",
                        message.Channel, message.ChatId, Describe(message));
                Remove(lane, entry);
                lane.Failures = 0;
                break;
            case MessageRefusedException refused:
                _log.LogWarning("{Channel} refused a message to chat {Chat}: {Error}; dropped", message.Channel, message.ChatId, refused.Message);
                Remove(lane, entry);
                break;
            case MessageDeferredException deferred:
                var until = _time.GetUtcNow() + deferred.RetryAfter; // from when the 429 arrived
                if (deferred.WholeChannel) channel.HeldUntil = until;
                else lane.HeldUntil = until;
                _log.LogWarning("{Channel} asked to wait {Seconds} s before sending more to {Scope}; will retry",
                    message.Channel, deferred.RetryAfter.TotalSeconds, deferred.WholeChannel ? "any chat" : $"chat {message.ChatId}");
                break;
            default:
                lane.Failures++;
                var backoff = TimeSpan.FromMilliseconds(Math.Min(60_000, 500 * Math.Pow(2, Math.Min(lane.Failures - 1, 7))));
                lane.HeldUntil = _time.GetUtcNow() + backoff;
                // No answer at all (a timeout, a dropped connection): the messenger may have taken the message.
                if (failure is OperationCanceledException or HttpRequestException or TimeoutException) entry.MaybeSent = true;
                _log.LogWarning("Sending to {Channel} chat {Chat} failed: {Error}; will retry in {Seconds:0.#} s",
                    message.Channel, message.ChatId, failure.Message, backoff.TotalSeconds);
                break;
        }
    }

    private void Finish(Lane lane)
    {
        lane.Busy = false;
        _inFlight--;
        Changed();
    }

    private void Remove(Lane lane, Entry entry)
    {
        lane.Items.Remove(entry);
        _finished.Add(entry.Item);
    }

    /// <summary>Call under the lock: something to look at again.</summary>
    private void Changed()
    {
        _changed = true;
        if (_idle)
        {
            _idle = false;
            _idleSignal = NewSignal();
        }
        _wake.TrySetResult();
        _wake = NewSignal();
    }

    private void Add(OutboxItem item)
    {
        var key = $"{item.Message.Channel}\n{item.Message.ChatId}";
        if (!_lanes.TryGetValue(key, out var lane)) _lanes[key] = lane = new Lane(item.Message.Channel, item.Message.ChatId);
        lane.Items.Add(new Entry(item, ++_sequence));
    }

    private static string Describe(OutgoingMessage m) => m.WizardKey is null ? m.Placement.ToString() : $"{m.Placement} {m.WizardKey}";

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Lane(string channel, string chatId)
    {
        public string Channel { get; } = channel;
        public string ChatId { get; } = chatId;
        public List<Entry> Items { get; } = [];
        public bool Busy { get; set; }
        public DateTimeOffset HeldUntil { get; set; }
        public int Failures { get; set; }
    }

    private sealed class Entry(OutboxItem item, long sequence)
    {
        public OutboxItem Item { get; } = item;
        public long Sequence { get; } = sequence;
        public bool MaybeSent { get; set; }
    }

    private sealed class Channel(IChannelSender sender, SendLimiter? limiter)
    {
        public IChannelSender Sender { get; } = sender;
        public SendLimiter? Limiter { get; } = limiter;
        public DateTimeOffset HeldUntil { get; set; }
    }

    private readonly record struct Start(Lane Lane, Entry Entry, Channel Channel);
}
