using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;
using ChiBo.Core;

namespace ChiBo.Bot.Scheduling;

/// <summary>
/// Reminders timed from the stored meeting notices (<see cref="MeetingNotice"/>): in the group a day before and an
/// hour before the meeting, and to the secretary the next morning if the month was not reviewed. Every minute of the
/// injected <see cref="TimeProvider"/> it looks for what is due. A reminder is marked done in the same transaction as
/// its outgoing message, so after a restart nothing is sent twice, and whatever fell due while the bot was down goes
/// out at the first check unless a later reminder has made it pointless.
/// </summary>
public sealed class Reminders(Database db, Outbox outbox, Clock clock, TimeProvider time, ILogger<Reminders> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan DayBefore = TimeSpan.FromDays(1);
    public static readonly TimeSpan HourBefore = TimeSpan.FromHours(1);
    /// <summary>When the secretary is reminded, the morning after the meeting (local time).</summary>
    public static readonly TimeOnly MorningAfter = new(8, 0);

    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset At, TaskCompletionSource Done)> _waiters = [];
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            do
            {
                try
                {
                    await CheckAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError(ex, "Checking reminders failed; trying again in a minute");
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Completes once a check has run with the clock at or after <paramref name="at"/>: tests move a fake clock, then wait for it.</summary>
    public Task WaitUntilCheckedAsync(DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_checkedAt >= at) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((at, done));
            return done.Task;
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        foreach (var id in db.Notices.FindAll().Where(n => n.MorningAfterDoneAt is null).Select(n => n.Id).ToList())
        {
            try
            {
                sent += db.InTransaction(() => Remind(id, now));
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Reminders of notice {Notice} failed; nothing of it was changed", id);
            }
        }
        if (sent > 0)
        {
            log.LogInformation("Sent {Count} reminders", sent);
            await outbox.WhenIdleAsync(ct);
        }
        lock (_gate)
        {
            _checkedAt = now;
            foreach (var w in _waiters.Where(w => w.At <= now).ToList())
            {
                w.Done.TrySetResult();
                _waiters.Remove(w);
            }
        }
    }

    /// <summary>Inside one transaction: the reminders of one notice that are due, queued and marked done together.</summary>
    private int Remind(string noticeId, DateTimeOffset now)
    {
        var n = db.Notices.FindById(noticeId);
        var cell = n is null ? null : db.Cell(n.CellId);
        if (n is null || cell is null) return 0;
        var reply = new Reply();
        var changed = false;
        var place = $"{cell.Name} sinh hoạt lúc {NoticeFlow.When(n)} tại {n.Place}.";

        // Not sent when the notice itself went out later than the reminder's time, or when a later reminder is due already.
        if (n.DayBeforeDoneAt is null && now >= n.StartsAt - DayBefore)
        {
            if (n.SentAt < n.StartsAt - DayBefore && now < n.StartsAt - HourBefore)
                reply.Post(db, cell, $"🔔 NHẮC LỊCH SINH HOẠT CHI BỘ\n{place}\nNội dung:\n{string.Join("\n", n.Agenda.Select((a, i) => $"{i + 1}. {a}"))}\n\n"
                    + "Đề nghị các đồng chí sắp xếp tham dự đầy đủ, đúng giờ; nếu vắng, hãy báo lý do với chi bộ.", MessagePriority.Low);
            n.DayBeforeDoneAt = now;
            changed = true;
        }
        if (n.HourBeforeDoneAt is null && now >= n.StartsAt - HourBefore)
        {
            if (n.SentAt < n.StartsAt - HourBefore && now < n.StartsAt)
                reply.Post(db, cell, $"🔔 Còn khoảng 1 giờ nữa: {place}", MessagePriority.Low);
            n.HourBeforeDoneAt = now;
            changed = true;
        }
        if (now >= clock.At(n.Date.AddDays(1), MorningAfter))
        {
            if (db.Records.FindById(n.Id) is null) RemindSecretary(cell, n, reply);
            n.MorningAfterDoneAt = now;
            changed = true;
        }
        if (!changed) return 0;
        db.Notices.Update(n);
        outbox.Enqueue(reply.Messages);
        return reply.Messages.Count;
    }

    /// <summary>To the secretary's private chats; to the deputy when no secretary is linked; to the group when neither is.</summary>
    private void RemindSecretary(Cell cell, MeetingNotice n, Reply reply)
    {
        var month = new YearMonth(n.Year, n.Month);
        var text = $"🔔 Buổi sinh hoạt {month.ToVietnamese()} của {cell.Name} (ngày {Vietnamese.Date(n.Date)}) chưa được đánh giá. "
            + $"Đồng chí gõ /danhgia {month} để ghi điểm danh, đảng phí và chấm điểm.";
        var roster = Roster.Of(db, cell.Id);
        var officers = roster.Where(m => m.Role == OfficerRole.Secretary && m.Accounts.Count > 0).ToList();
        if (officers.Count == 0) officers = roster.Where(m => m.Role == OfficerRole.DeputySecretary && m.Accounts.Count > 0).ToList();
        var chats = officers.SelectMany(m => m.Accounts).Select(a => Direct.ChatOf(db, a)).OfType<ChatRef>().ToList();
        if (chats.Count == 0)
        {
            reply.Post(db, cell, $"Kính gửi cán bộ chi bộ: {text}", MessagePriority.Low);
            return;
        }
        foreach (var chat in chats) reply.Say(chat, text).Messages[^1].Priority = MessagePriority.Low;
    }
}
