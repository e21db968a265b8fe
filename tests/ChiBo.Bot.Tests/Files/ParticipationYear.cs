using ChiBo.Bot.Storage;
using static ChiBo.Bot.Tests.Files.Samples;

namespace ChiBo.Bot.Tests.Files;

/// <summary>
/// A hand-worked year for the participation reports: ten members (no. 10 exempt), eight months posted (January to August
/// 2026), asked on 10/12/2026. Figures worked out by hand:
///   absences: no. 2 with reason in Jan, Mar, Jul and without in Feb (4, 1 unexcused); no. 5 with reason in Mar; no. 6 without in May
///   → present 66 of 72 expected (91,7%); no. 2 is the only member absent 3 times or more (3 in Q1 alone)
///   speakers: no. 1 in all 8 months, no. 3 in 6 (Jan–Jun), no. 4 in 3 (Jan, Apr, Aug) → 2 of 9 members at 6 or more
///   thematic: March and June → Q1 and Q2 of the three ended quarters
///   dues (20.000 đ): no. 4 unpaid Jan–Mar (60.000 đ), no. 5 unpaid Feb (20.000 đ) → 1.520.000 đ collected, 80.000 đ owed
///   all posted on the 3rd of their month: 8 of the 11 months due (January–November) on time.
/// </summary>
public static class ParticipationYear
{
    public static List<Member> Roster(int cellId = 1) =>
        Enumerable.Range(1, 10).Select(i => new Member { Id = i, CellId = cellId, Name = Name(i), Exempt = i == 10 }).ToList();

    public static List<PostedRecord> Records(int cellId = 1) =>
    [
        Posted(cellId, 2026, 1, 92, absentWithReason: [2], speakers: [1, 3, 4], unpaid: [4]),
        Posted(cellId, 2026, 2, 88, absentWithoutReason: [2], speakers: [1, 3], unpaid: [4, 5]),
        Posted(cellId, 2026, 3, 90, absentWithReason: [2, 5], speakers: [1, 3], unpaid: [4], thematic: true),
        Posted(cellId, 2026, 4, 91, speakers: [1, 3, 4]),
        Posted(cellId, 2026, 5, 85, absentWithoutReason: [6], speakers: [1, 3]),
        Posted(cellId, 2026, 6, 95, speakers: [1, 3], thematic: true),
        Posted(cellId, 2026, 7, 93, absentWithReason: [2], speakers: [1]),
        Posted(cellId, 2026, 8, 80, speakers: [1, 4]),
    ];
}
