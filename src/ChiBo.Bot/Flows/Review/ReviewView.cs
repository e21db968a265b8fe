using System.Globalization;
using System.Text;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Flows.Review;

/// <summary>What each review step shows: the text (with what to type) and its buttons.</summary>
public static class ReviewView
{
    private const int Steps = 6;

    public static Reply Prompt(ReviewContext ctx, string? notice, bool inPlace)
    {
        var (text, choices) = ctx.Doc.Step switch
        {
            ReviewStep.Meeting => Meeting(ctx),
            ReviewStep.Attendance => Attendance(ctx),
            ReviewStep.Dues => Dues(ctx),
            ReviewStep.Criteria => Criterion(ctx),
            ReviewStep.Conclusion => Conclusion(ctx),
            ReviewStep.Tasks => Tasks(ctx),
            ReviewStep.Summary => Summary(ctx),
            ReviewStep.ConfirmCancel => ($"Đồng chí có chắc muốn hủy phiên đánh giá {ctx.Month.ToVietnamese()}? Mọi câu trả lời đã nhập sẽ bị bỏ.",
                [[new Choice("✖ Hủy đánh giá", D(ctx, "yes"), "có"), new Choice("↩ Tiếp tục", D(ctx, "no"), "không")]]),
            _ => ("Phiên đánh giá này đã kết thúc.", new List<List<Choice>>()),
        };
        // A derived criterion just scored against the suggestion without a reason: the question comes first (below the
        // summary at the summary, in place of the next criterion while walking).
        if (ctx.Doc.OverrideReasons is not null && ctx.Doc.Step is >= ReviewStep.Criteria and <= ReviewStep.Summary)
            (text, choices) = ((ctx.Doc.Step == ReviewStep.Summary ? text + "\n\n" : "") + ReviewAnswers.OverrideReasonQuestion(ctx),
                [[new Choice("Bỏ qua, không nêu lý do", D(ctx, "rskip"), "bỏ qua")], Nav(ctx)]);
        if (ctx.WebForm is not null && ctx.Doc.Step is >= ReviewStep.Meeting and <= ReviewStep.Summary)
            choices = [.. choices, [new("🖥 Điền cả biểu trên web", D(ctx, "web"), "mở biểu", ctx.MiniAppUrl)]];
        var full = Header(ctx) + (notice is null ? "" : notice + "\n\n") + text;
        return new Reply().Wizard(ctx.OperatorChat, ctx.WizardKey, full, choices, inPlace);
    }

    private static string Header(ReviewContext ctx)
    {
        var (n, name) = ctx.Doc.Step switch
        {
            ReviewStep.Meeting => (1, "Thông tin buổi họp"),
            ReviewStep.Attendance => (2, "Điểm danh"),
            ReviewStep.Dues => (3, "Đảng phí"),
            ReviewStep.Criteria => (4, $"Chấm điểm — tiêu chí {ctx.Doc.CriterionIndex + 1}/{ctx.Rubric.Criteria.Count}"),
            ReviewStep.Conclusion => (5, "Kết luận"),
            ReviewStep.Tasks => (5, "Phân công nhiệm vụ"),
            ReviewStep.Summary => (6, "Tổng hợp"),
            _ => (0, ""),
        };
        var step = n > 0 ? $"Bước {n}/{Steps} · {name}\n" : "";
        return $"📋 Đánh giá sinh hoạt — {ctx.Cell.Name}, {ctx.Month.ToVietnamese()}\n{step}\n";
    }

    private static string D(ReviewContext ctx, string action) => ctx.ButtonData(action);

    private static List<Choice> Nav(ReviewContext ctx) => [new("⬅ Quay lại", D(ctx, "back"), "quay lại"), new("📋 Xem biểu", D(ctx, "form"), "xem biểu"), Cancel(ctx)];

