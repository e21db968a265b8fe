namespace ChiBo.Core.Meetings;

/// <summary>
/// Counts per attendance status of the members expected at the meeting, and the rate (DOMAIN.md, criterion 5):
/// exempt members count on neither side, even when they attend (<see cref="ExemptPresent"/>).
/// </summary>
public sealed record AttendanceSummary(int Total, int Present, int AbsentWithReason, int AbsentWithoutReason, int Exempt, int Unknown,
    int AbsentUnexplained = 0, int ExemptPresent = 0)
{
    public static AttendanceSummary Of(IEnumerable<AttendanceEntry> entries)
    {
        var list = entries.ToList();
        var expected = list.Where(e => !e.IsExempt()).ToList();
        int Count(AttendanceStatus s) => expected.Count(e => e.Status == s);
        return new(list.Count, Count(AttendanceStatus.Present), Count(AttendanceStatus.AbsentWithReason),
            Count(AttendanceStatus.AbsentWithoutReason), list.Count - expected.Count, Count(AttendanceStatus.Unknown),
            Count(AttendanceStatus.AbsentUnexplained), list.Count(e => e.IsExempt() && e.Status == AttendanceStatus.Present));
    }

    /// <summary>Members expected at the meeting: everyone but the exempt.</summary>
    public int Expected => Total - Exempt;

    /// <summary>Present ÷ expected, or null when nobody is expected.</summary>
    public decimal? Rate => Expected > 0 ? (decimal)Present / Expected : null;

    /// <summary>"17/18 có mặt (94,4%)".</summary>
    public string RateText => Rate is { } r ? $"{Present}/{Expected} có mặt ({Vietnamese.Percent(r)})" : "không có đảng viên phải dự";

    /// <summary>"17/18 có mặt (94,4%); vắng có lý do 1; vắng không lý do 0; miễn sinh hoạt 2".</summary>
    public string Line => $"{RateText}; vắng có lý do {AbsentWithReason}"
        + (AbsentUnexplained > 0 ? $"; vắng chưa rõ lý do {AbsentUnexplained}" : "")
        + $"; vắng không lý do {AbsentWithoutReason}; miễn sinh hoạt {Exempt}"
        + (ExemptPresent > 0 ? $" ({ExemptPresent} đồng chí miễn sinh hoạt vẫn dự họp)" : "")
        + (Unknown > 0 ? $"; chưa điểm danh {Unknown}" : "");
}

/// <summary>The month's dues: who paid, who did not, how much came in.</summary>
public sealed record DuesSummary(int Paid, int Unpaid, decimal Collected, decimal Outstanding)
{
    public static DuesSummary Of(IEnumerable<DuesEntry> entries)
    {
        var list = entries.ToList();
        return new(list.Count(d => d.Paid), list.Count(d => !d.Paid),
            list.Where(d => d.Paid).Sum(d => d.Amount), list.Where(d => !d.Paid).Sum(d => d.Amount));
    }

    /// <summary>"15 đã nộp (300.000 đ), 2 chưa nộp".</summary>
    public string Line => $"{Paid} đã nộp ({Vietnamese.Money(Collected)}), {Unpaid} chưa nộp";
}
