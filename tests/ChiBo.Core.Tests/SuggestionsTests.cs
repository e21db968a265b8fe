using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;
using static ChiBo.Core.Tests.TestData;

namespace ChiBo.Core.Tests;

/// <summary>The scores the bot proposes for bac-giang criteria 2, 3, 5 and 6, each with the reason shown to the secretary.</summary>
public sealed class SuggestionsTests
{
    private static readonly YearMonth November = new(2026, 11);
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    private static Suggestion? Suggest(string criterionId, SuggestionContext context) =>
        Suggestions.For(BacGiang.Find(criterionId)!, context);

    private static SuggestionContext Attendance(List<AttendanceEntry> roll) => new(November, roll);

    // Criterion 5: present ÷ (members − exempt) strictly above 90 % → 3, else 0.
    [Theory]
    [InlineData(17, 1, 0, 2, 3, "17/18 có mặt = 94,4 %, trên 90 %.")]        // the two exempt members are left out
    [InlineData(9, 1, 0, 0, 0, "9/10 có mặt = 90 %, không trên 90 %.")]       // exactly 90 % is not above 90 %
    [InlineData(9, 0, 1, 3, 0, "9/10 có mặt = 90 %, không trên 90 %.")]       // 9 of 10 expected, 3 exempt: still 90 %
    [InlineData(10, 1, 0, 1, 3, "10/11 có mặt = 90,9 %, trên 90 %.")]         // 90.9 % is above
    [InlineData(18, 2, 0, 0, 0, "18/20 có mặt = 90 %, không trên 90 %.")]
    [InlineData(19, 0, 1, 0, 3, "19/20 có mặt = 95 %, trên 90 %.")]
    [InlineData(12, 0, 0, 5, 3, "12/12 có mặt = 100 %, trên 90 %.")]
    [InlineData(0, 3, 0, 1, 0, "0/3 có mặt = 0 %, không trên 90 %.")]
    public void Criterion_5_attendance_rate_above_90_percent(int present, int withReason, int withoutReason, int exempt, double points, string reason)
    {
        var suggestion = Suggest("5", Attendance(Roll(present, withReason, withoutReason, exempt)));

        Assert.Equal(new Suggestion("5", (decimal)points, reason), suggestion);
    }

    [Fact]
    public void Criterion_5_waits_until_everyone_is_marked_and_someone_is_expected()
    {
        Assert.Null(Suggest("5", Attendance(Roll(present: 17, unknown: 1))));
        Assert.Null(Suggest("5", Attendance(Roll(present: 0, exempt: 3))));
        Assert.Null(Suggest("5", Attendance([])));
    }

    // Criterion 6: nobody absent without reason → 3, else 0; exempt members are not absent.
    [Theory]
    [InlineData(15, 2, 0, 3, 3, "Không có đảng viên vắng mặt không có lý do.")]
    [InlineData(15, 0, 1, 0, 0, "Có 1 đảng viên vắng mặt không có lý do.")]
    [InlineData(12, 1, 2, 1, 0, "Có 2 đảng viên vắng mặt không có lý do.")]
    public void Criterion_6_no_absence_without_reason(int present, int withReason, int withoutReason, int exempt, double points, string reason)
    {
        var suggestion = Suggest("6", Attendance(Roll(present, withReason, withoutReason, exempt)));

        Assert.Equal(new Suggestion("6", (decimal)points, reason), suggestion);
    }

    [Fact]
    public void Criterion_6_waits_until_everyone_is_marked()
    {
        Assert.Null(Suggest("6", Attendance(Roll(present: 10, unknown: 2))));
        Assert.Null(Suggest("6", Attendance([])));
    }

    // Criterion 2: the meeting date against the cell's day (the 3rd), moved past holidays (DOMAIN.md, seed 004).
    public static TheoryData<DateOnly, DateOnly[], double, string> MeetingDays() => new()
    {
        { Day(3, 11, 2026), [], 2, "Họp ngày 03/11/2026, đúng ngày 03 hằng tháng." },
        { Day(4, 11, 2026), [], 0, "Họp ngày 04/11/2026, không đúng ngày 03 hằng tháng." },
        { Day(2, 11, 2026), [], 0, "Họp ngày 02/11/2026, không đúng ngày 03 hằng tháng." },
        // The 3rd is a holiday set in the settings: the meeting moves to the 4th.
        { Day(4, 11, 2026), [Day(3, 11, 2026)], 2, "Họp ngày 04/11/2026: ngày 03/11/2026 là ngày nghỉ lễ nên lùi sang ngày kế tiếp (không quá ngày 05)." },
        { Day(3, 11, 2026), [Day(3, 11, 2026)], 0, "Họp ngày 03/11/2026: ngày 03/11/2026 là ngày nghỉ lễ, lẽ ra họp ngày 04/11/2026 (không quá ngày 05)." },
        { Day(5, 11, 2026), [Day(3, 11, 2026)], 0, "Họp ngày 05/11/2026: ngày 03/11/2026 là ngày nghỉ lễ, lẽ ra họp ngày 04/11/2026 (không quá ngày 05)." },
    };

