namespace ChiBo.Core.Meetings;

/// <summary>
/// The Vietnamese lunisolar calendar (âm lịch), computed for UTC+7 with Hồ Ngọc Đức's astronomical algorithm
/// (new moons and solar longitude after Jean Meeus). It differs from the Chinese calendar (UTC+8) in some years —
/// Tết 1985 and 2007, for instance — so .NET's <see cref="System.Globalization.ChineseLunisolarCalendar"/> cannot stand in.
/// </summary>
public static class LunarCalendar
{
    private const double TimeZone = 7.0;
    private const double SynodicMonth = 29.530588853;
    private const double NewMoonEpoch = 2415021.076998695;
    // Julian day number of 0001-01-01 (proleptic Gregorian), so JDN = DateOnly.DayNumber + this.
    private const int JulianDayOfDayZero = 1721426;

    /// <summary>The solar date of lunar day <paramref name="day"/> of lunar month <paramref name="month"/> (not the leap one) of lunar year <paramref name="year"/>.</summary>
    public static DateOnly ToSolar(int year, int month, int day)
    {
        int a11, b11;
        if (month < 11) { a11 = LunarMonth11(year - 1); b11 = LunarMonth11(year); }
        else { a11 = LunarMonth11(year); b11 = LunarMonth11(year + 1); }
        var offset = month - 11;
        if (offset < 0) offset += 12;
        if (b11 - a11 > 365 && offset >= LeapMonthOffset(a11)) offset++;
        var k = (int)Math.Floor(0.5 + (a11 - NewMoonEpoch) / SynodicMonth);
        var monthStart = NewMoonDay(k + offset);
        return DateOnly.FromDayNumber(monthStart + day - 1 - JulianDayOfDayZero);
    }

    /// <summary>Tết Nguyên đán: the first day of the lunar year that starts in solar year <paramref name="year"/>.</summary>
    public static DateOnly NewYear(int year) => ToSolar(year, 1, 1);

    private static int JulianDay(DateOnly date) => date.DayNumber + JulianDayOfDayZero;

    /// <summary>The day (JDN, local time) of the k-th new moon after 1900-01-01.</summary>
    private static int NewMoonDay(int k) => (int)Math.Floor(NewMoon(k) + 0.5 + TimeZone / 24);

    private static double NewMoon(int k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        const double dr = Math.PI / 180;
        var jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
                  + 0.00033 * Math.Sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
        var m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
        var mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
        var f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
        var c1 = (0.1734 - 0.000393 * t) * Math.Sin(m * dr) + 0.0021 * Math.Sin(2 * dr * m)
                 - 0.4068 * Math.Sin(mpr * dr) + 0.0161 * Math.Sin(dr * 2 * mpr)
                 - 0.0004 * Math.Sin(dr * 3 * mpr)
                 + 0.0104 * Math.Sin(dr * 2 * f) - 0.0051 * Math.Sin(dr * (m + mpr))
                 - 0.0074 * Math.Sin(dr * (m - mpr)) + 0.0004 * Math.Sin(dr * (2 * f + m))
                 - 0.0004 * Math.Sin(dr * (2 * f - m)) - 0.0006 * Math.Sin(dr * (2 * f + mpr))
                 + 0.0010 * Math.Sin(dr * (2 * f - mpr)) + 0.0005 * Math.Sin(dr * (2 * mpr + m));
        var deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2;
        return jd1 + c1 - deltaT;
    }

    /// <summary>Which of the twelve 30° sectors the sun is in at the start of local day <paramref name="dayNumber"/> (0 = spring equinox).</summary>
    private static int SunSector(int dayNumber)
    {
        var t = (dayNumber - 0.5 - TimeZone / 24 - 2451545.0) / 36525;
        var t2 = t * t;
        const double dr = Math.PI / 180;
        var m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
        var l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.Sin(dr * m)
                 + (0.019993 - 0.000101 * t) * Math.Sin(dr * 2 * m) + 0.000290 * Math.Sin(dr * 3 * m);
        var l = (l0 + dl) * dr;
        l -= Math.PI * 2 * Math.Floor(l / (Math.PI * 2));
        return (int)Math.Floor(l / Math.PI * 6);
    }

    /// <summary>The first day of lunar month 11 (the month holding the winter solstice) of solar year <paramref name="year"/>.</summary>
    private static int LunarMonth11(int year)
    {
        var off = JulianDay(new DateOnly(year, 12, 31)) - 2415021;
        var k = (int)Math.Floor(off / SynodicMonth);
        var nm = NewMoonDay(k);
        return SunSector(nm) >= 9 ? NewMoonDay(k - 1) : nm;
    }

    /// <summary>In a 13-month lunar year starting at month 11 on <paramref name="a11"/>: the offset of the leap month.</summary>
    private static int LeapMonthOffset(int a11)
    {
        var k = (int)Math.Floor((a11 - NewMoonEpoch) / SynodicMonth + 0.5);
        var i = 1;
        var arc = SunSector(NewMoonDay(k + i));
        int last;
        do
        {
            last = arc;
            i++;
            arc = SunSector(NewMoonDay(k + i));
        } while (arc != last && i < 14);
        return i - 1;
    }
}
