using ChiBo.Bot.Storage;
using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;

namespace ChiBo.Bot.Tests.Files;

/// <summary>Hand-made cells and posted months for the report and file tests (no bot, no storage).</summary>
public static class Samples
{
    public static readonly Rubric BacGiang = BuiltInRubrics.Get(BuiltInRubrics.BacGiang2019);

    public static Cell Cell(int id, string name) => new() { Id = id, Name = name, RubricId = BacGiang.Id };

    /// <summary>A posted month whose criteria add up to <paramref name="total"/>: every criterion at its max, points taken
    /// off from the first criteria; ten members (no. 10 exempt) with the given absences.</summary>
    public static PostedRecord Posted(int cellId, int year, int month, decimal total, int[]? absentWithReason = null, int[]? absentWithoutReason = null,
        int[]? unpaid = null, int[]? speakers = null, bool thematic = false)
    {
        var scores = Harness.Seed.ScoresFor(BacGiang, total);
        var attendance = Enumerable.Range(1, 10).Select(i => new AttendanceEntry
        {
            MemberId = i, Name = Name(i),
            Status = i == 10 ? AttendanceStatus.Exempt
                : absentWithReason?.Contains(i) == true ? AttendanceStatus.AbsentWithReason
                : absentWithoutReason?.Contains(i) == true ? AttendanceStatus.AbsentWithoutReason
                : AttendanceStatus.Present,
            Reason = absentWithReason?.Contains(i) == true ? "ốm" : null,
        }).ToList();
        var dues = Enumerable.Range(1, 10).Select(i => new DuesEntry { MemberId = i, Name = Name(i), Amount = 20000, Paid = unpaid?.Contains(i) != true }).ToList();
        return new PostedRecord
        {
            Id = $"{cellId}:{year}-{month:00}", CellId = cellId, Year = year, Month = month, Total = total, Revision = 1,
            PostedBy = "telegram:1002", PostedByName = "Trần Thị Bình", PostedAt = new DateTimeOffset(year, month, 3, 10, 0, 0, TimeSpan.Zero),
            Record = new MeetingRecord
            {
                CellId = cellId.ToString(System.Globalization.CultureInfo.InvariantCulture), Year = year, Month = month, RubricId = BacGiang.Id,
                Date = new DateOnly(year, month, 3), Start = new TimeOnly(14, 0), End = new TimeOnly(16, 0),
                Attendance = attendance, Dues = dues, Scores = scores, WithThematic = thematic, Speakers = [.. speakers ?? []],
                Conclusion = "Chi bộ thống nhất đẩy mạnh vệ sinh môi trường khu phố.",
                Tasks = [new TaskItem { Who = "Lê Văn Cường", What = "Ra quân dọn vệ sinh", Due = new DateOnly(year, month, 20) }],
            },
        };
    }

    public static readonly string[] Names =
    [
        "Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn Dũng", "Phạm Thị Hoa", "Hoàng Văn Minh",
        "Vũ Thị Lan", "Đặng Văn Nam", "Bùi Thị Thu", "Đỗ Văn Hải", "Ngô Thị Mai",
    ];

    public static string Name(int number) => Names[number - 1];
}
