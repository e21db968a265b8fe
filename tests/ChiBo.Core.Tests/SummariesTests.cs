using ChiBo.Core.Meetings;
using static ChiBo.Core.Tests.TestData;

namespace ChiBo.Core.Tests;

/// <summary>The roll call and the dues of a meeting as the secretary and the group see them.</summary>
public sealed class SummariesTests
{
    [Fact]
    public void Attendance_counts_each_status_and_leaves_exempt_members_out_of_the_rate()
    {
        var s = AttendanceSummary.Of(Roll(present: 17, withReason: 1, withoutReason: 0, exempt: 2));

        Assert.Equal(new AttendanceSummary(Total: 20, Present: 17, AbsentWithReason: 1, AbsentWithoutReason: 0, Exempt: 2, Unknown: 0), s);
        Assert.Equal(18, s.Expected);
        Assert.Equal(17m / 18m, s.Rate);
        Assert.Equal("17/18 có mặt (94,4%)", s.RateText);
        Assert.Equal("17/18 có mặt (94,4%); vắng có lý do 1; vắng không lý do 0; miễn sinh hoạt 2", s.Line);
    }

    [Fact]
    public void Attendance_still_being_taken_says_how_many_are_unmarked()
    {
        var s = AttendanceSummary.Of(Roll(present: 8, withReason: 1, withoutReason: 2, exempt: 1, unknown: 3));

        Assert.Equal(new AttendanceSummary(15, 8, 1, 2, 1, 3), s);
        Assert.Equal(14, s.Expected); // unmarked members are still expected
        Assert.Equal("8/14 có mặt (57,1%); vắng có lý do 1; vắng không lý do 2; miễn sinh hoạt 1; chưa điểm danh 3", s.Line);
    }

    [Fact]
    public void Attendance_with_nobody_expected_has_no_rate()
    {
        var exemptOnly = AttendanceSummary.Of(Roll(present: 0, exempt: 2));
        var empty = AttendanceSummary.Of([]);

        Assert.Null(exemptOnly.Rate);
        Assert.Equal("không có đảng viên phải dự; vắng có lý do 0; vắng không lý do 0; miễn sinh hoạt 2", exemptOnly.Line);
        Assert.Null(empty.Rate);
        Assert.Equal("không có đảng viên phải dự", empty.RateText);
    }

    [Fact]
    public void Dues_count_who_paid_and_who_did_not_and_the_amounts()
    {
        var dues = Enumerable.Range(1, 15).Select(i => new DuesEntry { MemberId = i, Paid = true, Amount = 20_000 })
            .Append(new DuesEntry { MemberId = 16, Paid = false, Amount = 20_000 })
            .Append(new DuesEntry { MemberId = 17, Paid = false, Amount = 35_000 })
            .ToList();

        var s = DuesSummary.Of(dues);

        Assert.Equal(new DuesSummary(Paid: 15, Unpaid: 2, Collected: 300_000, Outstanding: 55_000), s);
        Assert.Equal("15 đã nộp (300.000 đ), 2 chưa nộp", s.Line);
    }

    [Fact]
    public void Dues_with_nobody_listed_are_all_zero()
    {
        var s = DuesSummary.Of([]);

        Assert.Equal(new DuesSummary(0, 0, 0, 0), s);
        Assert.Equal("0 đã nộp (0 đ), 0 chưa nộp", s.Line);
    }

    [Fact]
    public void A_meeting_record_summarises_its_own_roll_call_and_dues()
    {
        var record = new MeetingRecord
        {
            Year = 2026,
            Month = 11,
            Attendance = Roll(present: 9, withoutReason: 1),
            Dues = [new DuesEntry { MemberId = 1, Paid = true, Amount = 1_250_000 }, new DuesEntry { MemberId = 2, Paid = false, Amount = 20_000 }],
        };

        Assert.Equal(new YearMonth(2026, 11), record.GetMonth());
        Assert.Equal(new AttendanceSummary(10, 9, 0, 1, 0, 0), record.SummarizeAttendance());
        Assert.Equal("1 đã nộp (1.250.000 đ), 1 chưa nộp", record.SummarizeDues().Line);
    }
}
