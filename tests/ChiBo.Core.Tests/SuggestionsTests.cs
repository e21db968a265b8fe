using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;
using static ChiBo.Core.Tests.TestData;

namespace ChiBo.Core.Tests;

/// <summary>The scores the bot proposes for bac-giang criteria 2, 3, 5 and 6, each with the reason shown to the secretary.</summary>
public sealed class SuggestionsTests
{
    private static readonly YearMonth November = new(2026, 11);
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    private static Suggestion? Suggest(string criterionId, SuggestionContext context) =>
        Suggestions.For(BacGiang.Find(criterionId)!, context);

    private static SuggestionContext Attendance(List<AttendanceEntry> roll) => new(November, roll);

    // Criterion 5: present ÷ (members − exempt) strictly above 90% → 3, else 0.
    [Theory]
    [InlineData(17, 1, 0, 2, 3, "17/18 có mặt = 94,4%, trên 90%.")]        // the two exempt members are left out
    [InlineData(9, 1, 0, 0, 0, "9/10 có mặt = 90%, không trên 90%.")]       // exactly 90% is not above 90%
    [InlineData(9, 0, 1, 3, 0, "9/10 có mặt = 90%, không trên 90%.")]       // 9 of 10 expected, 3 exempt: still 90%
    [InlineData(10, 1, 0, 1, 3, "10/11 có mặt = 90,9%, trên 90%.")]         // 90.9% is above
    [InlineData(18, 2, 0, 0, 0, "18/20 có mặt = 90%, không trên 90%.")]
    [InlineData(19, 0, 1, 0, 3, "19/20 có mặt = 95%, trên 90%.")]
    [InlineData(12, 0, 0, 5, 3, "12/12 có mặt = 100%, trên 90%.")]
    [InlineData(0, 3, 0, 1, 0, "0/3 có mặt = 0%, không trên 90%.")]
    public void Criterion_5_attendance_rate_above_90_percent(int present, int withReason, int withoutReason, int exempt, double points, string reason)
    {
        var suggestion = Suggest("5", Attendance(Roll(present, withReason, withoutReason, exempt)));

        Assert.Equal(new Suggestion("5", (decimal)points, reason), suggestion);
    }

