using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Channels;

/// <summary>Which messages the dispatcher starts now (see <see cref="Outbox"/>).</summary>
public sealed partial class Outbox
{
    /// <summary>Call under the lock. The head of every idle chat that is not paused, by priority then age, as long as
    /// calls may start and the channel's limits give a permit; and when to look again for what had to wait.</summary>
    private (List<Start> Starts, DateTimeOffset? WakeAt) Plan()
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? wake = null;
        var ready = new List<Start>();
        foreach (var (key, lane) in _lanes.ToList())
        {
            if (lane.Busy) continue;
            Coalesce(lane);
            if (!_channels.TryGetValue(lane.Channel, out var channel)) DropExpired(lane, now);
            if (lane.Items.Count == 0)
            {
                _lanes.Remove(key);
                continue;
            }
            if (channel is null) continue; // waits for its channel to start
            var until = lane.HeldUntil > channel.HeldUntil ? lane.HeldUntil : channel.HeldUntil;
            if (until > now)
            {
                wake = Earliest(wake, until);
                continue;
            }
            ready.Add(new Start(lane, lane.Items[0], channel));
        }

        var starts = new List<Start>();
        foreach (var start in ready.OrderBy(s => Due(s.Entry.Item)).ThenBy(s => s.Entry.Sequence))
        {
            if (_inFlight >= Math.Max(1, _options.Concurrency)) break; // a call that returns wakes the dispatcher
            if (start.Channel.Limiter is { } limiter && !limiter.TryAcquire(start.Lane.ChatId, out var retryAt))
            {
                wake = Earliest(wake, retryAt);
                continue;
            }
            start.Lane.Busy = true;
            _inFlight++;
            // A post to a group (a rating) is marked as being sent, so a restart can say it may go out twice; an answer
            // in the chat being typed in is cheap to repeat and spares the write.
            if (!start.Entry.Item.Attempted && start.Entry.Item.Priority != SendPriority.Answer)
            {
                start.Entry.Item.Attempted = true;
                _attempted.Add(start.Entry.Item);
            }
            starts.Add(start);
        }
        return (starts, wake);
    }

    /// <summary>An in-place edit of a wizard message that a later in-place edit of the same message replaces (many check-in
    /// answers in a row, or edits that waited for the chat's limit) is not sent: each edit carries the whole message.</summary>
    private void Coalesce(Lane lane)
    {
        var later = new HashSet<string>();
        for (var i = lane.Items.Count - 1; i >= 0; i--)
        {
            if (lane.Items[i].Item.Message is not { Placement: Placement.EditWizard or Placement.RefreshWizard, WizardKey: { } key }) continue;
            if (later.Add(key)) continue;
            _finished.Add(lane.Items[i].Item);
            lane.Items.RemoveAt(i);
        }
    }

    private void DropExpired(Lane lane, DateTimeOffset now)
    {
        foreach (var entry in lane.Items.Where(e => now - e.Item.CreatedAt >= Expiry).ToList())
        {
            _log.LogWarning("{Channel} has not run for {Days} days; a message to chat {Chat} was dropped", lane.Channel, Expiry.TotalDays, lane.ChatId);
            Remove(lane, entry);
        }
    }

    /// <summary>The order in which waiting messages get the calls and permits there are: an answer is due when it was
    /// saved, a post to another chat 5 s later, a reminder or broadcast 10 minutes later. So answers go first, and a steady
    /// stream of answers still cannot starve the posts for long.</summary>
    private static DateTimeOffset Due(OutboxItem item) => item.CreatedAt + item.Priority switch
    {
        SendPriority.Answer => TimeSpan.Zero,
        SendPriority.Post => TimeSpan.FromSeconds(5),
        _ => TimeSpan.FromMinutes(10),
    };

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}
