using System.Globalization;
using System.Text.RegularExpressions;
using ChiBo.Core;
using ChiBo.Core.Meetings;

namespace ChiBo.Bot.Flows.Review;

/// <summary>
/// At the criterion that asks whether last month's conclusion was carried out (criterion 23), the secretary marks each of
/// last month's tasks: "nhiệm vụ 1 xong", "nhiệm vụ 2 chưa", "nhiệm vụ 3 chuyển". The statuses are kept in
/// <see cref="MeetingRecord.FollowUps"/>; a carried-over task joins this month's tasks.
/// </summary>
public static partial class ReviewAnswers
{
    private static readonly (string Word, TaskState State)[] FollowUpWords =
        [("xong", TaskState.Done), ("chua xong", TaskState.NotDone), ("chua", TaskState.NotDone), ("chuyen", TaskState.CarriedOver), ("chuyen sang", TaskState.CarriedOver)];

    /// <summary>Handles "nhiệm vụ N xong|chưa|chuyển" at the criterion showing last month's conclusion; null when the answer is something else.</summary>
    private static Outcome? FollowUp(ReviewContext ctx, Answer a)
    {
        if (!ctx.CurrentCriterion.ShowPreviousConclusion || a.Text is null) return null;
        var m = FollowUpPattern().Match(a.Folded);
        if (!m.Success) return null;
        SyncFollowUps(ctx);
        var tasks = ctx.Record.FollowUps;
        if (tasks.Count == 0) return Outcome.Fail("Tháng trước không có nhiệm vụ nào được giao trong ChiBo.");
        var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (n < 1 || n > tasks.Count) return Outcome.Fail($"Không có nhiệm vụ số {n} (từ 1 đến {tasks.Count}).");
        var state = FollowUpWords.First(w => w.Word == m.Groups[2].Value).State;
        var task = tasks[n - 1];
        task.Status = state;
        var from = ctx.Month.Previous.Key;
        ctx.Record.Tasks.RemoveAll(t => t.CarriedFrom == from && t.Who == task.Who && t.What == task.What);
        if (state == TaskState.CarriedOver)
            ctx.Record.Tasks.Add(new TaskItem { Who = task.Who, What = task.What, Due = task.Due, CarriedFrom = from });
        return Outcome.Stay($"Nhiệm vụ {n}: {FollowUpText(state)}.");
    }

    /// <summary>Last month's tasks copied into this record once, so their statuses can be kept here.</summary>
    internal static void SyncFollowUps(ReviewContext ctx)
    {
        if (ctx.Record.FollowUps.Count > 0 || ctx.PreviousTasks.Count == 0) return;
        ctx.Record.FollowUps = ctx.PreviousTasks.Select(t => new TaskItem { Who = t.Who, What = t.What, Due = t.Due, CarriedFrom = t.CarriedFrom }).ToList();
    }

    internal static string FollowUpText(TaskState state) => state switch
    {
        TaskState.Done => "✅ đã hoàn thành",
        TaskState.NotDone => "❌ chưa hoàn thành",
        TaskState.CarriedOver => "➡ chuyển sang tháng này",
        _ => "▫️ chưa đánh giá",
    };

    [GeneratedRegex(@"^nhiem vu\s+([0-9]{1,2})\s*:?\s*(xong|chua xong|chua|chuyen sang|chuyen)\b")] private static partial Regex FollowUpPattern();
}
