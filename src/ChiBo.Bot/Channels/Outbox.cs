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

/// <summary>
/// Messages are saved in the outbox in the same transaction as the change that produced them and
/// sent afterwards; a message is removed once its channel took it, so a crash resends rather than loses.
/// A message a channel refuses for good (a user who never opened the private chat) is dropped and logged.
/// </summary>
public sealed class Outbox(Database db, TimeProvider time, ILogger<Outbox> log)
{
    private readonly Dictionary<string, IChannelSender> _senders = [];
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
            var items = db.Outbox.FindAll().OrderBy(i => i.Id).ToList();
            foreach (var (item, index) in items.Select((item, index) => (item, index)))
            {
                if (IsSuperseded(item, items.Skip(index + 1)))
                {
                    db.Outbox.Delete(item.Id);
                    continue;
                }
                IChannelSender? sender;
                lock (_senders) _senders.TryGetValue(item.Message.Channel, out sender);
                if (sender is null) continue;
                try
                {
                    await sender.SendAsync(item.Message, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
                catch (MessageRefusedException ex)
                {
                    log.LogWarning("{Channel} refused a message to chat {Chat}: {Error}; dropped", item.Message.Channel, item.Message.ChatId, ex.Message);
                }
                catch (Exception ex)
                {
                    log.LogWarning("Sending to {Channel} failed: {Error}; will retry", item.Message.Channel, ex.Message);
                    return;
                }
                db.Outbox.Delete(item.Id);
            }
        }
        finally
        {
            _drain.Release();
        }
    }

    /// <summary>An in-place edit of a wizard message that a later in-place edit replaces (many check-in answers in a row):
    /// only the last one is sent, sparing the channel's rate limit. Each edit carries the whole message.</summary>
    private static bool IsSuperseded(OutboxItem item, IEnumerable<OutboxItem> later) =>
        item.Message is { Placement: Placement.EditWizard or Placement.RefreshWizard, WizardKey: { } key } m
        && later.Any(l => l.Message.Placement is Placement.EditWizard or Placement.RefreshWizard && l.Message.WizardKey == key && l.Message.Channel == m.Channel && l.Message.ChatId == m.ChatId);
}
