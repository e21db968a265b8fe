using System.Globalization;
using System.Text.RegularExpressions;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Flows.Review;

/// <summary>One answer: typed text or a button's action.</summary>
public sealed record Answer(string? Text, string? Button)
{
    /// <summary>The text folded for matching words: lower case, no diacritics.</summary>
    public string Folded { get; } = Roster.Fold(Text ?? "");
    /// <summary>The button pressed, or one of <paramref name="words"/> typed (a span: no array per call, every answer asks many times).</summary>
    public bool Is(string button, params ReadOnlySpan<string> words) => Button == button || (Text is not null && words.Contains(Folded));
}

/// <summary>What an answer does: an error (nothing changes), or changes plus an optional trigger (and the triggers
/// <paramref name="Then"/> fired after it, for one message that answers several steps).</summary>
public sealed record Outcome(string? Error = null, ReviewTrigger? Trigger = null, ReviewStep? EditTarget = null, string? Notice = null, string? Refusal = null,
    IReadOnlyList<ReviewTrigger>? Then = null)
{
    public static Outcome Fail(string error) => new(Error: error);
    public static Outcome Stay(string? notice = null) => new(Notice: notice);
    public static readonly Outcome Next = new(Trigger: ReviewTrigger.Next);
}

/// <summary>
/// What every step of the review accepts, typed or by button, and what it changes. Handlers only
/// change the in-memory record; on <see cref="Outcome.Error"/> the flow reloads it, so bad input changes nothing.
/// </summary>
public static partial class ReviewAnswers
{
    public static Answer FromText(string text) => new(text.Trim(), null);
    public static Answer FromButton(string action) => new(null, action);

    public static Outcome Handle(ReviewContext ctx, Answer a)
    {
        if (a.Is("form", "xem bieu", "bieu", "xem bieu diem")) return ShowForm(ctx);
        if (a.Is("web", "mo bieu", "mo bieu tren web", "bieu web")) return WebFormLink(ctx);
        if (ctx.Doc.PendingScores is not null && a.Is("back", "quay lai", "tro lai"))
        {
            ctx.Doc.PendingScores = null;
            return Outcome.Stay("Đã bỏ biểu điểm vừa gõ; không điểm nào thay đổi.");
        }
        if (ctx.Doc.OverrideReasons is not null && a.Is("back", "quay lai", "tro lai"))
            ctx.Doc.OverrideReasons = null; // going back to rescore: the question is asked again if still needed
        if (a.Is("back", "quay lai", "tro lai"))
            return new Outcome(Trigger: ReviewTrigger.Back, Refusal: "Đây là bước đầu tiên, không có bước nào trước đó.");
        if (ctx.Doc.Step != ReviewStep.ConfirmCancel && a.Is("cancel", "huy", "huy bo", "huy danh gia"))
        {
            ctx.Doc.PendingScores = null;
            ctx.Doc.OverrideReasons = null;
            return new Outcome(Trigger: ReviewTrigger.Cancel);
        }
        if (a.Text is { Length: > 2000 }) return Outcome.Fail("Tin nhắn quá dài (tối đa 2000 ký tự).");
        if (ctx.Doc.OverrideReasons is not null && ctx.Doc.Step is >= ReviewStep.Criteria and <= ReviewStep.Summary) return AnswerOverrideReason(ctx, a);
        return ctx.Doc.Step switch
        {
            ReviewStep.Meeting => Meeting(ctx, a),
            ReviewStep.Attendance => Attendance(ctx, a),
            ReviewStep.Dues => Dues(ctx, a),
            ReviewStep.Criteria => Criterion(ctx, a),
            ReviewStep.Conclusion => Conclusion(ctx, a),
            ReviewStep.Tasks => Tasks(ctx, a),
            ReviewStep.Summary => Summary(ctx, a),
            ReviewStep.ConfirmCancel => a.Is("yes", "co", "dong y", "huy") ? new Outcome(Trigger: ReviewTrigger.Confirm)
                : a.Is("no", "khong", "tiep tuc") ? new Outcome(Trigger: ReviewTrigger.Resume)
                : Outcome.Fail("Hãy bấm \"Hủy đánh giá\" hoặc \"Tiếp tục\" (hoặc gõ: có / không)."),
            _ => Outcome.Fail("Phiên đánh giá này đã kết thúc."),
        };
    }