    /// <summary>
    /// The whole rubric as a compact table, as on the paper form: number, short name, score (or the bot's suggestion) out of
    /// the max, and the running total with the band it falls in. Scores typed as one line and not yet confirmed are shown
    /// in place, marked ✏️. The summary and "xem biểu" use it.
    /// </summary>
    public static string Form(ReviewContext ctx)
    {
        var r = ctx.Record;
        var pending = ctx.Doc.PendingScores;
        var sb = new StringBuilder(pending is null ? "📋 Biểu chấm điểm:\n" : "📋 Biểu chấm điểm theo dòng vừa gõ (✏️ là điểm mới, chưa ghi):\n");
        var scored = 0;
        var sum = 0m;
        foreach (var c in ctx.Rubric.Criteria)
        {
            var isNew = pending is not null && pending.TryGetValue(c.Id, out var p) && (!r.Scores.TryGetValue(c.Id, out var was) || was != p);
            decimal? points = pending is not null && pending.TryGetValue(c.Id, out var pp) ? pp : r.Scores.TryGetValue(c.Id, out var rp) ? rp : null;
            string value;
            if (points is { } v)
            {
                scored++;
                sum += v;
                value = $"{Vietnamese.Points(v)}/{Vietnamese.Points(c.MaxPoints)}{(isNew ? " ✏️" : "")}";
            }
            else value = ctx.SuggestionFor(c) is { } s ? $"—/{Vietnamese.Points(c.MaxPoints)} (gợi ý {Vietnamese.Points(s.Points)})" : $"—/{Vietnamese.Points(c.MaxPoints)}";
            sb.Append($"{c.Id}. {c.Label}: {value}\n");
        }
        var label = ctx.Rubric.Labels.For(MonthlyRating.For(sum));
        sb.Append(scored == ctx.Rubric.Criteria.Count
            ? $"TỔNG: {Vietnamese.Points(sum)}/{Vietnamese.Points(ctx.Rubric.MaxTotal)} — {label}"
            : $"Tạm tính: {Vietnamese.Points(sum)}/{Vietnamese.Points(ctx.Rubric.MaxTotal)} ({label}); còn {ctx.Rubric.Criteria.Count - scored} tiêu chí chưa chấm");
        return sb.ToString();
    }

    /// <summary>A typed line of scores waits for confirmation: the form with the new values, and what to answer.</summary>
    private static (string, List<List<Choice>>) PendingScores(ReviewContext ctx)
    {
        var walking = ctx.Doc.Step == ReviewStep.Criteria && !ctx.Doc.ReturnToSummary;
        var text = Form(ctx) + "\n\nĐồng chí kiểm tra lại. Đúng thì gõ \"đúng\" để ghi"
            + (walking ? " (hoặc gõ luôn nội dung kết luận: điểm được ghi rồi sang bước kết luận)" : "")
            + "; sai thì gõ \"sai\" để bỏ, hoặc gõ lại cả dòng điểm, hay từng mục cần sửa (ví dụ 7: 2).";
        return (text, [[new("✔ Đúng, ghi điểm", D(ctx, "qok"), "đúng"), new("✖ Sai, bỏ", D(ctx, "qno"), "sai")], Nav(ctx)]);
    }

    private static Choice Cancel(ReviewContext ctx) => new("✖ Hủy", D(ctx, "cancel"), "hủy");

    private static (string, List<List<Choice>>) Meeting(ReviewContext ctx)
    {
        var r = ctx.Record;
        var sb = new StringBuilder("Buổi sinh hoạt họp ngày nào, từ mấy giờ đến mấy giờ?\nGõ ví dụ: 03/11/2026 14:00-16:30 (hoặc \"hôm nay 14:00-16:30\").\n");
        if (r.Date is { } d) sb.Append($"\nĐã ghi: ngày {Vietnamese.Date(d)}{Times(r)}.");
        sb.Append($"\nCó kết hợp sinh hoạt chuyên đề: {(r.WithThematic ? "có" : "không")} (gõ \"chuyên đề\" để đổi)");
        sb.Append(r.ThematicTopic is { } topic ? $"; chủ đề: {topic}." : "; ghi chủ đề bằng \"chuyên đề: <chủ đề>\".");
        // Formatted without the server's culture: its date separator or calendar would change the label and the data.
        static string Day(DateOnly d) => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var dates = new List<Choice> { new($"Hôm nay {Vietnamese.DayMonth(ctx.Today)}", D(ctx, $"d:{Day(ctx.Today)}"), "hôm nay") };
        if (ctx.Cell.Schedule().DueDate(ctx.Month, ctx.Holidays) is { } due && due != ctx.Today && due <= ctx.Today)
            dates.Add(new($"Ngày {Vietnamese.DayMonth(due)}", D(ctx, $"d:{Day(due)}"), Vietnamese.Date(due)));
        List<List<Choice>> rows = [dates, [new(r.WithThematic ? "☑ Có sinh hoạt chuyên đề" : "☐ Có sinh hoạt chuyên đề", D(ctx, "thematic"), "chuyên đề")]];
        if (r.Date is not null) rows.Add([new("Tiếp tục ➡", D(ctx, "next"), "tiếp tục")]);
        rows.Add([new("📋 Xem biểu", D(ctx, "form"), "xem biểu"), Cancel(ctx)]);
        return (sb.ToString(), rows);
    }

