using ChiBo.Core.Meetings;
using static ChiBo.Core.Tests.TestData;

namespace ChiBo.Core.Tests;

/// <summary>
/// When the monthly meeting is due: the 3rd (seed 000), moved to the next working day when that is a day off but
/// never past the 5th (seed 004), except when the 3rd–5th are all days off (Tết: seed 000's "trừ các ngày lễ tết");
/// or, for cells using seed 003, the 1st to the 5th or the 25th to the month's end. A meeting is its date's month's.
/// </summary>
public sealed class MeetingScheduleTests
{
    private static readonly YearMonth November = new(2026, 11);
    private static readonly HolidayCalendar Calendar = HolidayCalendar.Standard;

    public static TheoryData<int, int, DateOnly> DueDates() => new()
    {
        { 11, 2026, Day(3, 11, 2026) },  // Tuesday: the 3rd itself
        { 1, 2027, Day(4, 1, 2027) },    // Sunday 03/01: Monday the 4th
        { 10, 2026, Day(5, 10, 2026) },  // Saturday 03/10: Monday the 5th
        { 2, 2030, Day(6, 2, 2030) },    // Tết 2030 (02/02) spans 01/02–05/02: the first working day after
        { 2, 2029, Day(5, 2, 2029) },    // Saturday and Sunday: Monday the 5th
        { 9, 2027, Day(3, 9, 2027) },    // Friday 03/09 after the National Day
    };

    [Theory]
    [MemberData(nameof(DueDates))]
    public void The_meeting_is_due_on_the_first_working_day_from_the_3rd(int month, int year, DateOnly due)
    {
        Assert.Equal(due, MeetingSchedule.Default.DueDate(new YearMonth(year, month), Calendar));
    }

    public static TheoryData<DateOnly, bool, string> FixedDayChecks() => new()
    {
        { Day(3, 11, 2026), true, "Họp ngày 03/11/2026, đúng ngày 03 hằng tháng." },
        { Day(5, 11, 2026), false, "Họp ngày 05/11/2026, không đúng ngày 03 hằng tháng." },
        { Day(4, 1, 2027), true,
            "Họp ngày 04/01/2027: ngày 03/01/2027 là ngày nghỉ (Chủ nhật) nên lùi sang ngày làm việc kế tiếp (không quá ngày 05)." },
        { Day(3, 1, 2027), false,
            "Họp ngày 03/01/2027: ngày 03/01/2027 là ngày nghỉ (Chủ nhật), lẽ ra họp ngày 04/01/2027." },
        { Day(6, 1, 2027), false,
            "Họp ngày 06/01/2027: ngày 03/01/2027 là ngày nghỉ (Chủ nhật), lẽ ra họp ngày 04/01/2027." },
        { Day(6, 2, 2030), true,
            "Họp ngày 06/02/2030: các ngày từ 03/02/2030 đến 05/02/2030 đều là ngày nghỉ (Tết Nguyên đán) nên họp vào ngày làm việc đầu tiên sau đó vẫn là đúng hạn (trừ các ngày lễ tết)." },
        { Day(7, 2, 2030), false,
            "Họp ngày 07/02/2030: các ngày từ 03/02/2030 đến 05/02/2030 đều là ngày nghỉ (Tết Nguyên đán), lẽ ra họp ngày 06/02/2030." },
    };

    [Theory]
    [MemberData(nameof(FixedDayChecks))]
    public void A_meeting_date_is_checked_against_the_due_date_with_a_reason(DateOnly held, bool onSchedule, string reason)
    {
        Assert.Equal(new MeetingDayCheck(onSchedule, reason), MeetingSchedule.Default.Check(held, YearMonth.Of(held), Calendar));
    }

    [Fact]
    public void The_bot_never_proposes_a_day_off_as_the_right_date()
    {
        for (var year = 2020; year <= 2035; year++)
            for (var month = 1; month <= 12; month++)
            {
                var due = MeetingSchedule.Default.DueDate(new YearMonth(year, month), Calendar)!.Value;
                Assert.False(Calendar.IsDayOff(due), $"{Vietnamese.Date(due)} is a day off");
            }
    }

    [Theory]
    [InlineData(25, 11, true)]
    [InlineData(30, 11, true)]
    [InlineData(1, 11, true)]
    [InlineData(5, 11, true)]
    [InlineData(24, 11, false)]
    [InlineData(6, 11, false)]
    public void The_seed_003_window_is_the_1st_to_the_5th_or_the_25th_to_the_month_end(int day, int month, bool onSchedule)
    {
        var window = new MeetingSchedule(MeetingWindow.LateOrEarly);
        var held = Day(day, month, 2026);

        var check = window.Check(held, window.MonthOf(held), Calendar);

        Assert.Equal(onSchedule, check.OnSchedule);
        Assert.Null(window.DueDate(November, Calendar));
    }

    [Theory]
    [InlineData(28, 1, 1)]
    [InlineData(3, 2, 2)]
    [InlineData(31, 12, 12)]
    public void A_meeting_belongs_to_the_calendar_month_of_its_date(int day, int month, int expected)
    {
        foreach (var schedule in new[] { MeetingSchedule.Default, new MeetingSchedule(MeetingWindow.LateOrEarly) })
            Assert.Equal(new YearMonth(2027, expected), schedule.MonthOf(Day(day, month, 2027)));
    }
}
