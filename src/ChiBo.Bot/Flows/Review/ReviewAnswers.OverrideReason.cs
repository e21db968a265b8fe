using ChiBo.Core;

namespace ChiBo.Bot.Flows.Review;

/// <summary>
/// A derived criterion (2, 3, 5, 6) scored against the bot's suggestion with no reason, by any path: one short question
/// asks why, before anything else. The answer is the reason (kept for the summary, the group post and /ketqua); "bỏ qua"
/// leaves it without one ("không nêu lý do").
/// </summary>
public static partial class ReviewAnswers
{
    private static readonly string[] SkipReasonWords = ["bo qua", "khong", "khong co", "khong neu", "thoi", "skip"];

    private static Outcome AnswerOverrideReason(ReviewContext ctx, Answer a)
    {
        var ids = ctx.Doc.OverrideReasons!;
        if (a.Button == "rskip" || a.Is("", SkipReasonWords))
        {
            ctx.Doc.OverrideReasons = null;
            return Outcome.Stay($"Đã ghi điểm tiêu chí {string.Join(", ", ids)}, không nêu lý do.");
        }
        // A button of the step below, or a word that answers it ("xác nhận", "đúng"), is no reason.
        if (a.Text is not { Length: > 0 } text || a.Is("", [.. ConfirmWords, "cong bo", "xong", "tiep tuc"]))
            return Outcome.Fail("Trước hết, đồng chí gõ lý do chấm khác đề xuất, hoặc \"bỏ qua\".");
        var reason = text.Trim().TrimEnd('.');
        if (reason.Length < 3) return Outcome.Fail("Lý do quá ngắn. Hãy gõ lý do chấm khác đề xuất, hoặc \"bỏ qua\".");
        if (reason.Length > 300) return Outcome.Fail("Lý do quá dài (tối đa 300 ký tự).");
        foreach (var id in ids) ctx.Record.ScoreNotes[id] = reason;
        ctx.Doc.OverrideReasons = null;
        return Outcome.Stay($"Đã ghi lý do cho tiêu chí {string.Join(", ", ids)}.");
    }

    /// <summary>The question: "Tiêu chí 5 (…): ChiBo đề xuất 0, đồng chí chấm 3. Vì sao?"</summary>
    internal static string OverrideReasonQuestion(ReviewContext ctx)
    {
        var lines = ctx.Doc.OverrideReasons!.Select(id => ctx.Rubric.Find(id) is { } c
            ? $"• Tiêu chí {c.Id} ({c.Label}): ChiBo đề xuất {Vietnamese.Points(ctx.Record.Suggested.GetValueOrDefault(id))}, đồng chí chấm {Vietnamese.Points(ctx.Record.Scores.GetValueOrDefault(id))}."
            : "");
        return "Chấm khác đề xuất của ChiBo:\n" + string.Join("\n", lines)
            + "\n\nĐồng chí gõ lý do ngắn gọn (sẽ ghi vào kết quả), hoặc \"bỏ qua\" nếu không nêu.";
    }
}
