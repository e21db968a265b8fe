using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Channels;

/// <summary>Sends one outgoing message the way its channel can.</summary>
public interface IChannelSender
{
    Task SendAsync(OutgoingMessage message, CancellationToken ct);
}

/// <summary>A channel refused a message for good (a user who never opened the private chat): it is dropped, not retried.
/// Senders translate their platform's error into this, so the outbox knows no platform.</summary>
public sealed class MessageRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A channel asked to wait before sending more (Telegram's 429 with retry_after): the channel pauses, nothing is lost.</summary>
public sealed class MessageDeferredException(TimeSpan retryAfter, string message, Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Messages are saved in the outbox in the same transaction as the change that produced them and
/// sent afterwards; a message is removed once its channel took it, so a crash resends rather than loses.
/// A message a channel refuses for good (a user who never opened the private chat) is dropped and logged.
/// Channels are independent: one that fails or asks to wait holds back only its own later messages (kept in order);
/// messages for a channel that has not run for <see cref="Expiry"/> (switched off) are dropped with a warning.
/// </summary>
public sealed class Outbox(Database db, TimeProvider time, ILogger<Outbox> log)
{
    public static readonly TimeSpan Expiry = TimeSpan.FromDays(7);

    private readonly Dictionary<string, IChannelSender> _senders = [];
    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = [];
    private readonly SemaphoreSlim _drain = new(1, 1);

    public void Register(string channel, IChannelSender sender)
    {
        lock (_senders) _senders[channel] = sender;
    }

    /// <summary>Adds messages; call inside the update's transaction.</summary>
    public void Enqueue(IEnumerable<OutgoingMessage> messages)
    {
        foreach (var m in messages)
            db.Outbox.Insert(new OutboxItem { Message = m, CreatedAt = time.GetUtcNow() });
    }

    public async Task DrainAsync(CancellationToken ct)
    {
        await _drain.WaitAsync(ct);
        try
        {
            var items = db.InTransaction(() => db.Outbox.FindAll().OrderBy(i => i.Id).ToList());
            var now = time.GetUtcNow();
            var held = new HashSet<string>(_pausedUntil.Where(p => p.Value > now).Select(p => p.Key)); // failed or paused: wait
            foreach (var (item, index) in items.Select((item, index) => (item, index)))
            {
                var channel = item.Message.Channel;
                if (IsSuperseded(item, items.Skip(index + 1)))
                {
                    Remove(item);
                    continue;
                }
                IChannelSender? sender;
                lock (_senders) _senders.TryGetValue(channel, out sender);
                if (sender is null)
                {
                    if (now - item.CreatedAt < Expiry) continue;
                    log.LogWarning("{Channel} has not run for {Days} days; a message to chat {Chat} was dropped", channel, Expiry.TotalDays, item.Message.ChatId);
                    Remove(item);
                    continue;
                }
                if (held.Contains(channel)) continue;
                try
                {
                    await sender.SendAsync(item.Message, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
                catch (MessageRefusedException ex)
                {
                    log.LogWarning("{Channel} refused a message to chat {Chat}: {Error}; dropped", channel, item.Message.ChatId, ex.Message);
                }
                catch (MessageDeferredException ex)
                {
                    log.LogWarning("{Channel} asked to wait {Seconds} s before sending more; will retry", channel, ex.RetryAfter.TotalSeconds);
                    _pausedUntil[channel] = now + ex.RetryAfter;
                    held.Add(channel);
                    continue;
                }
                catch (Exception ex)
                {
                    log.LogWarning("Sending to {Channel} failed: {Error}; will retry", channel, ex.Message);
                    held.Add(channel);
                    continue;
                }
                Remove(item);
            }
        }
        finally
        {
            _drain.Release();
        }
    }

    /// <summary>Removes a sent or dropped message, and its file when nothing needs it any more.</summary>
    private void Remove(OutboxItem item)
    {
        // Under the database's lock like every write: LiteDB is not safe with a write from here while another thread's
        // transaction is open (a webhook request being applied), and this runs beside them.
        db.InTransaction(() =>
        {
            db.Outbox.Delete(item.Id);
            if (item.Message.Attachment is { FileId: var fileId }) FileStore.Release(db, fileId, time.GetUtcNow());
        });
    }

    /// <summary>An in-place edit of a wizard message that a later in-place edit replaces (many check-in answers in a row):
    /// only the last one is sent, sparing the channel's rate limit. Each edit carries the whole message.</summary>
    private static bool IsSuperseded(OutboxItem item, IEnumerable<OutboxItem> later) =>
        item.Message is { Placement: Placement.EditWizard or Placement.RefreshWizard, WizardKey: { } key } m
        && later.Any(l => l.Message.Placement is Placement.EditWizard or Placement.RefreshWizard && l.Message.WizardKey == key && l.Message.Channel == m.Channel && l.Message.ChatId == m.ChatId);
}