    [Theory]
    [MemberData(nameof(MeetingDays))]
    public void Criterion_2_meeting_on_the_3rd_or_the_day_after_a_holiday(DateOnly held, DateOnly[] holidays, double points, string reason)
    {
        var context = new SuggestionContext(November, Roll(10), MeetingDate: held, Holidays: new HolidayCalendar(holidays));

        Assert.Equal(new Suggestion("2", (decimal)points, reason), Suggest("2", context));
    }

    [Fact]
    public void Criterion_2_follows_the_cells_own_schedule()
    {
        var window = new MeetingSchedule(MeetingWindow.LateOrEarly);

        var late = Suggest("2", new SuggestionContext(November, [], MeetingDate: Day(28, 10, 2026), Schedule: window));
        var outside = Suggest("2", new SuggestionContext(November, [], MeetingDate: Day(10, 11, 2026), Schedule: window));

        Assert.Equal(new Suggestion("2", 2, "Họp ngày 28/10/2026, trong khoảng từ ngày 25 tháng trước đến ngày 05 tháng 11."), late);
        Assert.Equal(new Suggestion("2", 0, "Họp ngày 10/11/2026, ngoài khoảng từ ngày 25 tháng trước đến ngày 05 tháng 11."), outside);
        Assert.Null(Suggest("2", new SuggestionContext(November, [])));
    }

    // Criterion 3: a notice the bot sent at least 24 hours before the start.
    [Theory]
    [InlineData(1, 8, 0, 1, "Thông báo gửi lúc 08:00 01/11/2026, trước giờ họp 48 giờ.")]
    [InlineData(2, 8, 0, 1, "Thông báo gửi lúc 08:00 02/11/2026, trước giờ họp 24 giờ.")]                            // exactly 24 h is enough
    [InlineData(2, 8, 1, 0, "Thông báo gửi lúc 08:01 02/11/2026, chỉ trước giờ họp 23 giờ (cần ít nhất 24 giờ).")]  // one minute short
    [InlineData(3, 7, 30, 0, "Thông báo gửi lúc 07:30 03/11/2026, chỉ trước giờ họp 0 giờ (cần ít nhất 24 giờ).")]
    [InlineData(3, 9, 0, 0, "Thông báo gửi lúc 09:00 03/11/2026, không trước giờ họp (cần ít nhất 24 giờ).")]       // sent after the start
    public void Criterion_3_notice_at_least_24_hours_before_the_start(int day, int hour, int minute, double points, string reason)
    {
        var start = new DateTimeOffset(2026, 11, 3, 8, 0, 0, Hanoi);
        var sent = new DateTimeOffset(2026, 11, day, hour, minute, 0, Hanoi);

        var suggestion = Suggest("3", new SuggestionContext(November, [], MeetingStartsAt: start, NoticeSentAt: sent));

        Assert.Equal(new Suggestion("3", (decimal)points, reason), suggestion);
    }

    [Fact]
    public void Criterion_3_needs_both_the_notice_and_the_start()
    {
        var start = new DateTimeOffset(2026, 11, 3, 8, 0, 0, Hanoi);

        Assert.Null(Suggest("3", new SuggestionContext(November, [], MeetingStartsAt: start)));
        Assert.Null(Suggest("3", new SuggestionContext(November, [], NoticeSentAt: start.AddDays(-2))));
    }

    [Fact]
    public void Criteria_the_bot_cannot_derive_get_no_suggestion()
    {
        var context = new SuggestionContext(November, Roll(10), MeetingDate: Day(3, 11, 2026));

        Assert.All(BacGiang.Criteria.Where(c => c.DerivedFrom == DerivedFrom.None), c => Assert.Null(Suggestions.For(c, context)));
        Assert.All(ThaiBinh.Criteria, c => Assert.Null(Suggestions.For(c, context)));
    }

    [Fact]
    public void A_suggestion_gives_the_criterions_own_max()
    {
        var custom = new Criterion("tyle", 2, "Tỷ lệ đảng viên dự sinh hoạt", 5m, DerivedFrom: DerivedFrom.AttendanceRate);

        Assert.Equal(new Suggestion("tyle", 5, "10/10 có mặt = 100 %, trên 90 %."), Suggestions.For(custom, Attendance(Roll(10))));
    }
}