    internal static string Times(MeetingRecord r) =>
        r.Start is { } s && r.End is { } e ? $", {s.ToString("HH:mm", CultureInfo.InvariantCulture)}–{e.ToString("HH:mm", CultureInfo.InvariantCulture)}" : "";

    internal static string StatusText(AttendanceEntry e) => e.Status switch
    {
        AttendanceStatus.Present when e.Exempt => "✅ có mặt (miễn sinh hoạt, không tính vào tỷ lệ)",
        AttendanceStatus.Present => "✅ có mặt",
        AttendanceStatus.AbsentWithReason => "🟡 vắng có lý do" + (string.IsNullOrEmpty(e.Reason) ? "" : $": {e.Reason}"),
        AttendanceStatus.AbsentWithoutReason => "❌ vắng không lý do",
        AttendanceStatus.AbsentUnexplained => "🟠 vắng chưa rõ lý do",
        AttendanceStatus.Exempt => "⚪ miễn sinh hoạt",
        _ => "▫️ chưa điểm danh",
    };

    /// <summary>"Phát biểu ý kiến (3): 1, 4, 7".</summary>
    private static string SpeakersLine(ReviewContext ctx) =>
        $"Phát biểu ý kiến ({ctx.Record.Speakers.Count}): {string.Join(", ", ctx.Record.Speakers.Select(ctx.NumberOf))}";

    private static (string, List<List<Choice>>) Attendance(ReviewContext ctx)
    {
        if (ctx.Doc.PickingSpeakers) return SpeakersPicker(ctx);
        var entries = ctx.AttendanceInOrder();
        var sb = new StringBuilder();
        foreach (var e in entries) sb.Append($"{ctx.NumberOf(e.MemberId)}. {e.Name} — {StatusText(e)}\n");
        sb.Append($"\n{AttendanceSummary.Of(entries).Line}\n");
        if (ctx.Record.Speakers.Count > 0) sb.Append($"{SpeakersLine(ctx)}\n");
        var rows = new List<List<Choice>>();
        if (ctx.Doc.PendingReasons.Count > 0 && entries.FirstOrDefault(e => e.MemberId == ctx.Doc.PendingReasons[0]) is { } pending)
        {
            sb.Append($"\n✍️ Lý do vắng của {ctx.NumberOf(pending.MemberId)}. {pending.Name}? Gõ lý do, hoặc \"bỏ qua\".");
            rows.Add([new("Bỏ qua", D(ctx, "skip"), "bỏ qua")]);
        }
        else
        {
            sb.Append("\nBấm tên để đổi trạng thái (có mặt → vắng có lý do → vắng không lý do → miễn), hoặc gõ:\n"
                + "• tất cả có mặt\n• vắng có lý do 3 5\n• vắng không lý do 7\n• có mặt 2\n"
                + "• phát biểu 1 3 5 — những đồng chí đã phát biểu ý kiến (không bắt buộc)\n• xong — sang bước tiếp theo");
        }
        rows.AddRange(entries.Select(e => new Choice($"{ctx.NumberOf(e.MemberId)}. {Short(e.Name)} {Icon(e.Status)}", D(ctx, $"a:{e.MemberId}"))).InRowsOf(2));
        rows.Add([new("Tất cả có mặt", D(ctx, "all"), "tất cả có mặt"), new("🗣 Ghi người phát biểu", D(ctx, "speakers")), new("Xong ➡", D(ctx, "done"), "xong")]);
        rows.Add(Nav(ctx));
        return (sb.ToString(), rows);
    }

