using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;

namespace ChiBo.Core.Scoring;

/// <summary>A score the bot proposes for a criterion, and why ("17/18 có mặt = 94,4%").</summary>
public sealed record Suggestion(string CriterionId, decimal Points, string Reason);

/// <summary>What the bot knows about a meeting that can suggest scores.</summary>
public sealed record SuggestionContext(
    YearMonth Month,
    IReadOnlyList<AttendanceEntry> Attendance,
    DateOnly? MeetingDate = null,
    DateTimeOffset? MeetingStartsAt = null,
    DateTimeOffset? NoticeSentAt = null,
    MeetingSchedule? Schedule = null,
    HolidayCalendar? Holidays = null,
    bool NoticeReachedCommittee = true);

/// <summary>The criteria the bot can work out itself (DOMAIN.md: criteria 2, 3, 5 and 6).</summary>
public static class Suggestions
{
    /// <summary>Criterion 5: strictly above 90 % (9 of 10 present is not enough).</summary>
    public const decimal AttendanceThreshold = 0.9m;

    public static Suggestion? For(Criterion criterion, SuggestionContext context) => criterion.DerivedFrom switch
    {
        DerivedFrom.AttendanceRate => AttendanceRate(criterion, context),
        DerivedFrom.NoUnexcusedAbsence => NoUnexcusedAbsence(criterion, context),
        DerivedFrom.MeetingDay => MeetingDay(criterion, context),
        DerivedFrom.Notice => Notice(criterion, context),
        _ => null,
    };

    /// <summary>Non-exempt members present ÷ non-exempt members; an exempt member who attends counts on neither side.</summary>
    private static Suggestion? AttendanceRate(Criterion c, SuggestionContext ctx)
    {
        var s = AttendanceSummary.Of(ctx.Attendance);
        if (s.Total == 0 || s.Unknown > 0 || s.Rate is not { } rate) return null;
        var text = $"{s.Present}/{s.Expected} có mặt = {Vietnamese.Percent(rate)}";
        return rate > AttendanceThreshold
            ? new(c.Id, c.MaxPoints, $"{text}, trên 90%.")
            : new(c.Id, 0, $"{text}, không trên 90%.");
    }

    /// <summary>An absence has a reason only once one is recorded: "chưa rõ lý do" is not one.</summary>
    private static Suggestion? NoUnexcusedAbsence(Criterion c, SuggestionContext ctx)
    {
        var s = AttendanceSummary.Of(ctx.Attendance);
        if (s.Total == 0 || s.Unknown > 0) return null;
        if (s.AbsentWithoutReason == 0 && s.AbsentUnexplained == 0)
            return new(c.Id, c.MaxPoints, "Không có đảng viên vắng mặt không có lý do.");
        var parts = new List<string>();
        if (s.AbsentWithoutReason > 0) parts.Add($"{s.AbsentWithoutReason} đảng viên vắng mặt không có lý do");
        if (s.AbsentUnexplained > 0) parts.Add($"{s.AbsentUnexplained} đảng viên vắng chưa rõ lý do (chưa ghi lý do; nếu có lý do, đồng chí ghi ở bước điểm danh)");
        return new(c.Id, 0, $"Có {string.Join(" và ", parts)}.");
    }

    private static Suggestion? MeetingDay(Criterion c, SuggestionContext ctx)
    {
        if (ctx.MeetingDate is not { } date) return null;
        var check = (ctx.Schedule ?? MeetingSchedule.Default).Check(date, ctx.Month, ctx.Holidays ?? HolidayCalendar.Standard);
        return new(c.Id, check.OnSchedule ? c.MaxPoints : 0, check.Reason);
    }

    /// <summary>
    /// Criterion 3: "trước ít nhất 01 ngày" counts calendar days — a notice sent by the day before the meeting (20:00 the
    /// evening before included) is on time — and it must reach both the members and the committee above.
    /// </summary>
    private static Suggestion? Notice(Criterion c, SuggestionContext ctx)
    {
        if (ctx.NoticeSentAt is not { } sent || ctx.MeetingStartsAt is not { } start) return null;
        var sentDay = DateOnly.FromDateTime(sent.DateTime);
        var meetingDay = DateOnly.FromDateTime(start.DateTime);
        var shown = $"Thông báo gửi lúc {Vietnamese.DateTime(sent)}";
        var days = meetingDay.DayNumber - sentDay.DayNumber;
        var missing = new List<string>();
        if (days < 1) missing.Add(sent >= start ? "thông báo gửi sau giờ họp" : "thông báo gửi ngay trong ngày họp, chưa trước ít nhất 01 ngày");
        // The bot only knows what it sent itself: when the committee was not among the recipients, the secretary checks.
        if (!ctx.NoticeReachedCommittee) missing.Add("ChiBo chưa gửi thông báo này cho cấp ủy cấp trên (nếu cấp ủy đã được báo cách khác, đồng chí chấm lại)");
        var lead = days >= 1 ? $", trước ngày họp {Vietnamese.Date(meetingDay)} {days} ngày" : "";
        return missing.Count == 0
            ? new(c.Id, c.MaxPoints, $"{shown}{lead}, cho đảng viên và cấp ủy cấp trên.")
            : new(c.Id, 0, $"{shown}{lead}. Còn thiếu: {string.Join("; ", missing)}.");
    }
}
