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
    [InlineData(MeetingWindow.LateOrEarly, "2026-10-25", "11/2026")]
    [InlineData(MeetingWindow.LateOrEarly, "2026-12-31", "1/2027")]
    [InlineData(MeetingWindow.LateOrEarly, "2026-11-05", "11/2026")]
    public void A_meeting_counts_for_the_month_of_its_window(MeetingWindow window, string date, string month)
    {
        Assert.Equal(month, new MeetingSchedule(window).MonthOf(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ToString());
    }

    [Theory]
    [InlineData(true, 1, "Thông báo gửi lúc 09:00 30/10/2026, trước giờ họp 101 giờ.")]
    [InlineData(false, 1, "Thông báo gửi lúc 09:00 30/10/2026, trước giờ họp 101 giờ. ChiBo chưa gửi thông báo này cho cấp ủy cấp trên; hãy kiểm tra cấp ủy đã được báo chưa.")]
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
