using ChiBo.Core.Meetings;
using static ChiBo.Core.Tests.TestData;

namespace ChiBo.Core.Tests;

/// <summary>
/// When the monthly meeting is due: the 3rd (seed 000), moved to the next day when that is a holiday but never past
/// the 5th (seed 004); or, for cells using seed 003, the window from the 25th of the previous month to the 5th.
/// </summary>
public sealed class MeetingScheduleTests
{
    private static readonly YearMonth November = new(2026, 11);

    [Fact]
    public void By_default_the_meeting_is_due_on_the_3rd()
    {
        Assert.Equal(new MeetingSchedule(MeetingWindow.FixedDay, 3), MeetingSchedule.Default);
        Assert.Equal(Day(3, 11, 2026), MeetingSchedule.Default.DueDate(November, HolidayCalendar.SolarOnly));
    }

    public static TheoryData<DateOnly[], DateOnly> HolidaysAroundThe3rd() => new()
    {
        { [Day(3, 11, 2026)], Day(4, 11, 2026) },                                       // the 3rd is a holiday: the 4th
        { [Day(3, 11, 2026), Day(4, 11, 2026)], Day(5, 11, 2026) },                     // the 3rd and 4th: the 5th
        { [Day(3, 11, 2026), Day(4, 11, 2026), Day(5, 11, 2026)], Day(5, 11, 2026) },   // never past the 5th
        { [Day(2, 11, 2026), Day(4, 11, 2026)], Day(3, 11, 2026) },                     // holidays around the 3rd change nothing
    };

    [Theory]
    [MemberData(nameof(HolidaysAroundThe3rd))]
    public void A_holiday_on_the_3rd_moves_the_meeting_to_the_next_day_but_never_past_the_5th(DateOnly[] holidays, DateOnly due)
    {
        Assert.Equal(due, MeetingSchedule.Default.DueDate(November, new HolidayCalendar(holidays)));
    }

    [Fact]
    public void The_solar_holidays_move_a_meeting_set_on_them()
    {
        // 1 January and 2 September are public holidays every year; 30 April and 1 May come together.
        Assert.Equal(Day(2, 1, 2027), new MeetingSchedule(Day: 1).DueDate(new YearMonth(2027, 1), HolidayCalendar.SolarOnly));
        Assert.Equal(Day(3, 9, 2026), new MeetingSchedule(Day: 2).DueDate(new YearMonth(2026, 9), HolidayCalendar.SolarOnly));
        Assert.Equal(Day(2, 5, 2026), new MeetingSchedule(Day: 1).DueDate(new YearMonth(2026, 5), HolidayCalendar.SolarOnly));
        Assert.Equal(
            "Họp ngày 02/01/2027: ngày 01/01/2027 là ngày nghỉ lễ nên lùi sang ngày kế tiếp (không quá ngày 03).",
            new MeetingSchedule(Day: 1).Check(Day(2, 1, 2027), new YearMonth(2027, 1), HolidayCalendar.SolarOnly).Reason);
    }

    public static TheoryData<DateOnly, DateOnly[], bool, string> FixedDayChecks() => new()
    {
        { Day(3, 11, 2026), [], true, "Họp ngày 03/11/2026, đúng ngày 03 hằng tháng." },
        { Day(5, 11, 2026), [], false, "Họp ngày 05/11/2026, không đúng ngày 03 hằng tháng." },
        { Day(3, 10, 2026), [], false, "Họp ngày 03/10/2026, không đúng ngày 03 hằng tháng." }, // October's date for November
        { Day(5, 11, 2026), [Day(3, 11, 2026), Day(4, 11, 2026)], true,
            "Họp ngày 05/11/2026: ngày 03/11/2026 là ngày nghỉ lễ nên lùi sang ngày kế tiếp (không quá ngày 05)." },
        { Day(6, 11, 2026), [Day(3, 11, 2026)], false,
            "Họp ngày 06/11/2026: ngày 03/11/2026 là ngày nghỉ lễ, lẽ ra họp ngày 04/11/2026 (không quá ngày 05)." },
    };

    [Theory]
    [MemberData(nameof(FixedDayChecks))]
    public void A_meeting_date_is_checked_against_the_due_date_with_a_reason(DateOnly held, DateOnly[] holidays, bool onSchedule, string reason)
    {
        Assert.Equal(new MeetingDayCheck(onSchedule, reason), MeetingSchedule.Default.Check(held, November, new HolidayCalendar(holidays)));
    }

    [Theory]
    [InlineData(25, 10, true)]  // first day of the late window
    [InlineData(31, 10, true)]
    [InlineData(1, 11, true)]
    [InlineData(5, 11, true)]   // last day of the early window
    [InlineData(24, 10, false)]
    [InlineData(6, 11, false)]
    [InlineData(3, 10, false)]  // October's early window belongs to October
    [InlineData(28, 11, false)] // the late window of November belongs to December
    public void The_25th_to_5th_window_spans_the_end_of_the_previous_month_and_the_start_of_this_one(int day, int month, bool onSchedule)
    {
        var window = new MeetingSchedule(MeetingWindow.LateOrEarly);
        var held = Day(day, month, 2026);

        var check = window.Check(held, November, HolidayCalendar.SolarOnly);

        var where = onSchedule ? "trong" : "ngoài";
        Assert.Equal(new MeetingDayCheck(onSchedule, $"Họp ngày {Vietnamese.Date(held)}, {where} khoảng từ ngày 25 tháng trước đến ngày 05 tháng 11."), check);
        Assert.Null(window.DueDate(November, HolidayCalendar.SolarOnly));
    }

    [Fact]
    public void The_January_window_starts_in_December_of_the_year_before()
    {
        var window = new MeetingSchedule(MeetingWindow.LateOrEarly);
        var january = new YearMonth(2027, 1);

        Assert.True(window.Check(Day(27, 12, 2026), january, HolidayCalendar.SolarOnly).OnSchedule);
        Assert.True(window.Check(Day(5, 1, 2027), january, HolidayCalendar.SolarOnly).OnSchedule);
        Assert.False(window.Check(Day(27, 12, 2027), january, HolidayCalendar.SolarOnly).OnSchedule);
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(30, 4, true)]
    [InlineData(1, 5, true)]
    [InlineData(2, 9, true)]
    [InlineData(3, 9, false)]  // the second National Day holiday changes every year: it comes from the settings
    [InlineData(3, 11, false)]
    public void Solar_holidays_are_the_same_every_year(int day, int month, bool holiday)
    {
        foreach (var year in new[] { 2026, 2027, 2030 })
            Assert.Equal(holiday, HolidayCalendar.SolarOnly.IsHoliday(Day(day, month, year)));
    }

    [Fact]
    public void Lunar_holidays_come_from_the_settings_for_their_own_date_only()
    {
        var tet2027 = new HolidayCalendar([Day(5, 2, 2027), Day(6, 2, 2027)]);

        Assert.True(tet2027.IsHoliday(Day(5, 2, 2027)));
        Assert.False(tet2027.IsHoliday(Day(5, 2, 2028)));
        Assert.True(tet2027.IsHoliday(Day(1, 1, 2027))); // the solar holidays still count
        Assert.False(HolidayCalendar.SolarOnly.IsHoliday(Day(5, 2, 2027)));
    }
}