    // ── Step 1: when the meeting was held ────────────────────────────────────────────────
    private static Outcome Meeting(ReviewContext ctx, Answer a)
    {
        var r = ctx.Record;
        if (a.Is("thematic", "chuyen de"))
        {
            r.WithThematic = !r.WithThematic;
            return Outcome.Stay();
        }
        if (a.Text is { } typed && ThematicTopic().Match(typed) is { Success: true } topic)
        {
            if (topic.Groups[1].Value.Length > 300) return Outcome.Fail("Chủ đề quá dài (tối đa 300 ký tự).");
            r.WithThematic = true;
            r.ThematicTopic = topic.Groups[1].Value.Trim();
            return Outcome.Stay($"Đã ghi chủ đề sinh hoạt chuyên đề: {r.ThematicTopic}.");
        }
        if (a.Button == "next" || a.Is("", "xong", "tiep", "tiep tuc"))
            return r.Date is null ? Outcome.Fail("Hãy cho biết ngày họp trước.") : MeetingDone(r);
        if (a.Button is { } b && b.StartsWith("d:", StringComparison.Ordinal))
        {
            if (!DateOnly.TryParseExact(b[2..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var picked)) return Outcome.Fail("Nút này không hợp lệ.");
            if (CheckDate(ctx, picked) is { } bad) return Outcome.Fail(bad);
            r.Date = picked;
            return Outcome.Next;
        }
        if (a.Text is null) return Outcome.Fail("Nút này không hợp lệ.");

        var text = a.Folded;
        if (text.Contains("chuyen de")) { r.WithThematic = true; text = text.Replace("chuyen de", " "); }
        var times = TimeRange().Match(text);
        if (times.Success) text = text.Remove(times.Index, times.Length);
        text = text.Trim();
        DateOnly date;
        if (text is "hom nay") date = ctx.Today;
        else if (text is "hom qua") date = ctx.Today.AddDays(-1);
        else if (!TryParseDate(text, ctx.Month.Year, out date))
            return Outcome.Fail("Không hiểu ngày họp. Hãy gõ ngày và giờ, ví dụ: 03/11/2026 14:00-16:30, hoặc \"hôm nay 14:00-16:30\".");
        if (CheckDate(ctx, date) is { } error) return Outcome.Fail(error);
        if (times.Success)
        {
            if (!TryParseTime(times.Groups[1].Value, out var start) || !TryParseTime(times.Groups[2].Value, out var end))
                return Outcome.Fail("Giờ không hợp lệ. Ví dụ: 14:00-16:30.");
            if (end <= start) return Outcome.Fail("Giờ kết thúc phải sau giờ bắt đầu. Ví dụ: 14:00-16:30.");
            if (date == ctx.Today && ctx.TimeNow is { } now && start > now)
                return Outcome.Fail($"Buổi họp lúc {start.ToString("HH:mm", CultureInfo.InvariantCulture)} hôm nay chưa diễn ra, nên chưa thể đánh giá. Đồng chí đánh giá sau khi họp xong.");
            r.Start = start;
            r.End = end;
        }
        r.Date = date;
        return MeetingDone(r);
    }

    /// <summary>On to attendance, warning (seed 004) when the meeting was shorter than the rule asks.</summary>
    private static Outcome MeetingDone(MeetingRecord r) =>
        MeetingLength.Warning(r.Start, r.End, r.WithThematic) is { } warning ? new Outcome(Trigger: ReviewTrigger.Next, Notice: "⚠️ " + warning) : Outcome.Next;

    internal static string? CheckDate(ReviewContext ctx, DateOnly date)
    {
        var earliest = new DateOnly(ctx.Month.Previous.Year, ctx.Month.Previous.Month, 20);
        if (date > ctx.Today) return $"Ngày {Vietnamese.Date(date)} chưa đến. Hãy gõ ngày đã họp.";
        if (date < earliest || date > ctx.Month.LastDay)
            return $"Ngày {Vietnamese.Date(date)} không thuộc kỳ sinh hoạt {ctx.Month.ToVietnamese()} (từ {Vietnamese.Date(earliest)} đến {Vietnamese.Date(ctx.Month.LastDay)}).";
        return null;
    }

    private static bool TryParseDate(string text, int defaultYear, out DateOnly date)
    {
        date = default;
        var m = DatePattern().Match(text);
        if (!m.Success) return false;
        var day = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var year = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : defaultYear;
        if (year < 100) year += 2000;
        if (month is < 1 or > 12 || year is < 2000 or > 2100 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    internal static bool TryParseDue(string text, int defaultYear, out DateOnly date) => TryParseDate(Roster.Fold(text), defaultYear, out date);

    internal static bool TryParseTime(string text, out TimeOnly time)
    {
        time = default;
        var m = TimePattern().Match(text);
        if (!m.Success) return false;
        var h = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var min = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        if (h > 23 || min > 59) return false;
        time = new TimeOnly(h, min);
        return true;
    }

    [GeneratedRegex(@"^([0-9]{1,2})\s*[/\-.]\s*([0-9]{1,2})(?:\s*[/\-.]\s*([0-9]{2,4}))?$")] private static partial Regex DatePattern();
    [GeneratedRegex(@"^(?:sinh hoạt\s+)?chuyên đề\s*:\s*(.+)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)] private static partial Regex ThematicTopic();
    [GeneratedRegex(@"([0-9]{1,2}(?:[:h][0-9]{0,2})?)\s*(?:-|–|den)\s*([0-9]{1,2}(?:[:h][0-9]{0,2})?)\s*$")] private static partial Regex TimeRange();
    [GeneratedRegex(@"^([0-9]{1,2})(?:[:h]([0-9]{2})?)?$")] private static partial Regex TimePattern();

    // ── Step 2: attendance ─────────────────────────────────────────────────────────────
    private static readonly (string Words, AttendanceStatus Status)[] AttendanceWords =
    [
        ("vang khong ly do", AttendanceStatus.AbsentWithoutReason),
        ("vang co ly do", AttendanceStatus.AbsentWithReason),
        ("co mat", AttendanceStatus.Present),
        ("mien", AttendanceStatus.Exempt),
    ];

    private static Outcome Attendance(ReviewContext ctx, Answer a) => ThenDone(a, answer => AttendanceAnswer(ctx, answer));

    /// <summary>"tất cả có mặt xong", "chưa nộp 4, xong": the answer, then "xong", in one message (both or neither).</summary>
    private static Outcome ThenDone(Answer a, Func<Answer, Outcome> step)
    {
        var match = a.Text is null ? null : DoneSuffix().Match(a.Text.Trim());
        if (match is not { Success: true, Index: > 0 }) return step(a);
        var first = step(FromText(a.Text!.Trim()[..match.Index]));
        if (first.Error is not null || first.Trigger is not null) return first;
        var done = step(FromText("xong"));
        return done.Error is null ? done with { Notice = first.Notice ?? done.Notice } : done;
    }

    [GeneratedRegex(@"[\s,;.\-]+xong$", RegexOptions.IgnoreCase)] private static partial Regex DoneSuffix();

    private static Outcome AttendanceAnswer(ReviewContext ctx, Answer a)
    {
        var doc = ctx.Doc;
        var entries = ctx.AttendanceInOrder();
        if (doc.PendingReasons.Count > 0)
        {
            var entry = entries.FirstOrDefault(e => e.MemberId == doc.PendingReasons[0]);
            if (a.Is("skip", "bo qua", "khong ro"))
            {
                doc.PendingReasons.RemoveAt(0);
                return Outcome.Stay();
            }
            if (a.Text is { Length: > 0 } reason && !a.Folded.StartsWith("vang") && !a.Folded.StartsWith("co mat") && !a.Folded.StartsWith("tat ca") && a.Folded != "xong" && entry is not null)
            {
                if (reason.Length > 200) return Outcome.Fail("Lý do quá dài (tối đa 200 ký tự).");
                entry.Reason = reason;
                doc.PendingReasons.RemoveAt(0);
                return Outcome.Stay();
            }
        }

        if (a.Button == "speakers" || (doc.PickingSpeakers && a.Is("done", "xong")))
        {
            doc.PickingSpeakers = !doc.PickingSpeakers;
            return Outcome.Stay();
        }
        if (a.Button is { } s && s.StartsWith("s:", StringComparison.Ordinal))
        {
            var speaker = int.TryParse(s[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var sid) ? entries.FirstOrDefault(e => e.MemberId == sid) : null;
            if (speaker is null || !doc.PickingSpeakers) return Outcome.Fail("Nút này không hợp lệ.");
            if (!ReviewView.CanSpeak(speaker)) return Outcome.Fail($"Đồng chí {speaker.Name} đang được ghi là vắng hoặc miễn sinh hoạt, nên không ghi phát biểu được.");
            if (!ctx.Record.Speakers.Remove(sid)) ctx.Record.Speakers = [.. ctx.Record.Speakers.Append(sid).OrderBy(ctx.NumberOf)];
            return Outcome.Stay();
        }
        if (a.Is("all", "tat ca co mat", "tat ca", "du"))
        {
            foreach (var e in entries.Where(e => e.Status == AttendanceStatus.Unknown)) e.Status = AttendanceStatus.Present;
            return Outcome.Stay();
        }
        if (a.Is("done", "xong"))
        {
            var missing = entries.Where(e => e.Status == AttendanceStatus.Unknown).Select(e => ctx.NumberOf(e.MemberId)).ToList();
            if (missing.Count > 0) return Outcome.Fail($"Còn {missing.Count} người chưa điểm danh (số {string.Join(", ", missing)}). Hãy đánh dấu họ, hoặc gõ \"tất cả có mặt\".");
            if (doc.PendingReasons.Count > 0) return Outcome.Fail("Hãy ghi lý do vắng (hoặc gõ \"bỏ qua\") trước khi sang bước sau.");
            var unclear = entries.Where(e => e.Status == AttendanceStatus.AbsentUnexplained).Select(e => ctx.NumberOf(e.MemberId)).ToList();
            if (unclear.Count > 0)
                return Outcome.Fail($"Còn {unclear.Count} đồng chí xin vắng nhưng chưa rõ lý do (số {string.Join(", ", unclear)}). Đồng chí xác định giúp: gõ \"vắng có lý do {unclear[0]}\" hoặc \"vắng không lý do {unclear[0]}\".");
            return Outcome.Next;
        }
        if (a.Button is { } b && b.StartsWith("a:", StringComparison.Ordinal))
        {
            var target = int.TryParse(b[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? entries.FirstOrDefault(e => e.MemberId == id) : null;
            if (target is null) return Outcome.Fail("Nút này không hợp lệ.");
            Mark(doc, target, target.Status switch
            {
                AttendanceStatus.Unknown or AttendanceStatus.Exempt => AttendanceStatus.Present,
                AttendanceStatus.Present or AttendanceStatus.AbsentUnexplained => AttendanceStatus.AbsentWithReason,
                AttendanceStatus.AbsentWithReason => AttendanceStatus.AbsentWithoutReason,
                _ => AttendanceStatus.Exempt,
            });
            return Outcome.Stay();
        }
        if (a.Text is not null && a.Folded.StartsWith("phat bieu", StringComparison.Ordinal)) return Speakers(ctx, string.Join(' ', a.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2)));
        if (a.Text is not null)
        {
            foreach (var (words, status) in AttendanceWords)
            {
                if (!a.Folded.StartsWith(words, StringComparison.Ordinal)) continue;
                if (!Roster.TryParseNumbers(a.Folded[words.Length..], ctx.Roster.Count, out var numbers, out var error)) return Outcome.Fail(error);
                foreach (var n in numbers)
                    if (entries.FirstOrDefault(e => e.MemberId == ctx.Roster[n - 1].Id) is { } e) Mark(doc, e, status);
                return Outcome.Stay();
            }
        }
        return Outcome.Fail("Không hiểu câu trả lời. Hãy bấm tên để đổi trạng thái, hoặc gõ: \"tất cả có mặt\", \"vắng có lý do 3 5\", \"vắng không lý do 7\", \"có mặt 2\", \"phát biểu 1 3\", \"xong\".");
    }

    /// <summary>"phát biểu 1 3 5 7": who contributed opinions (seed 002 counts them per year); "phát biểu không" clears it.
    /// Optional; only members not marked absent or exempt can have spoken.</summary>
    private static Outcome Speakers(ReviewContext ctx, string numbersText)
    {
        var r = ctx.Record;
        if (Roster.Fold(numbersText).Trim() is "" or "khong" or "khong ai")
        {
            r.Speakers = [];
            return Outcome.Stay("Đã xóa danh sách phát biểu.");
        }
        if (!Roster.TryParseNumbers(numbersText, ctx.Roster.Count, out var numbers, out var error)) return Outcome.Fail(error);
        var entries = ctx.AttendanceInOrder();
        var ids = new List<int>();
        foreach (var n in numbers.Distinct().Order())
        {
            var entry = entries.FirstOrDefault(e => e.MemberId == ctx.Roster[n - 1].Id);
            if (entry is null) continue;
            if (!ReviewView.CanSpeak(entry))
                return Outcome.Fail($"Đồng chí số {n} ({entry.Name}) đang được ghi là {ReviewView.StatusText(entry)[2..]}, nên không ghi phát biểu được. Hãy sửa điểm danh trước.");
            ids.Add(entry.MemberId);
        }
        r.Speakers = ids;
        return Outcome.Stay($"Đã ghi {ids.Count} đồng chí phát biểu ý kiến.");
    }

    private static void Mark(ReviewDoc doc, AttendanceEntry e, AttendanceStatus status)
    {
        e.Status = status;
        if (status != AttendanceStatus.Present && status != AttendanceStatus.Unknown) doc.Record.Speakers.Remove(e.MemberId);
        doc.PendingReasons.Remove(e.MemberId);
        if (status != AttendanceStatus.AbsentWithReason) e.Reason = null;
        else if (string.IsNullOrEmpty(e.Reason)) doc.PendingReasons.Add(e.MemberId);
    }
}