    /// <summary>The attendance step's optional part: tap the members who contributed opinions (those not absent).</summary>
    private static (string, List<List<Choice>>) SpeakersPicker(ReviewContext ctx)
    {
        var entries = ctx.AttendanceInOrder().Where(CanSpeak).ToList();
        var sb = new StringBuilder("🗣 Những đồng chí đã phát biểu ý kiến trong buổi họp (không bắt buộc)\n\n");
        foreach (var e in entries) sb.Append($"{ctx.NumberOf(e.MemberId)}. {e.Name}{(ctx.Record.Speakers.Contains(e.MemberId) ? " — 🗣 đã phát biểu" : "")}\n");
        sb.Append($"\n{(ctx.Record.Speakers.Count > 0 ? SpeakersLine(ctx) : "Chưa ghi ai phát biểu.")}\n");
        sb.Append("\nBấm tên để ghi hoặc bỏ ghi, hoặc gõ: phát biểu 1 3 5. Xong thì bấm \"Xong phần phát biểu\" (hoặc gõ \"xong\").");
        var rows = entries.Select(e => new Choice($"{ctx.NumberOf(e.MemberId)}. {Short(e.Name)} {(ctx.Record.Speakers.Contains(e.MemberId) ? "🗣" : "▫️")}", D(ctx, $"s:{e.MemberId}")))
            .InRowsOf(2);
        rows.Add([new("✔ Xong phần phát biểu", D(ctx, "speakers"), "xong")]);
        rows.Add(Nav(ctx));
        return (sb.ToString(), rows);
    }

    /// <summary>Only members not marked absent or exempt can have spoken.</summary>
    internal static bool CanSpeak(AttendanceEntry e) => e.Status is AttendanceStatus.Present or AttendanceStatus.Unknown;

    private static string Icon(AttendanceStatus s) => s switch
    {
        AttendanceStatus.Present => "✅",
        AttendanceStatus.AbsentWithReason => "🟡",
        AttendanceStatus.AbsentWithoutReason => "❌",
        AttendanceStatus.AbsentUnexplained => "🟠",
        AttendanceStatus.Exempt => "⚪",
        _ => "▫️",
    };

    private static string Short(string name) => Vietnamese.Shorten(name, 21);

    private static (string, List<List<Choice>>) Dues(ReviewContext ctx)
    {
        var dues = ctx.DuesInOrder();
        var sb = new StringBuilder();
        foreach (var d in dues) sb.Append($"{ctx.NumberOf(d.MemberId)}. {d.Name} — {(d.Paid ? "✅ đã nộp" : "▫️ chưa nộp")} {Vietnamese.Money(d.Amount)}\n");
        sb.Append($"\n{DuesSummary.Of(dues).Line}\n\nBấm tên để đổi, hoặc gõ:\n• tất cả đã nộp\n• chưa nộp 4\n• mức 20000 — mức đảng phí tháng này\n• 3 50000 — số 3 nộp 50.000 đ\n• xong — sang bước tiếp theo");
        var rows = dues.Select(d => new Choice($"{ctx.NumberOf(d.MemberId)}. {Short(d.Name)} {(d.Paid ? "✅" : "▫️")}", D(ctx, $"p:{d.MemberId}"))).InRowsOf(2);
        rows.Add([new("Tất cả đã nộp", D(ctx, "allpaid"), "tất cả đã nộp"), new("Xong ➡", D(ctx, "done"), "xong")]);
        rows.Add(Nav(ctx));
        return (sb.ToString(), rows);
    }

    private static (string, List<List<Choice>>) Criterion(ReviewContext ctx)
    {
        if (ctx.Doc.PendingScores is not null) return PendingScores(ctx);
        var c = ctx.CurrentCriterion;
        var max = c.MaxPoints;
        var sb = new StringBuilder($"{c.Id}. {c.Text}\n(tối đa {Vietnamese.Points(max)} điểm)\n");
        var suggestion = ctx.SuggestionFor(c);
        if (suggestion is not null) sb.Append($"\n💡 Gợi ý: {Vietnamese.Points(suggestion.Points)} điểm — {suggestion.Reason}\n");
        if (c.ShowPreviousConclusion) sb.Append('\n').Append(ctx.PreviousConclusion ?? "Chưa có kết luận tháng trước trong ChiBo.").Append('\n');
        if (c.ShowPreviousConclusion && ctx.PreviousTasks.Count > 0)
        {
            ReviewAnswers.SyncFollowUps(ctx);
            sb.Append("\nKết quả từng nhiệm vụ tháng trước:\n");
            sb.Append(string.Join("\n", ctx.Record.FollowUps.Select((t, i) => $"{i + 1}. {t.Who}: {t.What} — {ReviewAnswers.FollowUpText(t.Status)}")));
            sb.Append("\nGõ \"nhiệm vụ 1 xong\", \"nhiệm vụ 2 chưa\" hoặc \"nhiệm vụ 3 chuyển\" (chuyển sang nhiệm vụ tháng này).\n");
        }
        if (ctx.Record.Scores.TryGetValue(c.Id, out var current)) sb.Append($"\nĐã chấm: {Vietnamese.Points(current)} điểm.\n");
        sb.Append($"\nGõ số điểm từ 0 đến {Vietnamese.Points(max)} ({Points.Example(c)}){(suggestion is null ? "" : ", hoặc \"đồng ý\" để nhận gợi ý")}.");
        if (ctx.Doc.CriterionIndex == 0) sb.Append("\n\n").Append(ScoreLines.Help(ctx.Rubric)).Append("\nGõ \"xem biểu\" để xem cả biểu.");

