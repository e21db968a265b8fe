using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;

namespace ChiBo.Bot.Reports;

/// <summary>One member over a period: meetings they were expected at, how they answered, how often they spoke.</summary>
public sealed record MemberTally(Member Member, int Number, int Expected, int Present, int AbsentWithReason, int AbsentWithoutReason, int Spoke)
{
    public int Absences => AbsentWithReason + AbsentWithoutReason;
    public bool MeetsSpeakingTarget => Spoke >= Participation.SpeakingTarget;
}

/// <summary>A member's dues over a year: months paid and owed, with the amounts.</summary>
public sealed record MemberDues(Member Member, int Number, int PaidMonths, decimal Paid, IReadOnlyList<int> OwedMonths, decimal Owed);

/// <summary>Seed 002's targets for one cell over a year.</summary>
public sealed record CellTargets(
    Cell Cell, int Present, int Expected, int MembersAtSpeakingTarget, int MembersCounted,
    int QuartersWithThematic, int QuartersDue, int MonthsOnTime, int MonthsDue)
{
    public decimal? AttendanceRate => Expected > 0 ? (decimal)Present / Expected : null;
    /// <summary>Strictly above 95 %, as "trên 95%" reads.</summary>
    public bool MeetsAttendance => AttendanceRate > Participation.AttendanceTarget;
    public decimal? SpeakingShare => MembersCounted > 0 ? (decimal)MembersAtSpeakingTarget / MembersCounted : null;
    public bool MeetsSpeaking => MembersCounted > 0 && MembersAtSpeakingTarget == MembersCounted;
    public bool MeetsThematic => QuartersWithThematic >= QuartersDue;
    public bool MeetsOnTime => MonthsOnTime >= MonthsDue;
}

/// <summary>
/// Seed 002's figures from posted records (no storage, no text): attendance and speaking per member, absentees,
/// dues per member and month, and each cell's targets. Members are counted by roster id; a month counts a member
/// only when its attendance lists them (someone who joined later is not counted absent before).
/// </summary>
public static class Participation
{
    public const int SpeakingTarget = 6;
    public const decimal AttendanceTarget = 0.95m;

    /// <summary>Each active member of the roster (in roster order, numbered from 1) over <paramref name="records"/>.</summary>
    public static List<MemberTally> Tally(IReadOnlyList<Member> roster, IEnumerable<PostedRecord> records)
    {
        var list = records.ToList();
        return roster.Select((m, i) =>
        {
            var entries = list.Select(r => r.Record.Attendance.FirstOrDefault(e => e.MemberId == m.Id)).OfType<AttendanceEntry>()
                .Where(e => e.Status != AttendanceStatus.Exempt).ToList();
            int Count(AttendanceStatus s) => entries.Count(e => e.Status == s);
            var spoke = list.Count(r => r.Record.Speakers.Contains(m.Id));
            return new MemberTally(m, i + 1, entries.Count, Count(AttendanceStatus.Present), Count(AttendanceStatus.AbsentWithReason),
                Count(AttendanceStatus.AbsentWithoutReason), spoke);
        }).ToList();
    }

    /// <summary>Members absent (with or without reason) at <paramref name="threshold"/> or more meetings, most absences first.</summary>
    public static List<MemberTally> Absentees(IEnumerable<MemberTally> tallies, int threshold) =>
        tallies.Where(t => t.Absences >= threshold).OrderByDescending(t => t.Absences).ThenByDescending(t => t.AbsentWithoutReason).ThenBy(t => t.Number).ToList();

    /// <summary>Each member's dues over the records (a month counts only when its dues list the member).</summary>
    public static List<MemberDues> Dues(IReadOnlyList<Member> roster, IEnumerable<PostedRecord> records)
    {
        var list = records.OrderBy(r => r.Month).ToList();
        return roster.Select((m, i) =>
        {
            var entries = list.Select(r => (r.Month, Entry: r.Record.Dues.FirstOrDefault(d => d.MemberId == m.Id))).Where(x => x.Entry is not null).ToList();
            var paid = entries.Where(x => x.Entry!.Paid).ToList();
            var owed = entries.Where(x => !x.Entry!.Paid).ToList();
            return new MemberDues(m, i + 1, paid.Count, paid.Sum(x => x.Entry!.Amount), owed.Select(x => x.Month).ToList(), owed.Sum(x => x.Entry!.Amount));
        }).ToList();
    }

    /// <summary>
    /// A cell's year against seed 002: attendance over every posted month, members speaking at 6 or more meetings,
    /// a thematic meeting in each quarter that has ended, and months posted by the end of their month
    /// (<paramref name="localDate"/> turns a posting time into the cells' local date). Months before the cell was
    /// registered are not due. <paramref name="thematicHeld"/> says whether the cell held a thematic meeting in a quarter
    /// (<c>ThematicFlow.HeldIn</c>: recorded with /chuyende or on a review).
    /// </summary>
    public static CellTargets Targets(Cell cell, IReadOnlyList<Member> roster, IReadOnlyList<PostedRecord> records, int year, YearMonth today,
        Func<DateTimeOffset, DateOnly> localDate, Func<Quarter, bool> thematicHeld)
    {
        var present = records.Sum(r => r.Record.SummarizeAttendance().Present);
        var expected = records.Sum(r => r.Record.SummarizeAttendance().Expected);
        var counted = Tally(roster, records).Where(t => !t.Member.Exempt && t.Expected > 0).ToList();
        var tracked = cell.CreatedAt == default ? new YearMonth(year, 1) : YearMonth.Of(localDate(cell.CreatedAt));
        var dueMonths = Enumerable.Range(1, 12).Select(m => new YearMonth(year, m))
            .Where(m => m < today && m >= tracked || records.Any(r => r.Month == m.Month)).ToList();
        var dueQuarters = Enumerable.Range(1, 4).Select(q => new Quarter(year, q))
            .Where(q => q.Months[2] < today && q.Months[2] >= tracked).ToList();
        var thematic = dueQuarters.Count(thematicHeld);
        var onTime = records.Count(r => localDate(r.PostedAt) <= new YearMonth(r.Year, r.Month).LastDay);
        return new CellTargets(cell, present, expected, counted.Count(t => t.MeetsSpeakingTarget), counted.Count,
            thematic, dueQuarters.Count, onTime, dueMonths.Count);
    }
}
