using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;

namespace ChiBo.Core.Scoring;

/// <summary>A score the bot proposes for a criterion, and why ("17/18 có mặt = 94,4 %").</summary>
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

    public static readonly TimeSpan NoticeLead = TimeSpan.FromHours(24);

    public static Suggestion? For(Criterion criterion, SuggestionContext context) => criterion.DerivedFrom switch
    {
        DerivedFrom.AttendanceRate => AttendanceRate(criterion, context),
        DerivedFrom.NoUnexcusedAbsence => NoUnexcusedAbsence(criterion, context),
        DerivedFrom.MeetingDay => MeetingDay(criterion, context),
        DerivedFrom.Notice => Notice(criterion, context),
        _ => null,
    };

    private static Suggestion? AttendanceRate(Criterion c, SuggestionContext ctx)
    {
        var s = AttendanceSummary.Of(ctx.Attendance);
        if (s.Total == 0 || s.Unknown > 0 || s.Rate is not { } rate) return null;
        var text = $"{s.Present}/{s.Expected} có mặt = {Vietnamese.Percent(rate)}";
        return rate > AttendanceThreshold
            ? new(c.Id, c.MaxPoints, $"{text}, trên 90 %.")
            : new(c.Id, 0, $"{text}, không trên 90 %.");
    }

    private static Suggestion? NoUnexcusedAbsence(Criterion c, SuggestionContext ctx)
    {
        var s = AttendanceSummary.Of(ctx.Attendance);
        if (s.Total == 0 || s.Unknown > 0) return null;
        return s.AbsentWithoutReason == 0
            ? new(c.Id, c.MaxPoints, "Không có đảng viên vắng mặt không có lý do.")
            : new(c.Id, 0, $"Có {s.AbsentWithoutReason} đảng viên vắng mặt không có lý do.");
    }

    private static Suggestion? MeetingDay(Criterion c, SuggestionContext ctx)
    {
        if (ctx.MeetingDate is not { } date) return null;
        var check = (ctx.Schedule ?? MeetingSchedule.Default).Check(date, ctx.Month, ctx.Holidays ?? HolidayCalendar.SolarOnly);
        return new(c.Id, check.OnSchedule ? c.MaxPoints : 0, check.Reason);
    }

    private static Suggestion? Notice(Criterion c, SuggestionContext ctx)
    {
        if (ctx.NoticeSentAt is not { } sent || ctx.MeetingStartsAt is not { } start) return null;
        var lead = start - sent;
        var hours = (long)Math.Floor(lead.TotalHours);
        var shown = $"Thông báo gửi lúc {Vietnamese.DateTime(sent)}";
        // The bot only knows what it sent itself: when the committee was not among the recipients, the secretary checks.
        var committee = ctx.NoticeReachedCommittee ? "" : " ChiBo chưa gửi thông báo này cho cấp ủy cấp trên; hãy kiểm tra cấp ủy đã được báo chưa.";
        if (lead >= NoticeLead) return new(c.Id, c.MaxPoints, $"{shown}, trước giờ họp {hours} giờ.{committee}");
        return lead > TimeSpan.Zero
            ? new(c.Id, 0, $"{shown}, chỉ trước giờ họp {hours} giờ (cần ít nhất 24 giờ).{committee}")
            : new(c.Id, 0, $"{shown}, không trước giờ họp (cần ít nhất 24 giờ).{committee}");
    }
}
