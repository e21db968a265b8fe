using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;

namespace ChiBo.Core.Tests;

/// <summary>The rules the notice and check-in features added to Core.</summary>
public sealed class MeetingRulesTests
{
    [Theory]
    [InlineData(MeetingWindow.FixedDay, "2026-11-03", "11/2026")]
    [InlineData(MeetingWindow.FixedDay, "2026-10-28", "10/2026")]
    [InlineData(MeetingWindow.LateOrEarly, "2026-10-24", "10/2026")]
    [InlineData(MeetingWindow.LateOrEarly, "2026-10-25", "10/2026")]
    [InlineData(MeetingWindow.LateOrEarly, "2026-12-31", "12/2026")]
    [InlineData(MeetingWindow.LateOrEarly, "2026-11-05", "11/2026")]
    public void A_meeting_counts_for_the_calendar_month_of_its_date(MeetingWindow window, string date, string month)
    {
        Assert.Equal(month, new MeetingSchedule(window).MonthOf(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ToString());
    }

    [Theory]
    [InlineData(true, 1, "Thông báo gửi lúc 09:00 30/10/2026, trước ngày họp 03/11/2026 4 ngày, cho đảng viên và cấp ủy cấp trên.")]
    [InlineData(false, 0, "Thông báo gửi lúc 09:00 30/10/2026, trước ngày họp 03/11/2026 4 ngày. Còn thiếu: ChiBo chưa gửi thông báo này cho cấp ủy cấp trên (nếu cấp ủy đã được báo cách khác, đồng chí chấm lại).")]
    public void Criterion_3_says_when_the_committee_did_not_get_the_notice(bool reachedCommittee, decimal points, string reason)
    {
        var criterion = BuiltInRubrics.Get(BuiltInRubrics.BacGiang2019).Criteria.Single(c => c.DerivedFrom == DerivedFrom.Notice);
        var vn = TimeSpan.FromHours(7);
        var context = new SuggestionContext(new YearMonth(2026, 11), [], new DateOnly(2026, 11, 3), new DateTimeOffset(2026, 11, 3, 14, 0, 0, vn),
            new DateTimeOffset(2026, 10, 30, 9, 0, 0, vn), NoticeReachedCommittee: reachedCommittee);

        var suggestion = Suggestions.For(criterion, context)!;

        Assert.Equal(points, suggestion.Points);
        Assert.Equal(reason, suggestion.Reason);
    }

    [Fact]
    public void Weekdays_are_written_in_Vietnamese()
    {
        Assert.Equal(["Thứ Hai", "Thứ Ba", "Chủ nhật"], new[] { new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 8) }.Select(Vietnamese.Weekday));
    }
}

/// <summary>Seed 004: at least 90 minutes, 120 with a thematic meeting the same day.</summary>
public sealed class MeetingLengthTests
{
    [Theory]
    [InlineData("14:00", "15:00", false, "Buổi họp chỉ kéo dài 60 phút; Quy định 28-QĐ/TU yêu cầu sinh hoạt chi bộ ít nhất 90 phút.")]
    [InlineData("14:00", "15:29", false, "Buổi họp chỉ kéo dài 89 phút; Quy định 28-QĐ/TU yêu cầu sinh hoạt chi bộ ít nhất 90 phút.")]
    [InlineData("14:00", "15:30", false, null)]
    [InlineData("14:00", "15:30", true, "Buổi họp chỉ kéo dài 90 phút; Quy định 28-QĐ/TU yêu cầu sinh hoạt chi bộ ít nhất 120 phút khi kết hợp sinh hoạt chuyên đề.")]
    [InlineData("14:00", "16:00", true, null)]
    public void A_short_meeting_is_warned_naming_the_rule(string start, string end, bool thematic, string? warning)
    {
        Assert.Equal(warning, MeetingLength.Warning(TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), thematic));
    }

    [Fact]
    public void Without_times_there_is_nothing_to_warn_about()
    {
        Assert.Null(MeetingLength.Warning(null, new TimeOnly(15, 0), false));
    }
}
