namespace ChiBo.Core.Meetings;

public enum MeetingWindow
{
    /// <summary>A fixed day of the month (the 3rd in seeds 000 and 004), moved past days off.</summary>
    FixedDay,
    /// <summary>Seed 003: from the 25th to the end of the month, or from the 1st to the 5th.</summary>
    LateOrEarly,
}

/// <summary>Whether a meeting date keeps the cell's meeting day, and why, in words a secretary reads.</summary>
public sealed record MeetingDayCheck(bool OnSchedule, string Reason);

/// <summary>
/// A cell's meeting day rule (DOMAIN.md, "The monthly meeting"). With <see cref="MeetingWindow.FixedDay"/> the meeting
/// is on day <see cref="Day"/>; when that is a day off (Saturday, Sunday, public holiday) it moves to the next working day,
/// never more than two days later (seed 004); when all of those are days off (Tết), seed 000's "trừ các ngày lễ tết"
/// applies and the first working day after them is on time. A meeting always belongs to the calendar month of its date.
/// </summary>
public sealed record MeetingSchedule(MeetingWindow Window = MeetingWindow.FixedDay, int Day = 3)
{
    public const int MaxShiftDays = 2;

    public static readonly MeetingSchedule Default = new();

    /// <summary>The day the month's meeting is due on, after moving past days off; null for a window rule.</summary>
    public DateOnly? DueDate(YearMonth month, HolidayCalendar holidays)
    {
        if (Window != MeetingWindow.FixedDay) return null;
        var day = Scheduled(month);
        while (holidays.IsDayOff(day) && day < month.LastDay) day = day.AddDays(1);
        return day;
    }

    /// <summary>The month a meeting held on <paramref name="date"/> counts for: always the date's own month.</summary>
    public YearMonth MonthOf(DateOnly date) => YearMonth.Of(date);

    private DateOnly Scheduled(YearMonth month) =>
        new(month.Year, month.Month, Math.Min(Day, DateTime.DaysInMonth(month.Year, month.Month)));

    public MeetingDayCheck Check(DateOnly date, YearMonth month, HolidayCalendar holidays)
    {
        var shown = Vietnamese.Date(date);
        if (Window == MeetingWindow.LateOrEarly)
        {
            var inEarly = date >= month.FirstDay && date <= month.FirstDay.AddDays(4);
            var inLate = date >= new DateOnly(month.Year, month.Month, 25) && date <= month.LastDay;
            return inLate || inEarly
                ? new(true, $"Họp ngày {shown}, trong khoảng từ ngày 01 đến ngày 05 hoặc từ ngày 25 đến cuối tháng {month.Month}.")
                : new(false, $"Họp ngày {shown}, ngoài khoảng từ ngày 01 đến ngày 05 và từ ngày 25 đến cuối tháng {month.Month}.");
        }

        var scheduled = Scheduled(month);
        var due = DueDate(month, holidays)!.Value;
        var last = scheduled.AddDays(MaxShiftDays);
        if (due == scheduled)
            return date == scheduled
                ? new(true, $"Họp ngày {shown}, đúng ngày {Day:D2} hằng tháng.")
                : new(false, $"Họp ngày {shown}, không đúng ngày {Day:D2} hằng tháng.");
        var why = WhyMoved(scheduled, due, holidays);
        if (date == due)
            return new(true, due <= last
                ? $"Họp ngày {shown}: {why} nên lùi sang ngày làm việc kế tiếp (không quá ngày {last.Day:D2})."
                : $"Họp ngày {shown}: {why} nên họp vào ngày làm việc đầu tiên sau đó vẫn là đúng hạn (trừ các ngày lễ tết).");
        return new(false, $"Họp ngày {shown}: {why}, lẽ ra họp ngày {Vietnamese.Date(due)}.");
    }

    /// <summary>"ngày 03/01/2027 là ngày nghỉ (Chủ nhật)", "các ngày 03/02, 04/02, 05/02/2030 đều là ngày nghỉ (Tết Nguyên đán)".</summary>
    private static string WhyMoved(DateOnly scheduled, DateOnly due, HolidayCalendar holidays)
    {
        var off = new List<DateOnly>();
        for (var d = scheduled; d < due; d = d.AddDays(1)) off.Add(d);
        var names = string.Join(", ", off.Select(d => holidays.DayOffName(d)).OfType<string>().Distinct());
        return off.Count == 1
            ? $"ngày {Vietnamese.Date(scheduled)} là ngày nghỉ ({names})"
            : $"các ngày từ {Vietnamese.Date(off[0])} đến {Vietnamese.Date(off[^1])} đều là ngày nghỉ ({names})";
    }
}
