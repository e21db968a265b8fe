using ChiBo.Bot.Reports;
using ChiBo.Core;
using static ChiBo.Bot.Tests.Files.ParticipationYear;

namespace ChiBo.Bot.Tests.Files;

/// <summary>The participation, absentee, dues and target figures of <see cref="ParticipationYear"/>, against the hand-worked ones.</summary>
public sealed class ParticipationTests
{
    [Fact]
    public void Each_members_meetings_absences_and_times_spoken()
    {
        var tallies = Participation.Tally(Roster(), Records());

        Assert.Equal((8, 4, 3, 1, 0), Of(tallies[1]));  // no. 2
        Assert.Equal((8, 8, 0, 0, 8), Of(tallies[0]));  // no. 1
        Assert.Equal((8, 8, 0, 0, 6), Of(tallies[2]));  // no. 3
        Assert.Equal((8, 8, 0, 0, 3), Of(tallies[3]));  // no. 4
        Assert.Equal((0, 0, 0, 0, 0), Of(tallies[9]));  // no. 10, exempt
        Assert.Equal([1, 3], tallies.Where(t => t.MeetsSpeakingTarget).Select(t => t.Number));

        static (int, int, int, int, int) Of(MemberTally t) => (t.Expected, t.Present, t.AbsentWithReason, t.AbsentWithoutReason, t.Spoke);
    }

    [Fact]
    public void Absent_from_many_meetings_over_the_year_and_over_a_quarter()
    {
        var year = Participation.Absentees(Participation.Tally(Roster(), Records()), 3);
        Assert.Equal([2], year.Select(t => t.Number));
        Assert.Equal((4, 1), (year[0].Absences, year[0].AbsentWithoutReason));

        var q1 = Participation.Absentees(Participation.Tally(Roster(), Records().Where(r => r.Month <= 3)), 3);
        Assert.Equal((2, 3), (q1.Single().Number, q1.Single().Absences));
        Assert.Empty(Participation.Absentees(Participation.Tally(Roster(), Records().Where(r => r.Month is >= 4 and <= 6)), 3));
    }

    [Fact]
    public void Dues_paid_and_owed_per_member()
    {
        var dues = Participation.Dues(Roster(), Records());

        Assert.Equal(1_520_000m, dues.Sum(d => d.Paid));
        Assert.Equal(80_000m, dues.Sum(d => d.Owed));
        Assert.Equal((5, 100_000m, 60_000m), (dues[3].PaidMonths, dues[3].Paid, dues[3].Owed));
        Assert.Equal([1, 2, 3], dues[3].OwedMonths);
        Assert.Equal([2], dues[4].OwedMonths);
    }

    [Fact]
    public void The_cells_targets_for_the_year()
    {
        var t = Participation.Targets(Samples.Cell(1, "Chi bộ Khu phố 1"), Roster(), Records(), 2026, new YearMonth(2026, 12), at => DateOnly.FromDateTime(at.UtcDateTime),
            thematicHeld: q => q.Number is 1 or 2 or 4); // Q4 has not ended: not counted

        Assert.Equal((66, 72), (t.Present, t.Expected));
        Assert.False(t.MeetsAttendance);
        Assert.Equal((2, 9), (t.MembersAtSpeakingTarget, t.MembersCounted));
        Assert.Equal((2, 3), (t.QuartersWithThematic, t.QuartersDue));
        Assert.Equal((8, 11), (t.MonthsOnTime, t.MonthsDue));
    }
}