        var half = decimal.Floor(max) / 2; // 3 → 1,5; 2 → 1; 15 → 7,5: always a whole or half point
        decimal[] values = half == 0 ? [0, max] : [0, half, max]; // ascending, no repeats: a rubric's maxima are positive (RubricLoader)
        var row = new List<Choice>(values.Length);
        foreach (var v in values)
        {
            var points = Vietnamese.Points(v);
            row.Add(new Choice(points, D(ctx, "s:" + v.ToString(CultureInfo.InvariantCulture)), points));
        }
        var rows = new List<List<Choice>> { row };
        if (suggestion is not null) rows.Add([new($"✔ Nhận gợi ý: {Vietnamese.Points(suggestion.Points)}", D(ctx, "sg"), "đồng ý")]);
        if (ctx.Record.Scores.ContainsKey(c.Id)) rows.Add([Keep(ctx)]);
        rows.Add(Nav(ctx));
        return (sb.ToString(), rows);
    }

    private static (string, List<List<Choice>>) Conclusion(ReviewContext ctx)
    {
        var sb = new StringBuilder("Gõ nội dung kết luận (nghị quyết) chi bộ đã thông qua.");
        var rows = new List<List<Choice>>();
        if (!string.IsNullOrWhiteSpace(ctx.Record.Conclusion))
        {
            sb.Append($"\n\nĐã ghi:\n{ctx.Record.Conclusion}\n\nGõ nội dung mới để thay, hoặc \"giữ nguyên\".");
            rows.Add([Keep(ctx)]);
        }
        rows.Add(Nav(ctx));
        return (sb.ToString(), rows);
    }

    private static (string, List<List<Choice>>) Tasks(ReviewContext ctx)
    {
        var sb = new StringBuilder("Phân công nhiệm vụ: gõ mỗi nhiệm vụ một dòng theo mẫu\nngười | việc | hạn\nví dụ: 3 | Hoàn thiện báo cáo quý | 15/12\n(người: số thứ tự hoặc họ tên; hạn có thể bỏ trống)\n");
        if (ctx.Record.Tasks.Count > 0) sb.Append("\nĐã ghi:\n").Append(TaskLines(ctx.Record.Tasks)).Append('\n');
        sb.Append("\nGõ \"xong\" khi đã đủ, hoặc \"bỏ qua\" nếu không có nhiệm vụ.");
        var rows = new List<List<Choice>> { new() { ctx.Record.Tasks.Count > 0 ? new("Xong ➡", D(ctx, "done"), "xong") : new("Bỏ qua ➡", D(ctx, "done"), "bỏ qua") } };
        if (ctx.Record.Tasks.Count > 0) rows[0].Add(new("Xóa hết", D(ctx, "clear"), "xóa hết"));
        rows.Add(Nav(ctx));
        return (sb.ToString(), rows);
    }

    internal static string TaskLines(IEnumerable<TaskItem> tasks) => RecordText.Tasks(tasks);

    private static (string, List<List<Choice>>) Summary(ReviewContext ctx)
    {
        if (ctx.Doc.PendingScores is not null) return PendingScores(ctx);
        var r = ctx.Record;
        var sb = new StringBuilder();
        sb.Append($"Ngày họp: {(r.Date is { } d ? Vietnamese.Date(d) : "chưa ghi")}{Times(r)}{(r.WithThematic ? " (kết hợp sinh hoạt chuyên đề)" : "")}\n");
        if (MeetingLength.Warning(r.Start, r.End, r.WithThematic) is { } shortMeeting) sb.Append($"⚠️ {shortMeeting}\n");
        sb.Append($"Điểm danh: {r.SummarizeAttendance().Line}\n");
        if (r.Speakers.Count > 0) sb.Append($"{SpeakersLine(ctx)}\n");
        sb.Append($"Đảng phí: {r.SummarizeDues().Line}\n\n");
        sb.Append(Form(ctx)).Append('\n');
        foreach (var line in RecordText.Absentees(r)) sb.Append(line).Append('\n');
        var overrides = RecordText.Overrides(ctx.Rubric, r);
        if (overrides.Count > 0) sb.Append("Chấm khác đề xuất của ChiBo:\n").Append(string.Join("\n", overrides)).Append('\n');
        sb.Append($"\nKết luận: {r.Conclusion ?? "chưa ghi"}\n");
        sb.Append(r.Tasks.Count > 0 ? $"Nhiệm vụ:\n{TaskLines(r.Tasks)}\n" : "Nhiệm vụ: không có\n");
        var stale = ctx.StaleSuggestions();
        if (stale.Count > 0)
        {
            sb.Append("\n⚠️ Thông tin buổi họp đã thay đổi, ChiBo tính lại gợi ý:\n");
            foreach (var s in stale)
                sb.Append($"• Tiêu chí {s.CriterionId}: đang chấm {Vietnamese.Points(r.Scores[s.CriterionId])}, gợi ý mới {Vietnamese.Points(s.Points)} — {s.Reason}\n");
            sb.Append("Gõ \"nhận gợi ý mới\" hoặc \"giữ điểm cũ\" (hoặc \"sửa <số tiêu chí>\").\n");
        }
        sb.Append("\nBấm Xác nhận (hoặc gõ \"xác nhận\") để công bố kết quả vào nhóm chi bộ, hoặc chọn phần cần sửa (gõ \"sửa 5\" để chấm lại tiêu chí 5, hoặc \"sửa 5: 2, 12: 8,5\" để đổi điểm ngay).");
        var rows = new List<List<Choice>>();
        if (stale.Count > 0) rows.Add([new("♻️ Nhận gợi ý mới", D(ctx, "rederive"), "nhận gợi ý mới"), new("Giữ điểm cũ", D(ctx, "keepold"), "giữ điểm cũ")]);
        rows.AddRange(new List<List<Choice>>
        {
            new() { new("✅ Xác nhận và công bố", D(ctx, "ok"), "xác nhận") },
            new() { Edit(ctx, "Sửa ngày họp", "meeting"), Edit(ctx, "Sửa điểm danh", "attendance") },
            new() { Edit(ctx, "Sửa đảng phí", "dues"), Edit(ctx, "Sửa kết luận", "conclusion"), Edit(ctx, "Sửa nhiệm vụ", "tasks") },
        });
        rows.AddRange(ctx.Rubric.Criteria.Select(c => new Choice($"TC{c.Id}: {(r.Scores.TryGetValue(c.Id, out var p) ? Vietnamese.Points(p) : "—")}", D(ctx, $"ec:{c.Id}"))).InRowsOf(5));
        rows.Add(Nav(ctx));
        return (sb.ToString(), rows);
    }

    /// <summary>Buttons laid out <paramref name="perRow"/> to a row (one list per row, no intermediate arrays).</summary>
    private static List<List<Choice>> InRowsOf(this IEnumerable<Choice> buttons, int perRow)
    {
        var rows = new List<List<Choice>>();
        foreach (var button in buttons)
        {
            if (rows.Count == 0 || rows[^1].Count == perRow) rows.Add(new List<Choice>(perRow));
            rows[^1].Add(button);
        }
        return rows;
    }

    private static Choice Keep(ReviewContext ctx) => new("Giữ nguyên ➡", D(ctx, "keep"), "giữ nguyên");

    /// <summary>A summary button reopening one part; typed, its label in lower case ("sửa điểm danh").</summary>
    private static Choice Edit(ReviewContext ctx, string label, string part) => new(label, D(ctx, $"e:{part}"), label.ToLowerInvariant());

    public static string PostedText(ReviewContext ctx, string announcement) => ctx.Cell.IsGroupless
        ? $"✅ Đã ghi kết quả {ctx.Cell.Name}; bản để chuyển tiếp tới đảng viên được gửi cho cán bộ chi bộ."
        : $"✅ Đã công bố kết quả vào nhóm {ctx.Cell.Name}:\n\n{announcement}";
}
