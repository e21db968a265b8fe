using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Channels;

public sealed record PipelineResult(bool Duplicate, string? Toast);

/// <summary>
/// One event, end to end: dedupe on (channel, update id), route it to its flow, and save the
/// new state, the outgoing messages and the "processed" mark in one transaction.
/// A flow that throws changes nothing; the user is told something went wrong.
/// </summary>
public sealed class Pipeline(Database db, Router router, Outbox outbox, TimeProvider time, ILogger<Pipeline> log)
{
    /// <summary>Messengers redeliver for a day at most (Telegram keeps undelivered updates 24 hours): older dedupe marks can go.</summary>
    public void ForgetOldMarks()
    {
        var cutoff = time.GetUtcNow().AddDays(-7);
        db.Processed.DeleteMany(p => p.At < cutoff);
    }

    public PipelineResult Process(ChatEvent ev)
    {
        try
        {
            return db.InTransaction(() =>
            {
                if (db.Processed.FindById(ev.DedupeKey) is not null) return new PipelineResult(true, null);
                var reply = router.Handle(ev);
                outbox.Enqueue(Zalo.ZaloMerge.Merge(reply.Messages));
                db.Processed.Insert(new ProcessedUpdate { Id = ev.DedupeKey, At = time.GetUtcNow() });
                return new PipelineResult(false, reply.Toast);
            });
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Update {Update} failed; state left unchanged", ev.DedupeKey);
            return db.InTransaction(() =>
            {
                if (db.Processed.FindById(ev.DedupeKey) is null)
                    db.Processed.Insert(new ProcessedUpdate { Id = ev.DedupeKey, At = time.GetUtcNow() });
                var sorry = new Reply().Say(ev.Chat, "Xin lỗi, ChiBo gặp lỗi khi xử lý tin nhắn này. Dữ liệu đã nhập vẫn được giữ nguyên; đồng chí hãy thử lại.");
                if (ev.IsButton) return new PipelineResult(false, "Có lỗi, vui lòng thử lại.");
                outbox.Enqueue(sorry.Messages);
                return new PipelineResult(false, null);
            });
        }
    }
}