    [Fact]
    public void Criterion_5_an_exempt_member_who_attends_counts_on_neither_side()
    {
        // 9 of 10 present plus an exempt member who came: 9/10 = 90%, not 10/11 = 90,9%.
        var roll = Roll(present: 9, withReason: 1);
        roll.Add(new AttendanceEntry { MemberId = 11, Name = "Đảng viên 11", Status = AttendanceStatus.Present, Exempt = true });

        Assert.Equal(new Suggestion("5", 0, "9/10 có mặt = 90%, không trên 90%."), Suggest("5", Attendance(roll)));
        Assert.Contains("1 đồng chí miễn sinh hoạt vẫn dự họp", AttendanceSummary.Of(roll).Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Criterion_5_waits_until_everyone_is_marked_and_someone_is_expected()
    {
        Assert.Null(Suggest("5", Attendance(Roll(present: 17, unknown: 1))));
        Assert.Null(Suggest("5", Attendance(Roll(present: 0, exempt: 3))));
        Assert.Null(Suggest("5", Attendance([])));
    }

    // Criterion 6: nobody absent without reason → 3, else 0; exempt members are not absent.
    [Theory]
    [InlineData(15, 2, 0, 3, 3, "Không có đảng viên vắng mặt không có lý do.")]
    [InlineData(15, 0, 1, 0, 0, "Có 1 đảng viên vắng mặt không có lý do.")]
    [InlineData(12, 1, 2, 1, 0, "Có 2 đảng viên vắng mặt không có lý do.")]
    public void Criterion_6_no_absence_without_reason(int present, int withReason, int withoutReason, int exempt, double points, string reason)
    {
        var suggestion = Suggest("6", Attendance(Roll(present, withReason, withoutReason, exempt)));

        Assert.Equal(new Suggestion("6", (decimal)points, reason), suggestion);
    }

    [Fact]
    public void Criterion_6_an_absence_without_a_recorded_reason_is_not_excused()
    {
        var roll = Roll(present: 9);
        roll.Add(new AttendanceEntry { MemberId = 10, Name = "Đảng viên 10", Status = AttendanceStatus.AbsentUnexplained });

        var suggestion = Suggest("6", Attendance(roll))!;

        Assert.Equal(0, suggestion.Points);
        Assert.Equal("Có 1 đảng viên vắng chưa rõ lý do (chưa ghi lý do; nếu có lý do, đồng chí ghi ở bước điểm danh).", suggestion.Reason);
    }

    [Fact]
    public void Criterion_6_waits_until_everyone_is_marked()
    {
        Assert.Null(Suggest("6", Attendance(Roll(present: 10, unknown: 2))));
        Assert.Null(Suggest("6", Attendance([])));
    }

    // Criterion 2: the meeting date against the cell's day (the 3rd), moved past holidays (DOMAIN.md, seed 004).
    public static TheoryData<DateOnly, DateOnly[], double, string> MeetingDays() => new()
    {
        { Day(3, 11, 2026), [], 2, "Họp ngày 03/11/2026, đúng ngày 03 hằng tháng." },
        { Day(4, 11, 2026), [], 0, "Họp ngày 04/11/2026, không đúng ngày 03 hằng tháng." },
        { Day(2, 11, 2026), [], 0, "Họp ngày 02/11/2026, không đúng ngày 03 hằng tháng." },
        // The 3rd is a holiday set in the settings: the meeting moves to the 4th.
        { Day(4, 11, 2026), [Day(3, 11, 2026)], 2, "Họp ngày 04/11/2026: ngày 03/11/2026 là ngày nghỉ (ngày nghỉ lễ) nên lùi sang ngày làm việc kế tiếp (không quá ngày 05)." },
        { Day(5, 11, 2026), [Day(3, 11, 2026)], 0, "Họp ngày 05/11/2026: ngày 03/11/2026 là ngày nghỉ (ngày nghỉ lễ), lẽ ra họp ngày 04/11/2026." },
        // Sunday 03/01/2027: Monday the 4th is on time (it used to be flagged "không đúng ngày 03").
        { Day(4, 1, 2027), [], 2, "Họp ngày 04/01/2027: ngày 03/01/2027 là ngày nghỉ (Chủ nhật) nên lùi sang ngày làm việc kế tiếp (không quá ngày 05)." },
    };

    [Theory]
    [MemberData(nameof(MeetingDays))]
    public void Criterion_2_meeting_on_the_3rd_or_the_day_after_a_holiday(DateOnly held, DateOnly[] holidays, double points, string reason)
    {
        var context = new SuggestionContext(YearMonth.Of(held), Roll(10), MeetingDate: held, Holidays: new HolidayCalendar(holidays));

        Assert.Equal(new Suggestion("2", (decimal)points, reason), Suggest("2", context));
    }

    [Fact]
    public void Criterion_2_follows_the_cells_own_schedule()
    {
        var window = new MeetingSchedule(MeetingWindow.LateOrEarly);

        var late = Suggest("2", new SuggestionContext(November, [], MeetingDate: Day(28, 11, 2026), Schedule: window));
        var outside = Suggest("2", new SuggestionContext(November, [], MeetingDate: Day(10, 11, 2026), Schedule: window));

        Assert.Equal(new Suggestion("2", 2, "Họp ngày 28/11/2026, trong khoảng từ ngày 01 đến ngày 05 hoặc từ ngày 25 đến cuối tháng 11."), late);
        Assert.Equal(new Suggestion("2", 0, "Họp ngày 10/11/2026, ngoài khoảng từ ngày 01 đến ngày 05 và từ ngày 25 đến cuối tháng 11."), outside);
        Assert.Null(Suggest("2", new SuggestionContext(November, [])));
    }

    // Criterion 3: "trước ít nhất 01 ngày" counts calendar days: a notice sent by the day before the meeting is on time.
    [Theory]
    [InlineData(1, 8, 0, 1, "Thông báo gửi lúc 08:00 01/11/2026, trước ngày họp 03/11/2026 2 ngày, cho đảng viên và cấp ủy cấp trên.")]
    [InlineData(2, 8, 0, 1, "Thông báo gửi lúc 08:00 02/11/2026, trước ngày họp 03/11/2026 1 ngày, cho đảng viên và cấp ủy cấp trên.")]
    [InlineData(2, 20, 0, 1, "Thông báo gửi lúc 20:00 02/11/2026, trước ngày họp 03/11/2026 1 ngày, cho đảng viên và cấp ủy cấp trên.")]  // the evening before
    [InlineData(2, 23, 59, 1, "Thông báo gửi lúc 23:59 02/11/2026, trước ngày họp 03/11/2026 1 ngày, cho đảng viên và cấp ủy cấp trên.")]
    [InlineData(3, 0, 1, 0, "Thông báo gửi lúc 00:01 03/11/2026. Còn thiếu: thông báo gửi ngay trong ngày họp, chưa trước ít nhất 01 ngày.")]
    [InlineData(3, 9, 0, 0, "Thông báo gửi lúc 09:00 03/11/2026. Còn thiếu: thông báo gửi sau giờ họp.")]
    public void Criterion_3_notice_by_the_day_before(int day, int hour, int minute, double points, string reason)
    {
        var start = new DateTimeOffset(2026, 11, 3, 8, 0, 0, Hanoi);
        var sent = new DateTimeOffset(2026, 11, day, hour, minute, 0, Hanoi);

        var suggestion = Suggest("3", new SuggestionContext(November, [], MeetingStartsAt: start, NoticeSentAt: sent));

        Assert.Equal(new Suggestion("3", (decimal)points, reason), suggestion);
    }

    [Fact]
    public void Criterion_3_needs_the_committee_told_too_and_says_which_part_is_missing()
    {
        var start = new DateTimeOffset(2026, 11, 3, 8, 0, 0, Hanoi);

        var onTimeNoCommittee = Suggest("3", new SuggestionContext(November, [], MeetingStartsAt: start, NoticeSentAt: start.AddDays(-2), NoticeReachedCommittee: false))!;
        var lateNoCommittee = Suggest("3", new SuggestionContext(November, [], MeetingStartsAt: start, NoticeSentAt: start.AddHours(-1), NoticeReachedCommittee: false))!;

        Assert.Equal(0, onTimeNoCommittee.Points);
        Assert.Equal("Thông báo gửi lúc 08:00 01/11/2026, trước ngày họp 03/11/2026 2 ngày. Còn thiếu: ChiBo chưa gửi thông báo này cho cấp ủy cấp trên (nếu cấp ủy đã được báo cách khác, đồng chí chấm lại).", onTimeNoCommittee.Reason);
        Assert.Equal("Thông báo gửi lúc 07:00 03/11/2026. Còn thiếu: thông báo gửi ngay trong ngày họp, chưa trước ít nhất 01 ngày; ChiBo chưa gửi thông báo này cho cấp ủy cấp trên (nếu cấp ủy đã được báo cách khác, đồng chí chấm lại).", lateNoCommittee.Reason);
    }

    [Fact]
    public void Criterion_3_needs_both_the_notice_and_the_start()
    {
        var start = new DateTimeOffset(2026, 11, 3, 8, 0, 0, Hanoi);

        Assert.Null(Suggest("3", new SuggestionContext(November, [], MeetingStartsAt: start)));
        Assert.Null(Suggest("3", new SuggestionContext(November, [], NoticeSentAt: start.AddDays(-2))));
    }

    [Fact]
    public void Criteria_the_bot_cannot_derive_get_no_suggestion()
    {
        var context = new SuggestionContext(November, Roll(10), MeetingDate: Day(3, 11, 2026));

        Assert.All(BacGiang.Criteria.Where(c => c.DerivedFrom == DerivedFrom.None), c => Assert.Null(Suggestions.For(c, context)));
        Assert.All(ThaiBinh.Criteria, c => Assert.Null(Suggestions.For(c, context)));
    }

    [Fact]
    public void A_suggestion_gives_the_criterions_own_max()
    {
        var custom = new Criterion("tyle", 2, "Tỷ lệ đảng viên dự sinh hoạt", 5m, DerivedFrom: DerivedFrom.AttendanceRate);

        Assert.Equal(new Suggestion("tyle", 5, "10/10 có mặt = 100%, trên 90%."), Suggestions.For(custom, Attendance(Roll(10))));
    }
}
