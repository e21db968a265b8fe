namespace ChiBo.Core.Meetings;

/// <summary>
/// The official Tết span around lunar New Year's day: from <see cref="DaysBefore"/> days before to
/// <see cref="DaysAfter"/> days after. The government sets it each year; the default is the Labour Code's five days
/// (the last day of the lunar year to the 4th of the new one).
/// </summary>
public sealed record TetSpan(int DaysBefore = 1, int DaysAfter = 3)
{
    public static readonly TetSpan Default = new();
}

/// <summary>
/// Days off on which a cell does not meet (DOMAIN.md, "The monthly meeting"): Saturdays, Sundays and the public
/// holidays of Bộ luật Lao động 2019, Điều 112 — 1/1, Tết Nguyên đán, Giỗ Tổ Hùng Vương (10/3 lunar), 30/4, 1/5,
/// 2/9 and the day before it — with lunar dates from the Vietnamese calendar (<see cref="LunarCalendar"/>).
/// Extra days (a year's bridge days, 3/9 instead of 1/9) come from settings.
/// </summary>
public sealed class HolidayCalendar(IEnumerable<DateOnly>? extra = null, TetSpan? tet = null)
{
    private readonly HashSet<DateOnly> _extra = [.. extra ?? []];
    private readonly TetSpan _tet = tet ?? TetSpan.Default;

    public static readonly HolidayCalendar Standard = new();

    private static readonly (int Month, int Day, string Name)[] Solar =
    [
        (1, 1, "Tết Dương lịch"), (4, 30, "ngày Giải phóng miền Nam"), (5, 1, "ngày Quốc tế Lao động"),
        (9, 1, "nghỉ Quốc khánh"), (9, 2, "ngày Quốc khánh"),
    ];

    /// <summary>A Saturday, a Sunday or a public holiday.</summary>
    public bool IsDayOff(DateOnly date) => DayOffName(date) is not null;

    /// <summary>A public holiday (weekends aside).</summary>
    public bool IsHoliday(DateOnly date) => HolidayName(date) is not null;

    /// <summary>Why the date is a day off, in words ("Chủ nhật", "Tết Nguyên đán"); null on a working day.</summary>
    public string? DayOffName(DateOnly date) =>
        HolidayName(date) ?? (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? Vietnamese.Weekday(date) : null);

    /// <summary>The public holiday on that date, or null.</summary>
    public string? HolidayName(DateOnly date)
    {
        foreach (var (month, day, name) in Solar)
            if (date.Month == month && date.Day == day) return name;
        if (date.Month <= 3)
        {
            // Tết falls between 21/1 and 20/2; the span reaches back into the previous lunar year.
            var newYear = LunarCalendar.NewYear(date.Year);
            if (date >= newYear.AddDays(-_tet.DaysBefore) && date <= newYear.AddDays(_tet.DaysAfter)) return "Tết Nguyên đán";
        }
        if (date.Month is 3 or 4 or 5 && date == LunarCalendar.ToSolar(date.Year, 3, 10)) return "Giỗ Tổ Hùng Vương";
        return _extra.Contains(date) ? "ngày nghỉ lễ" : null;
    }
}
