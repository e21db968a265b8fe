using System.Text;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Flows.Review;

/// <summary>
/// Turning a confirmed review into a posted record: saved as final, announced in the cell's group.
/// A record posted before is a record: changing it appends an <see cref="AuditEntry"/> (who, when, old → new).
/// </summary>
public sealed class ReviewPosting(Database db, Access access, TimeProvider time)
{
    public void Post(ReviewContext ctx, ChatUser by, Reply reply)
    {
        var card = new Scorecard(ctx.Rubric, ctx.Record.Scores);
        var total = card.Total ?? throw new InvalidOperationException("A review is posted only when every criterion is scored.");
        var now = time.GetUtcNow();
        var previous = db.Records.FindById(ctx.Doc.Id);
        var record = new PostedRecord
        {
            Id = ctx.Doc.Id, CellId = ctx.Cell.Id, Year = ctx.Doc.Year, Month = ctx.Doc.Month, Record = ctx.Record.Clone(),
            Total = total, Rating = card.RatingLabel!, PostedBy = by.Key, PostedByName = ScorerName(ctx, by), PostedAt = now,
            Revision = (previous?.Revision ?? 0) + 1,
        };
        var changes = previous is null ? [] : Diff(ctx, previous, record);
        ctx.Doc.Status = ReviewStatus.Posted;
        if (previous is not null && changes.Count == 0) return; // reopened and confirmed unchanged: nothing to record or announce
        if (previous is not null)
            db.Audit.Insert(new AuditEntry { RecordId = record.Id, At = now, By = by.Key, ByName = record.PostedByName, Action = "reopen", Changes = changes });
        db.Records.Upsert(record);
        ctx.Posted = record;

        var text = previous is null
            ? Announcement(ctx, record)
            : Announcement(ctx, record, "📣 CẬP NHẬT KẾT QUẢ SINH HOẠT CHI BỘ") + "\n\nThay đổi so với lần công bố trước:\n" + string.Join("\n", changes.Select(c => "• " + c));
        reply.Post(db, ctx.Cell, text);
    }

    /// <summary>The announcement of the record this update posted (for the secretary's confirmation message).</summary>
    public string Preview(ReviewContext ctx) => ctx.Posted is { } r ? Announcement(ctx, r) : "";

    private static string Announcement(ReviewContext ctx, PostedRecord p, string title = "📣 KẾT QUẢ SINH HOẠT CHI BỘ")
    {
        var r = p.Record;
        var sb = new StringBuilder();
        sb.Append($"{title}\n{ctx.Cell.Name} — {ctx.Month.ToVietnamese()}\n");
        sb.Append($"Tổng điểm: {Vietnamese.Points(p.Total)}/100 — xếp loại {p.Rating}\n");
        if (r.Date is { } d) sb.Append($"Ngày họp: {Vietnamese.Date(d)}{ReviewView.Times(r)}\n");
        sb.Append($"Điểm danh: {r.SummarizeAttendance().Line}\n");
        sb.Append($"Đảng phí: {r.SummarizeDues().Line}\n");
        sb.Append(RecordText.Details(ctx.Rubric, r));
        sb.Append($"Người chấm: {p.PostedByName}");
        return sb.ToString();
    }

    private string ScorerName(ReviewContext ctx, ChatUser by)
    {
        var member = access.MemberOf(ctx.Cell.Id, by);
        if (member is null) return by.DisplayName;
        return member.Role == OfficerRole.None ? member.Name : $"{member.Name} ({Roster.RoleName(member.Role)})";
    }

    /// <summary>What changed between two posted versions, in words a committee clerk reads.</summary>
    private static List<string> Diff(ReviewContext ctx, PostedRecord before, PostedRecord after)
    {
        var a = before.Record;
        var b = after.Record;
        var changes = new List<string>();
        void Compare(string what, string? x, string? y)
        {
            if (x != y) changes.Add($"{what}: {x ?? "—"} → {y ?? "—"}");
        }
        Compare("Tổng điểm", $"{Vietnamese.Points(before.Total)} ({before.Rating})", $"{Vietnamese.Points(after.Total)} ({after.Rating})");
        Compare("Ngày họp", a.Date is { } d1 ? Vietnamese.Date(d1) + ReviewView.Times(a) : null, b.Date is { } d2 ? Vietnamese.Date(d2) + ReviewView.Times(b) : null);
        foreach (var c in ctx.Rubric.Criteria)
            Compare($"Tiêu chí {c.Id}", a.Scores.TryGetValue(c.Id, out var x) ? Vietnamese.Points(x) : null, b.Scores.TryGetValue(c.Id, out var y) ? Vietnamese.Points(y) : null);
        foreach (var e in b.Attendance)
            Compare($"Điểm danh {e.Name}", a.Attendance.FirstOrDefault(o => o.MemberId == e.MemberId) is { } o ? ReviewView.StatusText(o) : null, ReviewView.StatusText(e));
        foreach (var e in b.Dues)
            Compare($"Đảng phí {e.Name}", a.Dues.FirstOrDefault(o => o.MemberId == e.MemberId) is { } o ? DuesText(o) : null, DuesText(e));
        Compare("Kết luận", a.Conclusion, b.Conclusion);
        Compare("Nhiệm vụ", ReviewView.TaskLines(a.Tasks), ReviewView.TaskLines(b.Tasks));
        return changes;
    }

    private static string DuesText(DuesEntry d) => (d.Paid ? "đã nộp " : "chưa nộp ") + Vietnamese.Money(d.Amount);

    /// <summary>A deep copy, so the posted record never shares lists with a later draft.</summary>
}
