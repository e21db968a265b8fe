using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Channels;

public sealed record PipelineResult(bool Duplicate, string? Toast);

/// <summary>
/// Events, end to end: dedupe on (channel, update id), route each to its flow, and save the new state, the outgoing
/// messages and the "processed" marks of a whole batch in one durable transaction (one fsync). When one event's flow
/// throws, the batch is rolled back and replayed one event at a time, so the others still apply and that one alone
/// changes nothing and gets an apology.
/// </summary>
public sealed class Pipeline(Database db, IEventHandler router, Outbox outbox, TimeProvider time, ILogger<Pipeline> log)
{
    public const string Apology = "Xin lỗi, ChiBo gặp lỗi khi xử lý tin nhắn này. Dữ liệu đã nhập vẫn được giữ nguyên; đồng chí hãy thử lại.";

    /// <summary>Messengers redeliver for a day at most (Telegram keeps undelivered updates 24 hours): older dedupe marks can go.</summary>
    public void ForgetOldMarks()
    {
        var cutoff = time.GetUtcNow().AddDays(-7);
        db.InTransaction(() => db.Processed.DeleteMany(p => p.At < cutoff));
    }

    public PipelineResult Process(ChatEvent ev) => ProcessBatch([ev])[0];

    /// <summary>Applies <paramref name="events"/> in order, in one transaction with <paramref name="alsoSave"/> (the
    /// polling offset); returns one result per event. Nothing is sent before this returns.</summary>
    public IReadOnlyList<PipelineResult> ProcessBatch(IReadOnlyList<ChatEvent> events, Action? alsoSave = null)
    {
        try
        {
            return db.InTransaction(() =>
            {
                var results = events.Select(Apply).ToList();
                alsoSave?.Invoke();
                return results;
            });
        }
        catch (Exception ex) when (events.Count > 1)
        {
            log.LogWarning("A batch of {Count} updates failed ({Error}); applying them one at a time", events.Count, ex.Message);
        }
        catch (Exception ex)
        {
            var only = events[0];
            log.LogError(ex, "Update {Update} failed; state left unchanged", only.DedupeKey);
            return [db.InTransaction(() => { var r = Apologise(only); alsoSave?.Invoke(); return r; })];
        }
        var replayed = events.Select(ev => ProcessBatch([ev])).Select(r => r[0]).ToList();
        if (alsoSave is not null) db.InTransaction(alsoSave);
        return replayed;
    }

    private PipelineResult Apply(ChatEvent ev)
    {
        if (db.Processed.FindById(ev.DedupeKey) is not null) return new PipelineResult(true, null);
        var reply = router.Handle(ev);
        outbox.Enqueue(Zalo.ZaloMerge.Merge(reply.Messages), ev.Chat);
        db.Processed.Insert(new ProcessedUpdate { Id = ev.DedupeKey, At = time.GetUtcNow() });
        return new PipelineResult(false, reply.Toast);
    }

    /// <summary>The update is marked processed (a redelivery must not fail again and again) and the user told.</summary>
    private PipelineResult Apologise(ChatEvent ev)
    {
        if (db.Processed.FindById(ev.DedupeKey) is null)
            db.Processed.Insert(new ProcessedUpdate { Id = ev.DedupeKey, At = time.GetUtcNow() });
        if (ev.IsButton) return new PipelineResult(false, "Có lỗi, vui lòng thử lại.");
        outbox.Enqueue(new Reply().Say(ev.Chat, Apology).Messages, ev.Chat);
        return new PipelineResult(false, null);
    }
}
