using System.Globalization;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Flows.Review;

/// <summary>Steps 3 to 6: dues, each criterion, conclusion and tasks, and the summary.</summary>
public static partial class ReviewAnswers
{
    // ── Step 3: dues ──────────────────────────────────────────────────────────────────
    private static Outcome Dues(ReviewContext ctx, Answer a) => ThenDone(a, answer => DuesAnswer(ctx, answer));

    private static Outcome DuesAnswer(ReviewContext ctx, Answer a)
    {
        var dues = ctx.DuesInOrder();
        if (a.Is("allpaid", "tat ca da nop", "tat ca"))
        {
            foreach (var d in dues) d.Paid = true;
            return Outcome.Stay();
        }
        if (a.Is("done", "xong")) return Outcome.Next;
        if (a.Button is { } b && b.StartsWith("p:", StringComparison.Ordinal))
        {
            var target = int.TryParse(b[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? dues.FirstOrDefault(d => d.MemberId == id) : null;
            if (target is null) return Outcome.Fail("Nút này không hợp lệ.");
            target.Paid = !target.Paid;
            return Outcome.Stay();
        }
        if (a.Text is not null)
        {
            var t = a.Folded;
            foreach (var (words, paid) in new[] { ("chua nop", false), ("da nop", true) })
            {
                if (!t.StartsWith(words, StringComparison.Ordinal)) continue;
                if (!Roster.TryParseNumbers(t[words.Length..], ctx.Roster.Count, out var numbers, out var error)) return Outcome.Fail(error);
                foreach (var n in numbers)
                    if (dues.FirstOrDefault(d => d.MemberId == ctx.Roster[n - 1].Id) is { } d) d.Paid = paid;
                return Outcome.Stay();
            }
            if (t.StartsWith("muc", StringComparison.Ordinal))
            {
                if (!TryParseMoney(t[3..], out var amount)) return Outcome.Fail("Hãy gõ mức đảng phí bằng số, ví dụ: mức 20000.");
                foreach (var d in dues) d.Amount = amount;
                return Outcome.Stay($"Mức đảng phí tháng này: {Vietnamese.Money(amount)} mỗi người.");
            }
            var parts = t.Split(' ', 2);
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && TryParseMoney(parts[1], out var own))
            {
                if (number < 1 || number > ctx.Roster.Count) return Outcome.Fail($"Không có số thứ tự {number} trong danh sách (từ 1 đến {ctx.Roster.Count}).");
                if (dues.FirstOrDefault(d => d.MemberId == ctx.Roster[number - 1].Id) is { } d) { d.Amount = own; d.Paid = true; }
                return Outcome.Stay();
            }
        }
        return Outcome.Fail("Không hiểu câu trả lời. Hãy bấm tên để đổi trạng thái, hoặc gõ: \"tất cả đã nộp\", \"chưa nộp 4\", \"mức 20000\", \"3 50000\" (số 3 nộp 50.000 đ), \"xong\".");
    }

    internal static bool TryParseMoney(string text, out decimal amount)
    {
        var s = Roster.Fold(text).Replace("dong", "").Replace("d", "").Replace(".", "").Replace(",", "").Replace(" ", "");
        var multiplier = 1m;
        if (s.EndsWith('k')) { multiplier = 1000m; s = s[..^1]; }
        amount = 0;
        if (s.Length is 0 or > 10 || !decimal.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v * multiplier > 100_000_000) return false;
        amount = v * multiplier;
        return true;
    }

    // ── Step 4: one criterion ─────────────────────────────────────────────────────────
    private static Outcome Criterion(ReviewContext ctx, Answer a)
    {
        if (ctx.Doc.PendingScores is not null) return AnswerPendingScores(ctx, a);
        if (FollowUp(ctx, a) is { } followUp) return followUp;
        if (ProposeScores(ctx, a) is { } proposed) return proposed;
        var criterion = ctx.CurrentCriterion;
        var suggestion = ctx.SuggestionFor(criterion);
        decimal points;
        string? note = null;
        if (a.Is("sg", "goi y", "dong y", "ok"))
        {
            if (suggestion is null) return Outcome.Fail("Tiêu chí này không có gợi ý. Hãy gõ số điểm.");
            points = suggestion.Points;
        }
        else if (a.Is("keep", "giu nguyen") && ctx.Record.Scores.ContainsKey(criterion.Id))
        {
            return Outcome.Next;
        }
        else if (a.Button is { } b && b.StartsWith("s:", StringComparison.Ordinal))
        {
            if (!double.TryParse(b[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return Outcome.Fail("Nút này không hợp lệ.");
            if (!Points.TryValidate(criterion, value, out points, out var error)) return Outcome.Fail(error);
        }
        else if (a.Text is { } text)
        {
            var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var number = parts.Length > 0 ? parts[0] : "";
            if (parts.Length == 2 && Roster.Fold(parts[1]) == "diem") { number = text; parts = [text]; }
            if (!Points.TryParse(criterion, number, out points, out var error))
                return Outcome.Fail(number == text ? error : Points.TryParse(criterion, text, out _, out var whole) ? error : whole);
            if (parts.Length == 2) note = parts[1];
        }
        else return Outcome.Fail("Nút này không hợp lệ.");

        ctx.SetScore(criterion, points, note);
        ctx.AskReasons([criterion.Id]);
        return Outcome.Next;
    }

    // ── Step 5: conclusion, then tasks ────────────────────────────────────────────────
    /// <summary>The conclusion; lines written as tasks ("người | việc | hạn") below it are the tasks, and the tasks step is then skipped.</summary>
    private static Outcome Conclusion(ReviewContext ctx, Answer a)
    {
        if (a.Is("keep", "giu nguyen") && !string.IsNullOrWhiteSpace(ctx.Record.Conclusion)) return Outcome.Next;
        if (a.Text is not { Length: > 0 } text) return Outcome.Fail("Hãy gõ nội dung kết luận (nghị quyết) của buổi sinh hoạt.");
        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        var taskLines = lines.Where(l => l.Contains('|')).ToList();
        var conclusion = string.Join("\n", lines.Where(l => !l.Contains('|'))).Trim();
        if (conclusion.Length < 5) return Outcome.Fail("Kết luận quá ngắn. Hãy gõ nội dung kết luận (nghị quyết) của buổi sinh hoạt.");
        if (ParseTasks(ctx, taskLines, out var tasks) is { } error) return Outcome.Fail(error);
        ctx.Record.Conclusion = conclusion;
        if (tasks.Count == 0) return Outcome.Next;
        ctx.Record.Tasks.Clear();
        ctx.Record.Tasks.AddRange(tasks);
        return ctx.Doc.ReturnToSummary ? Outcome.Next : new Outcome(Trigger: ReviewTrigger.Next, Then: [ReviewTrigger.Next], Notice: $"Đã ghi kết luận và {tasks.Count} nhiệm vụ.");
    }

    private static Outcome Tasks(ReviewContext ctx, Answer a)
    {
        if (a.Is("done", "xong", "bo qua", "khong co")) return Outcome.Next;
        if (a.Is("clear", "xoa het"))
        {
            ctx.Record.Tasks.Clear();
            return Outcome.Stay("Đã xóa hết nhiệm vụ.");
        }
        if (a.Text is not { Length: > 0 } text) return Outcome.Fail("Nút này không hợp lệ.");
        var added = new List<TaskItem>();
        var bad = new List<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ParseTask(ctx, line, out var task) is { } error) bad.Add($"• \"{(line.Length > 40 ? line[..40] + "…" : line)}\": {error}");
            else added.Add(task!);
        }
        if (ctx.Record.Tasks.Count + added.Count > 50) return Outcome.Fail("Tối đa 50 nhiệm vụ cho một buổi sinh hoạt.");
        if (added.Count == 0)
            return Outcome.Fail($"Không ghi được nhiệm vụ nào:\n{string.Join("\n", bad)}\nMỗi nhiệm vụ một dòng: người | việc | hạn, ví dụ: 3 | Hoàn thiện báo cáo quý | 15/12. Gõ \"xong\" khi đã đủ, hoặc \"bỏ qua\" nếu không có.");
        // The good lines are kept even when another line of the same message is wrong; the wrong ones are named.
        ctx.Record.Tasks.AddRange(added);
        return Outcome.Stay($"Đã ghi {added.Count} nhiệm vụ. "
            + (bad.Count > 0 ? $"⚠️ Chưa ghi được {bad.Count} dòng:\n{string.Join("\n", bad)}\nHãy gõ lại các dòng này (người | việc | hạn)." : "Gõ tiếp nhiệm vụ khác, hoặc \"xong\"."));
    }

    /// <summary>"3 | Hoàn thiện báo cáo quý | 15/12": null when valid, else why not.</summary>
    private static string? ParseTask(ReviewContext ctx, string line, out TaskItem? task)
    {
        task = null;
        var f = line.Split('|', StringSplitOptions.TrimEntries);
        if (f.Length is < 2 or > 3 || f[0].Length == 0 || f[1].Length == 0) return "cần đủ người | việc (| hạn).";
        var who = f[0];
        if (int.TryParse(who, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            if (n < 1 || n > ctx.Roster.Count) return $"không có số thứ tự {n} trong danh sách (từ 1 đến {ctx.Roster.Count}).";
            who = ctx.Roster[n - 1].Name;
        }
        DateOnly? due = null;
        if (f.Length == 3 && f[2].Length > 0)
        {
            if (!TryParseDue(f[2], ctx.Month.Year, out var d)) return $"hạn \"{f[2]}\" không phải ngày (ví dụ: 15/12 hoặc 15/12/2026).";
            due = d;
        }
        task = new TaskItem { Who = who, What = f[1], Due = due };
        return null;
    }

    /// <summary>"người | việc | hạn" lines, all or nothing (the conclusion step's tasks): the error names the first line that cannot be read.</summary>
    private static string? ParseTasks(ReviewContext ctx, IEnumerable<string> lines, out List<TaskItem> added)
    {
        added = [];
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            if (ParseTask(ctx, line, out var task) is { } error) return $"Dòng \"{line}\": {error} Mỗi nhiệm vụ một dòng: người | việc | hạn, ví dụ: 3 | Hoàn thiện báo cáo quý | 15/12.";
            added.Add(task!);
        }
        return ctx.Record.Tasks.Count + added.Count > 50 ? "Tối đa 50 nhiệm vụ cho một buổi sinh hoạt." : null;
    }

    // ── Step 6: the summary ───────────────────────────────────────────────────────────
    private static readonly (string Button, string Words, ReviewStep Step)[] EditWords =
    [
        ("e:meeting", "sua ngay hop", ReviewStep.Meeting),
        ("e:attendance", "sua diem danh", ReviewStep.Attendance),
        ("e:dues", "sua dang phi", ReviewStep.Dues),
        ("e:conclusion", "sua ket luan", ReviewStep.Conclusion),
        ("e:tasks", "sua nhiem vu", ReviewStep.Tasks),
    ];

    private static Outcome Summary(ReviewContext ctx, Answer a)
    {
        if (ctx.Doc.PendingScores is not null) return AnswerPendingScores(ctx, a);
        if (ProposeScores(ctx, a) is { } proposed) return proposed;
        var stale = ctx.StaleSuggestions();
        if (stale.Count > 0 && a.Is("rederive", "nhan goi y moi", "nhan goi y", "dong y goi y moi"))
        {
            foreach (var s in stale)
            {
                ctx.Record.Scores[s.CriterionId] = s.Points;
                ctx.Record.Suggested[s.CriterionId] = s.Points;
                ctx.Record.ScoreNotes.Remove(s.CriterionId);
            }
            return Outcome.Stay($"Đã chấm lại theo gợi ý mới: {string.Join(", ", stale.Select(s => $"tiêu chí {s.CriterionId}: {Vietnamese.Points(s.Points)}"))}.");
        }
        if (stale.Count > 0 && a.Is("keepold", "giu diem cu"))
        {
            foreach (var s in stale)
            {
                ctx.Record.Suggested[s.CriterionId] = s.Points;
                ctx.Record.ScoreNotes.TryAdd(s.CriterionId, "giữ điểm đã chấm khi mở lại");
            }
            return Outcome.Stay("Đã giữ điểm đã chấm; phần chấm khác đề xuất sẽ được ghi trong kết quả.");
        }
        if (a.Is("ok", "xac nhan", "cong bo", "dong y"))
        {
            if (stale.Count > 0)
                return Outcome.Fail($"Thông tin buổi họp đã thay đổi nên gợi ý của tiêu chí {string.Join(", ", stale.Select(s => s.CriterionId))} đã khác điểm đang chấm. Gõ \"nhận gợi ý mới\" hoặc \"giữ điểm cũ\" trước khi xác nhận.");
            var unscored = new Scorecard(ctx.Rubric, ctx.Record.Scores).Unscored;
            if (unscored.Count > 0) return Outcome.Fail($"Còn tiêu chí chưa chấm: {string.Join(", ", unscored.Select(c => c.Id))}. Gõ \"sửa <số tiêu chí>\" để chấm.");
            if (string.IsNullOrWhiteSpace(ctx.Record.Conclusion)) return Outcome.Fail("Chưa có kết luận. Gõ \"sửa kết luận\" để nhập.");
            return new Outcome(Trigger: ReviewTrigger.Confirm);
        }
        foreach (var (button, words, step) in EditWords)
            if (a.Is(button, words)) return new Outcome(Trigger: ReviewTrigger.Edit, EditTarget: step);

        string? criterionId = a.Button is { } b && b.StartsWith("ec:", StringComparison.Ordinal) ? b[3..]
            : a.Folded.StartsWith("sua ", StringComparison.Ordinal) ? a.Folded[4..].Replace("tieu chi", "").Trim() : null;
        if (criterionId is not null)
        {
            var index = ctx.Rubric.Criteria.ToList().FindIndex(c => c.Id == criterionId);
            if (index < 0) return Outcome.Fail($"Không có tiêu chí \"{criterionId}\". Các tiêu chí đánh số từ 1 đến {ctx.Rubric.Criteria.Count}.");
            ctx.Doc.CriterionIndex = index;
            return new Outcome(Trigger: ReviewTrigger.Edit, EditTarget: ReviewStep.Criteria);
        }
        return Outcome.Fail("Hãy bấm Xác nhận để công bố, hoặc chọn phần cần sửa (gõ \"sửa 5\" để chấm lại tiêu chí 5, \"sửa điểm danh\", \"sửa đảng phí\", \"sửa kết luận\", \"sửa nhiệm vụ\", \"sửa ngày họp\").");
    }
}
