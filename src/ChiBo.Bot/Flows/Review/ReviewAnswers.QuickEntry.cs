using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Flows.Review;

/// <summary>The whole form at once: a line of scores (ChiBo.Core <see cref="ScoreLines"/>) typed at a criterion or at the
/// summary is shown as the whole form and applied only when the secretary confirms it.</summary>
public static partial class ReviewAnswers
{
    private static readonly string[] ConfirmWords = ["dung", "dong y", "ok", "ghi", "xac nhan", "co", "vang", "chuan"];
    private static readonly string[] DiscardWords = ["sai", "khong", "bo", "chua dung", "huy bieu"];

    /// <summary>A short reply that is, or starts with, one of <paramref name="words"/> ("đúng rồi ạ.", "không đúng"): at most four words.</summary>
    private static bool ShortReply(Answer a, string[] words)
    {
        var folded = a.Folded.TrimEnd('.', '!', ',', ' ');
        var count = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        // Two-letter words ("có", "ok", "bỏ") only alone: "có lẽ sai" is no yes.
        return a.Text is not null && count <= 4 && words.Any(w => folded == w || (w.Length > 2 && folded.StartsWith(w + " ", StringComparison.Ordinal)));
    }

    /// <summary>Reads a score line ("sửa 7: 3" too, at the summary); null when the text is no score line at all.</summary>
    private static Outcome? ProposeScores(ReviewContext ctx, Answer a)
    {
        if (a.Text is not { } text) return null;
        var result = ScoreLines.Parse(ctx.Rubric, text);
        if (!result.IsScoreLine && a.Folded.StartsWith("sua ", StringComparison.Ordinal))
            result = ScoreLines.Parse(ctx.Rubric, text.Trim()[4..]);
        if (result.Error is { } error) return Outcome.Fail(error);
        if (result.Line is not { } line) return null;
        var pending = line.Form == ScoreLineForm.Items && ctx.Doc.PendingScores is { } earlier ? new Dictionary<string, decimal>(earlier) : [];
        foreach (var (id, points) in line.Scores) pending[id] = points;
        ctx.Doc.PendingScores = pending;
        return Outcome.Stay();
    }

    /// <summary>The answer while a typed form waits: "đúng" applies it, "sai" drops it, another line corrects it; while
    /// walking the review, typing the conclusion after the complete form also confirms it (the form was shown with that
    /// question), so a whole review fits in six messages.</summary>
    private static Outcome AnswerPendingScores(ReviewContext ctx, Answer a)
    {
        var doc = ctx.Doc;
        var pending = doc.PendingScores!;
        if (a.Button == "qok" || ShortReply(a, ConfirmWords))
            return ApplyPendingScores(ctx);
        if (a.Button == "qno" || ShortReply(a, DiscardWords))
        {
            doc.PendingScores = null;
            return Outcome.Stay("Đã bỏ biểu điểm vừa gõ; không điểm nào thay đổi.");
        }
        if (ProposeScores(ctx, a) is { } corrected) return corrected;
        var complete = ctx.Rubric.Criteria.All(c => pending.ContainsKey(c.Id) || ctx.Record.Scores.ContainsKey(c.Id));
        // A conclusion is a sentence (five words or more), so that a short reply ("có lẽ vậy") is never taken for one.
        if (doc.Step == ReviewStep.Criteria && !doc.ReturnToSummary && complete && a.Folded.Split(' ').Length >= 5 && a.Folded.Any(char.IsLetter))
        {
            ApplyPendingScores(ctx);
            var conclusion = Conclusion(ctx, a);
            if (conclusion.Error is not null) return conclusion;
            doc.CriterionIndex = ctx.LastCriterion;
            return new Outcome(Trigger: ReviewTrigger.Next, Then: [ReviewTrigger.Next, .. conclusion.Then ?? []], Notice: conclusion.Notice);
        }
        return Outcome.Fail("Biểu điểm vừa gõ chưa được ghi. Gõ \"đúng\" để ghi, \"sai\" để bỏ, hoặc gõ lại cả dòng điểm (hay từng mục, ví dụ 7: 2).");
    }

    private static Outcome ApplyPendingScores(ReviewContext ctx)
    {
        var doc = ctx.Doc;
        var pending = doc.PendingScores!;
        ctx.AskReasons(pending.Where(p => ctx.SetScore(ctx.Rubric.Find(p.Key)!, p.Value)).Select(p => p.Key).ToList());
        var count = pending.Count;
        doc.PendingScores = null;
        var unscored = new Scorecard(ctx.Rubric, ctx.Record.Scores).Unscored;
        if (doc.Step == ReviewStep.Summary) return Outcome.Stay($"Đã ghi {count} điểm.");
        if (unscored.Count == 0)
        {
            doc.CriterionIndex = ctx.LastCriterion;
            return Outcome.Next;
        }
        doc.CriterionIndex = ctx.Rubric.Criteria.ToList().IndexOf(unscored[0]);
        return Outcome.Stay($"Đã ghi {count} điểm. Còn {unscored.Count} tiêu chí chưa chấm: {string.Join(", ", unscored.Select(c => c.Id))}.");
    }

    /// <summary>The compact form ("xem biểu"), at any step: nothing changes.</summary>
    private static Outcome ShowForm(ReviewContext ctx) => Outcome.Stay(ReviewView.Form(ctx));

    /// <summary>"mở biểu": a fresh single-use link to the web form (the typed form of Telegram's Mini App button).</summary>
    private static Outcome WebFormLink(ReviewContext ctx) => ctx.NewFormLink() is { } link
        ? Outcome.Stay($"🖥 Biểu đầy đủ trên web (liên kết dùng một lần, hết hạn sau {Web.ReviewFormLinks.LinkLifetime.TotalMinutes:0} phút):\n{link}")
        : Outcome.Fail("Biểu trên web chưa được bật cho ChiBo này; đồng chí trả lời từng bước ngay trong cuộc trò chuyện.");
}
