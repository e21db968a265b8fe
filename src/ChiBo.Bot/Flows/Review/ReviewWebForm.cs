using System.Globalization;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Flows.Review;

/// <summary>The review as the web form shows it: everything on one screen, as on the paper form.</summary>
public sealed record FormState(
    string Id, string Cell, string Month, bool ReadOnly, string? Notice,
    FormMeeting Meeting, List<FormAttendance> Attendance, List<FormDues> Dues, List<FormCriterion> Criteria,
    string? Conclusion, List<FormTask> Tasks, List<FormBand> Bands);

public sealed record FormMeeting(string? Date, string? Start, string? End, bool Thematic);
public sealed record FormAttendance(int Id, int Number, string Name, string Status, string? Reason);
public sealed record FormDues(int Id, int Number, string Name, bool Paid, decimal Amount);
public sealed record FormCriterion(string Id, string Text, string Short, decimal Max, decimal? Score, decimal? Suggestion, string? Why);
public sealed record FormTask(string Who, string What, string? Due);
public sealed record FormBand(decimal From, string Label);

/// <summary>What the form sends back: only the parts the person changed (null = untouched), so a chat answer given
/// meanwhile to another part is kept: the later write wins, part by part.</summary>
public sealed record FormInput(
    FormMeeting? Meeting, List<FormAttendance>? Attendance, List<FormDues>? Dues, Dictionary<string, decimal>? Scores,
    string? Conclusion, List<FormTask>? Tasks);

/// <summary>The answer to a form request: an HTTP status, and the state or the reasons it was refused.</summary>
public sealed record FormResult(int Status, FormState? State = null, List<string>? Errors = null, string? Message = null);

/// <summary>
/// The web form's side of the review (Web/ReviewFormEndpoints.cs serves it): it reads the same <see cref="ReviewDoc"/>
/// as the chat and writes into it with the same rules (ChiBo.Core's <see cref="Points"/>, the review's date check, the
/// tasks' format). A submission is all or nothing; once applied, the chat shows the summary to confirm, so posting
/// (and the audit trail of a reopened month) stays the chat's. A posted review is read-only here.
/// </summary>
public sealed class ReviewWebForm(Database db, Access access, ReviewFlow flow)
{
    public FormResult Read(string reviewId, ChatUser user) => db.InTransaction(() =>
    {
        if (Open(reviewId, user, out var ctx) is { } refused) return refused;
        return new FormResult(200, State(ctx!));
    });

    /// <summary>Applies a submission; on success the returned reply holds the summary for the chat (sent through the outbox).</summary>
    public FormResult Submit(string reviewId, ChatUser user, FormInput input, Outbox outbox) => db.InTransaction(() =>
    {
        if (Open(reviewId, user, out var ctx) is { } refused) return refused;
        var doc = ctx!.Doc;
        if (doc.Status == ReviewStatus.Posted)
            return new FormResult(409, State(ctx), ["Kết quả tháng này đã công bố nên biểu chỉ để xem. Muốn sửa, đồng chí gõ /danhgia " + ctx.Month + " trong cuộc trò chuyện với ChiBo để mở lại."]);
        var errors = Apply(ctx, input);
        if (errors.Count > 0) return new FormResult(400, null, errors);

        doc.PendingScores = null;
        doc.PendingReasons.Clear();
        doc.Step = ReviewStep.Summary;
        doc.ReturnToSummary = true;
        if (doc.OperatorKey != user.Key) // another officer takes the review over, as with /danhgia; the summary goes to them
            ReviewFlow.TakeOver(doc, user, Direct.ChatOf(db, user) ?? new ChatRef(user.Channel, user.Id, ChatKind.Private));
        flow.Save(doc);
        var reply = ReviewView.Prompt(ctx, "🖥 Đã nhận biểu gửi từ trang web. Đồng chí kiểm tra lại rồi xác nhận để công bố.", inPlace: false);
        // The answer to the officer who sent the form: as urgent as a typed answer.
        outbox.Enqueue(reply.Messages, reply.Messages.FirstOrDefault() is { } m ? new ChatRef(m.Channel, m.ChatId, ChatKind.Private) : null);
        return new FormResult(200, State(ctx), Message: "Đã ghi biểu. Đồng chí xem tổng hợp trong cuộc trò chuyện với ChiBo và xác nhận để công bố.");
    });

    private FormResult? Open(string reviewId, ChatUser user, out ReviewContext? ctx)
    {
        ctx = null;
        var doc = db.Review(reviewId);
        if (doc is null || doc.Status == ReviewStatus.Cancelled)
            return new FormResult(404, Errors: ["Không có phiên đánh giá này. Đồng chí gõ /danhgia trong cuộc trò chuyện với ChiBo để bắt đầu."]);
        var cell = db.Cell(doc.CellId);
        if (access.Check(cell, user, Permission.Review) is { } refusal) return new FormResult(403, Errors: [refusal]);
        ctx = flow.Load(doc);
        ctx.SyncWithRoster();
        return null;
    }

