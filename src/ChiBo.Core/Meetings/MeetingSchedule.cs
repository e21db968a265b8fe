namespace ChiBo.Core.Meetings;

public enum MeetingWindow
{
    /// <summary>A fixed day of the month (the 3rd in seeds 000 and 004), moved past holidays by at most two days.</summary>
    FixedDay,
    /// <summary>Seed 003: from the 25th to the end of the previous month, or from the 1st to the 5th.</summary>
    LateOrEarly,
}

/// <summary>Whether a meeting date keeps the cell's meeting day, and why, in words a secretary reads.</summary>
public sealed record MeetingDayCheck(bool OnSchedule, string Reason);

/// <summary>
/// A cell's meeting day rule. With <see cref="MeetingWindow.FixedDay"/> the meeting is on day
/// <see cref="Day"/>; when that day is a holiday it moves to the next day that is not, but never
/// more than two days later (the 3rd: never past the 5th, seed 004).
/// </summary>
public sealed record MeetingSchedule(MeetingWindow Window = MeetingWindow.FixedDay, int Day = 3)
{
    public const int MaxShiftDays = 2;

    public static readonly MeetingSchedule Default = new();

    /// <summary>The date the month's meeting is due on, after moving past holidays; null for a window rule.</summary>
    public DateOnly? DueDate(YearMonth month, HolidayCalendar holidays)
    {
        if (Window != MeetingWindow.FixedDay) return null;
        var day = new DateOnly(month.Year, month.Month, Math.Min(Day, DateTime.DaysInMonth(month.Year, month.Month)));
        for (var shift = 0; shift <= MaxShiftDays; shift++)
        {
            var candidate = day.AddDays(shift);
            if (!holidays.IsHoliday(candidate)) return candidate;
        }
        return day.AddDays(MaxShiftDays);
    }

    /// <summary>The month a meeting held on <paramref name="date"/> counts for: with <see cref="MeetingWindow.LateOrEarly"/>
    /// a meeting from the 25th on is the next month's; otherwise the date's own month.</summary>
    public YearMonth MonthOf(DateOnly date) =>
        Window == MeetingWindow.LateOrEarly && date.Day >= 25 ? YearMonth.Of(date).Next : YearMonth.Of(date);

    public MeetingDayCheck Check(DateOnly date, YearMonth month, HolidayCalendar holidays)
    {
        var shown = Vietnamese.Date(date);
        if (Window == MeetingWindow.LateOrEarly)
        {
            var previous = month.Previous;
            var inLate = date >= new DateOnly(previous.Year, previous.Month, 25) && date <= previous.LastDay;
            var inEarly = date >= month.FirstDay && date <= month.FirstDay.AddDays(4);
            return inLate || inEarly
                ? new(true, $"Họp ngày {shown}, trong khoảng từ ngày 25 tháng trước đến ngày 05 tháng {month.Month}.")
                : new(false, $"Họp ngày {shown}, ngoài khoảng từ ngày 25 tháng trước đến ngày 05 tháng {month.Month}.");
        }

        var scheduled = new DateOnly(month.Year, month.Month, Math.Min(Day, DateTime.DaysInMonth(month.Year, month.Month)));
        var due = DueDate(month, holidays)!.Value;
        if (date == due && due == scheduled)
            return new(true, $"Họp ngày {shown}, đúng ngày {Day:D2} hằng tháng.");
        if (date == due)
            return new(true, $"Họp ngày {shown}: ngày {Vietnamese.Date(scheduled)} là ngày nghỉ lễ nên lùi sang ngày kế tiếp (không quá ngày {Day + MaxShiftDays:D2}).");
        if (holidays.IsHoliday(scheduled))
            return new(false, $"Họp ngày {shown}: ngày {Vietnamese.Date(scheduled)} là ngày nghỉ lễ, lẽ ra họp ngày {Vietnamese.Date(due)} (không quá ngày {Day + MaxShiftDays:D2}).");
        return new(false, $"Họp ngày {shown}, không đúng ngày {Day:D2} hằng tháng.");
    }
}

/// <summary>
/// Public holidays on which a meeting moves. The solar ones are fixed; lunar ones (Tết, Giỗ Tổ)
/// change every year and come from settings.
/// </summary>
public sealed class HolidayCalendar(IEnumerable<DateOnly>? extra = null)
{
    private readonly HashSet<DateOnly> _extra = [.. extra ?? []];

    public static readonly HolidayCalendar SolarOnly = new();

    private static readonly (int Month, int Day)[] Solar = [(1, 1), (4, 30), (5, 1), (9, 2)];

    public bool IsHoliday(DateOnly date) =>
        _extra.Contains(date) || Solar.Any(s => s.Month == date.Month && s.Day == date.Day);
}
