using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;

namespace ChiBo.Core.Tests;

/// <summary>Small builders shared by the test files.</summary>
internal static class TestData
{
    public static Rubric BacGiang => BuiltInRubrics.Get(BuiltInRubrics.BacGiang2019);
    public static Rubric ThaiBinh => BuiltInRubrics.Get(BuiltInRubrics.ThaiBinh2019);

    /// <summary>A roll call with so many members in each status, numbered from 1 in that order.</summary>
    public static List<AttendanceEntry> Roll(int present, int withReason = 0, int withoutReason = 0, int exempt = 0, int unknown = 0)
    {
        var statuses = Enumerable.Repeat(AttendanceStatus.Present, present)
            .Concat(Enumerable.Repeat(AttendanceStatus.AbsentWithReason, withReason))
            .Concat(Enumerable.Repeat(AttendanceStatus.AbsentWithoutReason, withoutReason))
            .Concat(Enumerable.Repeat(AttendanceStatus.Exempt, exempt))
            .Concat(Enumerable.Repeat(AttendanceStatus.Unknown, unknown));
        return statuses.Select((s, i) => new AttendanceEntry { MemberId = i + 1, Name = $"Đảng viên {i + 1}", Status = s }).ToList();
    }

    public static DateOnly Day(int day, int month, int year) => new(year, month, day);
}