    private static FormState State(ReviewContext ctx)
    {
        var r = ctx.Record;
        static string? Time(TimeOnly? t) => t?.ToString("HH:mm", CultureInfo.InvariantCulture);
        var labels = ctx.Rubric.Labels;
        return new FormState(ctx.Doc.Id, ctx.Cell.Name, ctx.Month.ToVietnamese(), ctx.Doc.Status == ReviewStatus.Posted,
            ctx.Doc.Status == ReviewStatus.Posted ? "Kết quả tháng này đã công bố; biểu chỉ để xem." : null,
            new FormMeeting(r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Time(r.Start), Time(r.End), r.WithThematic),
            ctx.AttendanceInOrder().Select(e => new FormAttendance(e.MemberId, ctx.NumberOf(e.MemberId), e.Name, e.Status.ToString(), e.Reason)).ToList(),
            ctx.DuesInOrder().Select(d => new FormDues(d.MemberId, ctx.NumberOf(d.MemberId), d.Name, d.Paid, d.Amount)).ToList(),
            ctx.Rubric.Criteria.Select(c => (c, s: ctx.SuggestionFor(c)))
                .Select(x => new FormCriterion(x.c.Id, x.c.Text, x.c.Label, x.c.MaxPoints, r.Scores.TryGetValue(x.c.Id, out var p) ? p : null, x.s?.Points, x.s?.Reason)).ToList(),
            r.Conclusion, r.Tasks.Select(t => new FormTask(t.Who, t.What, t.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList(),
            [new(MonthlyRating.GoodFrom, labels.Good), new(MonthlyRating.FairFrom, labels.Fair), new(MonthlyRating.AverageFrom, labels.Average), new(0, labels.Poor)]);
    }

    /// <summary>Checks every part first, then writes them all; the reasons name the part, in Vietnamese.</summary>
    private static List<string> Apply(ReviewContext ctx, FormInput input)
    {
        var errors = new List<string>();
        var r = ctx.Record;
        var writes = new List<Action>();
        var changed = new List<string>();

        if (input.Meeting is { } m)
        {
            DateOnly? date = null;
            TimeOnly? start = null, end = null;
            if (m.Date is not { Length: > 0 }) errors.Add("Hãy điền ngày họp.");
            else if (DateOnly.TryParseExact(m.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) date = d;
            else errors.Add("Ngày họp không hợp lệ.");
            if (date is { } day && ReviewAnswers.CheckDate(ctx, day) is { } bad) errors.Add(bad);
            if (m.Start is { Length: > 0 }) { if (ReviewAnswers.TryParseTime(m.Start, out var s)) start = s; else errors.Add("Giờ bắt đầu không hợp lệ."); }
            if (m.End is { Length: > 0 }) { if (ReviewAnswers.TryParseTime(m.End, out var e)) end = e; else errors.Add("Giờ kết thúc không hợp lệ."); }
            if (start is { } s1 && end is { } e1 && e1 <= s1) errors.Add("Giờ kết thúc phải sau giờ bắt đầu.");
            writes.Add(() => { r.Date = date; r.Start = start; r.End = end; r.WithThematic = m.Thematic; });
        }
        foreach (var a in input.Attendance ?? [])
        {
            var entry = r.Attendance.FirstOrDefault(e => e.MemberId == a.Id);
            if (entry is null) { errors.Add($"Không có đảng viên mã {a.Id} trong danh sách điểm danh."); continue; }
            if (!Enum.TryParse<AttendanceStatus>(a.Status, out var status) || !Enum.IsDefined(status)) { errors.Add($"Trạng thái điểm danh của {entry.Name} không hợp lệ."); continue; }
            if (a.Reason is { Length: > 200 }) { errors.Add($"Lý do vắng của {entry.Name} quá dài (tối đa 200 ký tự)."); continue; }
            writes.Add(() => { entry.Status = status; entry.Reason = status == AttendanceStatus.AbsentWithReason && !string.IsNullOrWhiteSpace(a.Reason) ? a.Reason.Trim() : null; });
        }
        foreach (var p in input.Dues ?? [])
        {
            var entry = r.Dues.FirstOrDefault(e => e.MemberId == p.Id);
            if (entry is null) { errors.Add($"Không có đảng viên mã {p.Id} trong danh sách đảng phí."); continue; }
            if (p.Amount is < 0 or > 100_000_000 || p.Amount % 1 != 0) { errors.Add($"Số tiền đảng phí của {entry.Name} không hợp lệ."); continue; }
            writes.Add(() => { entry.Paid = p.Paid; entry.Amount = p.Amount; });
        }
        foreach (var (id, value) in input.Scores ?? [])
        {
            if (ctx.Rubric.Find(id) is not { } criterion) { errors.Add($"Không có tiêu chí {id}."); continue; }
            if (!Points.TryValidate(criterion, (double)value, out var points, out var error)) { errors.Add($"Tiêu chí {id}: {error}"); continue; }
            writes.Add(() => { if (ctx.SetScore(criterion, points)) changed.Add(id); });
        }
        if (input.Conclusion is { } conclusion)
        {
            if (conclusion.Trim().Length is < 5 or > 4000) errors.Add("Kết luận phải dài từ 5 đến 4000 ký tự.");
            writes.Add(() => r.Conclusion = conclusion.Trim());
        }
        if (input.Tasks is { } tasks)
        {
            var items = new List<TaskItem>();
            foreach (var t in tasks)
            {
                if (string.IsNullOrWhiteSpace(t.Who) || string.IsNullOrWhiteSpace(t.What)) { errors.Add("Mỗi nhiệm vụ cần người thực hiện và nội dung."); continue; }
                DateOnly? due = null;
                if (t.Due is { Length: > 0 })
                {
                    if (!DateOnly.TryParseExact(t.Due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) { errors.Add($"Hạn của nhiệm vụ \"{t.What}\" không hợp lệ."); continue; }
                    due = d;
                }
                items.Add(new TaskItem { Who = t.Who.Trim(), What = t.What.Trim(), Due = due });
            }
            if (items.Count > 50) errors.Add("Tối đa 50 nhiệm vụ cho một buổi sinh hoạt.");
            writes.Add(() => { r.Tasks.Clear(); r.Tasks.AddRange(items); });
        }
        if (errors.Count > 0) return errors;
        foreach (var write in writes) write();
        // Written after the meeting and attendance above, so each score is kept beside the suggestion they now give.
        if (changed.Count > 0) ctx.AskReasons(changed);
        return errors;
    }
}
