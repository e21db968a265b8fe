using System.Text;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;

namespace ChiBo.Bot.Flows.Review;

/// <summary>
/// The parts of a meeting record that the summary, the group post and /ketqua all show: who was absent (with or without
/// reason), the thematic topic, derived criteria scored against the bot's suggestion, the conclusion and the tasks.
/// </summary>
public static class RecordText
{
    /// <summary>"• Tiêu chí 5 (Tỷ lệ đảng viên dự họp): đề xuất 3, chấm 0: lý do".</summary>
    public static List<string> Overrides(Rubric rubric, MeetingRecord r) =>
        rubric.Criteria
            .Where(c => r.Suggested.TryGetValue(c.Id, out var s) && r.Scores.TryGetValue(c.Id, out var p) && s != p)
            .Select(c => $"• Tiêu chí {c.Id} ({c.Label}): đề xuất {Vietnamese.Points(r.Suggested[c.Id])}, chấm {Vietnamese.Points(r.Scores[c.Id])}: "
                + (r.ScoreNotes.TryGetValue(c.Id, out var why) ? why : "không nêu lý do"))
            .ToList();

    /// <summary>The absentees by name, in two groups; empty when everyone expected came.</summary>
    public static List<string> Absentees(MeetingRecord r)
    {
        var lines = new List<string>();
        var withReason = r.Attendance.Where(e => e.Status == AttendanceStatus.AbsentWithReason && !e.IsExempt())
            .Select(e => e.Name + (string.IsNullOrEmpty(e.Reason) ? "" : $" ({e.Reason})")).ToList();
        var without = r.Attendance.Where(e => e.Status is AttendanceStatus.AbsentWithoutReason or AttendanceStatus.AbsentUnexplained && !e.IsExempt())
            .Select(e => e.Name).ToList();
        if (withReason.Count > 0) lines.Add($"Vắng có lý do: {string.Join(", ", withReason)}");
        if (without.Count > 0) lines.Add($"Vắng không lý do: {string.Join(", ", without)}");
        return lines;
    }

    /// <summary>"• Nguyễn Văn An: Hoàn thiện báo cáo — hạn 15/12/2026".</summary>
    public static string Tasks(IEnumerable<TaskItem> tasks) =>
        string.Join("\n", tasks.Select(t => $"• {t.Who}: {t.What}" + (t.Due is { } d ? $" — hạn {Vietnamese.Date(d)}" : "")
            + (t.CarriedFrom is { } from ? $" (chuyển từ tháng {int.Parse(from[5..], System.Globalization.CultureInfo.InvariantCulture)}/{from[..4]})" : "")));

    /// <summary>The record's content after the figures: absentees, thematic topic, overrides, conclusion and tasks.</summary>
    public static string Details(Rubric rubric, MeetingRecord r)
    {
        var sb = new StringBuilder();
        foreach (var line in Absentees(r)) sb.Append(line).Append('\n');
        if (r.WithThematic) sb.Append($"Sinh hoạt chuyên đề: {r.ThematicTopic ?? "có (chưa ghi chủ đề)"}\n");
        var overrides = Overrides(rubric, r);
        if (overrides.Count > 0) sb.Append("Chấm khác đề xuất của ChiBo:\n").Append(string.Join("\n", overrides)).Append('\n');
        if (r.FollowUps.Count > 0)
            sb.Append($"Nhiệm vụ tháng trước: {r.FollowUps.Count(t => t.Status == TaskState.Done)} hoàn thành, "
                + $"{r.FollowUps.Count(t => t.Status == TaskState.NotDone)} chưa hoàn thành, {r.FollowUps.Count(t => t.Status == TaskState.CarriedOver)} chuyển sang tháng này"
                + (r.FollowUps.Any(t => t.Status == TaskState.Open) ? $", {r.FollowUps.Count(t => t.Status == TaskState.Open)} chưa đánh giá" : "") + "\n");
        if (!string.IsNullOrWhiteSpace(r.Conclusion)) sb.Append($"Kết luận: {r.Conclusion}\n");
        if (r.Tasks.Count > 0) sb.Append($"Nhiệm vụ:\n{Tasks(r.Tasks)}\n");
        return sb.ToString();
    }
}
