using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Channels;

public sealed record PipelineResult(bool Duplicate, string? Toast)
{
    /// <summary>An update with no event for the flows (passed over): nothing to say.</summary>
    public static readonly PipelineResult None = new(false, null);
}

/// <summary>One update for the <see cref="Pipeline"/>: its event (null when the flows have nothing to do with it), and what is
/// saved with it in its transaction whatever its flow does (a chat migration followed, a Zalo message counted against the
/// quota, a Zalo private chat recorded). <paramref name="Record"/> runs again when the update is redelivered: it must be idempotent or a count.</summary>
public sealed record Incoming(ChatEvent? Event, Action? Record = null);

/// <summary>
/// Events, end to end: dedupe on (channel, update id), route each to its flow, and save the new state, the outgoing
/// messages and the "processed" marks of a whole batch in one durable transaction (one fsync). When one event's flow
/// throws, the batch is rolled back and replayed one event at a time, so the others still apply and that one alone
/// changes nothing (but its <see cref="Incoming.Record"/>) and gets an apology. Batches come from getUpdates or from
/// webhook requests that arrived together (<see cref="WebhookBatcher"/>).
/// </summary>
public sealed class Pipeline(Database db, IEventHandler router, Outbox outbox, TimeProvider time, ILogger<Pipeline> log)
{
    private readonly LogThrottle _throttle = new(time);

    public const string Apology = "Xin lỗi, ChiBo gặp lỗi khi xử lý tin nhắn này. Dữ liệu đã nhập vẫn được giữ nguyên; đồng chí hãy thử lại.";

    /// <summary>Drops the dedupe marks no messenger can deliver again (<see cref="ProcessedMarks.Kept"/>): at a channel's start,
    /// and before the first batch of each new day.</summary>
    public void ForgetOldMarks()
    {
        var cutoff = time.GetUtcNow() - ProcessedMarks.Kept;
        if (db.HasMarksBefore(cutoff) && !db.ForgetMarks(cutoff) && _throttle.ShouldLog("marks", out var suppressed))
            log.LogWarning("Old dedupe marks could not be dropped ({Suppressed} more tries failed in the last minute); ChiBo tries again with the next update", suppressed);
    }

    public PipelineResult Process(ChatEvent ev) => ProcessBatch([new Incoming(ev)])[0];

    /// <summary>Events with nothing saved beside them (see the other overload).</summary>
    public IReadOnlyList<PipelineResult> ProcessBatch(IReadOnlyList<ChatEvent> events, Action? alsoSave = null) =>
        ProcessBatch([.. events.Select(ev => new Incoming(ev))], alsoSave);

    /// <summary>Applies <paramref name="items"/> in order, in one transaction with <paramref name="alsoSave"/> (the
    /// polling offset); returns one result per item. Nothing is sent before this returns.</summary>
    public IReadOnlyList<PipelineResult> ProcessBatch(IReadOnlyList<Incoming> items, Action? alsoSave = null)
    {
        ForgetOldMarks();
        try
        {
            return db.InTransaction(() =>
            {
                var results = items.Select(Apply).ToList();
                alsoSave?.Invoke();
                return results;
            });
        }
        catch (Exception ex) when (items.Count > 1)
        {
            log.LogWarning("A batch of {Count} updates failed ({Error}); applying them one at a time", items.Count, ex.Message);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Update {Update} failed; state left unchanged", items[0].Event?.DedupeKey ?? "(no event)");
            return [Apologise(items[0], alsoSave)];
        }
        var replayed = items.Select(item => ProcessBatch([item])[0]).ToList();
        if (alsoSave is not null) db.InTransaction(alsoSave);
        return replayed;
    }

    private PipelineResult Apply(Incoming item)
    {
        item.Record?.Invoke();
        if (item.Event is not { } ev) return PipelineResult.None;
        if (db.WasProcessed(ev.DedupeKey)) return new PipelineResult(true, null);
        var reply = router.Handle(ev);
        outbox.Enqueue(Zalo.ZaloMerge.Merge(reply.Messages), ev.Chat);
        db.MarkProcessed(ev.DedupeKey, time.GetUtcNow());
        return new PipelineResult(false, reply.Toast);
    }

    /// <summary>After the update failed alone: its record is kept (unless that is what failed), the update is marked processed
    /// (a redelivery must not fail again and again) and the user told.</summary>
    private PipelineResult Apologise(Incoming item, Action? alsoSave)
    {
        PipelineResult Save(bool withRecord)
        {
            if (withRecord) item.Record?.Invoke();
            var result = item.Event is { } ev ? Apologise(ev) : PipelineResult.None;
            alsoSave?.Invoke();
            return result;
        }
        try
        {
            return db.InTransaction(() => Save(withRecord: true));
        }
        catch (Exception) when (item.Record is not null)
        {
            return db.InTransaction(() => Save(withRecord: false));
        }
    }

    private PipelineResult Apologise(ChatEvent ev)
    {
        if (!db.WasProcessed(ev.DedupeKey)) db.MarkProcessed(ev.DedupeKey, time.GetUtcNow());
        if (ev.IsButton) return new PipelineResult(false, "Có lỗi, vui lòng thử lại.");
        outbox.Enqueue(new Reply().Say(ev.Chat, Apology).Messages, ev.Chat);
        return new PipelineResult(false, null);
    }
}
