using ChiBo.Core.Meetings;
using static ChiBo.Core.Tests.TestData;

namespace ChiBo.Core.Tests;

/// <summary>Days off (DOMAIN.md): weekends, the fixed public holidays, and Tết and Giỗ Tổ from the Vietnamese lunar calendar.</summary>
public sealed class HolidayCalendarTests
{
    public static TheoryData<int, DateOnly> KnownTet() => new()
    {
        { 2020, Day(25, 1, 2020) }, { 2021, Day(12, 2, 2021) }, { 2022, Day(1, 2, 2022) }, { 2023, Day(22, 1, 2023) },
        { 2024, Day(10, 2, 2024) }, { 2025, Day(29, 1, 2025) }, { 2026, Day(17, 2, 2026) }, { 2027, Day(6, 2, 2027) },
        { 2028, Day(26, 1, 2028) }, { 2029, Day(13, 2, 2029) }, { 2030, Day(2, 2, 2030) }, { 2031, Day(23, 1, 2031) },
        { 2032, Day(11, 2, 2032) }, { 2033, Day(31, 1, 2033) }, { 2034, Day(19, 2, 2034) }, { 2035, Day(8, 2, 2035) },
        // 2030: the new moon falls at 23:07 in Hà Nội, 00:07 the next day in Beijing (Chinese Tết: 03/02/2030).
        // Years where the Vietnamese calendar (UTC+7) and the Chinese one (UTC+8) disagree.
        { 1985, Day(21, 1, 1985) }, { 2007, Day(17, 2, 2007) },
    };

    [Theory]
    [MemberData(nameof(KnownTet))]
    public void Tet_is_the_Vietnamese_lunar_new_year(int year, DateOnly tet)
    {
        Assert.Equal(tet, LunarCalendar.NewYear(year));
    }

    public static TheoryData<int, DateOnly> KnownGioTo() => new()
    {
        { 2023, Day(29, 4, 2023) }, { 2024, Day(18, 4, 2024) }, { 2025, Day(7, 4, 2025) },
        { 2026, Day(26, 4, 2026) }, { 2027, Day(16, 4, 2027) },
    };

    [Theory]
    [MemberData(nameof(KnownGioTo))]
    public void Gio_To_Hung_Vuong_is_the_10th_of_the_third_lunar_month(int year, DateOnly date)
    {
        Assert.Equal(date, LunarCalendar.ToSolar(year, 3, 10));
        Assert.Equal("Giỗ Tổ Hùng Vương", HolidayCalendar.Standard.HolidayName(date));
    }

    [Theory]
    [InlineData(1, 1, "Tết Dương lịch")]
    [InlineData(30, 4, "ngày Giải phóng miền Nam")]
    [InlineData(1, 5, "ngày Quốc tế Lao động")]
    [InlineData(1, 9, "nghỉ Quốc khánh")]
    [InlineData(2, 9, "ngày Quốc khánh")]
    [InlineData(3, 11, null)]
    public void Fixed_holidays_are_the_same_every_year(int day, int month, string? name)
    {
        foreach (var year in new[] { 2026, 2027, 2030 })
            Assert.Equal(name, HolidayCalendar.Standard.HolidayName(Day(day, month, year)));
    }

    [Fact]
    public void Weekends_are_days_off_but_not_holidays()
    {
        Assert.Equal("Thứ Bảy", HolidayCalendar.Standard.DayOffName(Day(2, 1, 2027)));
        Assert.Equal("Chủ nhật", HolidayCalendar.Standard.DayOffName(Day(3, 1, 2027)));
        Assert.False(HolidayCalendar.Standard.IsHoliday(Day(3, 1, 2027)));
        Assert.Null(HolidayCalendar.Standard.DayOffName(Day(4, 1, 2027)));
    }

    [Fact]
    public void The_Tet_span_defaults_to_the_last_day_of_the_year_to_the_4th_and_is_a_setting()
    {
        // Tết 2027 is Saturday 06/02.
        var standard = HolidayCalendar.Standard;
        Assert.Null(standard.HolidayName(Day(4, 2, 2027)));
        Assert.Equal("Tết Nguyên đán", standard.HolidayName(Day(5, 2, 2027)));
        Assert.Equal("Tết Nguyên đán", standard.HolidayName(Day(9, 2, 2027)));
        Assert.Null(standard.HolidayName(Day(10, 2, 2027)));

        var longer = new HolidayCalendar(tet: new TetSpan(DaysBefore: 2, DaysAfter: 5));
        Assert.Equal("Tết Nguyên đán", longer.HolidayName(Day(4, 2, 2027)));
        Assert.Equal("Tết Nguyên đán", longer.HolidayName(Day(11, 2, 2027)));
    }

    [Fact]
    public void Extra_days_from_the_settings_are_holidays_on_their_own_date_only()
    {
        var calendar = new HolidayCalendar([Day(3, 9, 2027)]);

        Assert.True(calendar.IsHoliday(Day(3, 9, 2027)));
        Assert.False(calendar.IsHoliday(Day(3, 9, 2028)));
    }
}
