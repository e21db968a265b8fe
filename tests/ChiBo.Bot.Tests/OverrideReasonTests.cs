using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// Derived criteria (2, 3, 5, 6) scored against the bot's suggestion by any path (one criterion at a time, a typed line
/// of scores, the web form: see WebFormBrowserTests) are kept as overrides, and the bot asks once for the reason, which
/// the secretary answers or skips ("bỏ qua").
/// </summary>
public sealed class OverrideReasonTests(ITestOutputHelper output)
{
    private static readonly TgUser Binh = TestUsers.Binh;
    private const string Criterion5 = "Tiêu chí 5 (Tỷ lệ dự họp trên 90%)";

    [Fact]
    public async Task A_line_of_scores_against_the_suggestion_is_an_override_and_its_reason_reaches_the_post_and_ketqua()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        await ReviewRecordTests.ToCriteriaAsync(s);
        await s.PrivateAsync(Binh, "đủ điểm");
        await s.PrivateAsync(Binh, "đúng");

        var question = s.Prompt(Binh).Text;
        Assert.Contains($"• {Criterion5}: ChiBo đề xuất 0, đồng chí chấm 3.", question, StringComparison.Ordinal);
        Assert.Contains(CellScenario.ReasonQuestion, question, StringComparison.Ordinal);
        Assert.Equal(0m, s.Review()!.Record.Suggested["5"]); // kept beside the score, as when scored one by one

        await s.PrivateAsync(Binh, "xác nhận"); // a word of the form's steps is no reason
        Assert.Contains("Trước hết, đồng chí gõ lý do chấm khác đề xuất", s.Prompt(Binh).Text, StringComparison.Ordinal);
        Assert.Empty(s.Review()!.Record.ScoreNotes);

        await s.PrivateAsync(Binh, "Đồng chí Minh đi công tác theo phân công của cấp ủy");
        Assert.Contains("Đã ghi lý do cho tiêu chí 5.", s.Prompt(Binh).Text, StringComparison.Ordinal);
        Assert.Contains("Bước 5/6 · Kết luận", s.Prompt(Binh).Text, StringComparison.Ordinal);
        await s.PrivateAsync(Binh, "Chi bộ thống nhất hoàn thành thu đảng phí trước ngày 15.");
        await s.PrivateAsync(Binh, "bỏ qua");

        const string line = $"• {Criterion5}: đề xuất 0, chấm 3: Đồng chí Minh đi công tác theo phân công của cấp ủy";
        Assert.Contains(line, s.Prompt(Binh).Text, StringComparison.Ordinal);
        await s.PrivateAsync(Binh, "xác nhận");
        Assert.Contains(line, s.Emulator.LastMessageIn(CellScenario.GroupId)!.Text, StringComparison.Ordinal);
        await s.InGroupAsync(TestUsers.Cuong, "/ketqua");
        Assert.Contains(line, s.Emulator.LastMessageIn(CellScenario.GroupId)!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_criterion_against_the_suggestion_asks_why_once_and_bo_qua_leaves_it_without_a_reason()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        await ReviewRecordTests.ToCriteriaAsync(s);
        foreach (var points in new[] { "2", "2", "1", "2" }) await s.PrivateAsync(Binh, points);
        await s.PrivateAsync(Binh, "3");

        var question = s.Prompt(Binh).Text;
        Assert.Contains($"• {Criterion5}: ChiBo đề xuất 0, đồng chí chấm 3.", question, StringComparison.Ordinal);
        Assert.NotNull(s.Prompt(Binh).Button("Bỏ qua, không nêu lý do").Data);

        await s.PrivateAsync(Binh, "bỏ qua");
        var next = s.Prompt(Binh).Text;
        Assert.Contains("Đã ghi điểm tiêu chí 5, không nêu lý do.", next, StringComparison.Ordinal);
        Assert.Contains("tiêu chí 6/25", next, StringComparison.Ordinal);
        Assert.Equal((0m, 3m), (s.Review()!.Record.Suggested["5"], s.Review()!.Record.Scores["5"]));
        Assert.Empty(s.Review()!.Record.ScoreNotes);

        await s.PrivateAsync(Binh, "3"); // criterion 6 as suggested: no question
        Assert.Contains("tiêu chí 7/25", s.Prompt(Binh).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(CellScenario.ReasonQuestion, s.Prompt(Binh).Text, StringComparison.Ordinal);

        await s.PrivateAsync(Binh, "xem biểu");
        await s.PrivateAsync(Binh, "đủ điểm, trừ 5: 3"); // criterion 5 unchanged: not asked again
        await s.PrivateAsync(Binh, "đúng");
        Assert.Contains("Bước 5/6 · Kết luận", s.Prompt(Binh).Text, StringComparison.Ordinal);
        await s.PrivateAsync(Binh, "Chi bộ thống nhất hoàn thành thu đảng phí trước ngày 15.");
        await s.PrivateAsync(Binh, "bỏ qua");
        Assert.Contains($"• {Criterion5}: đề xuất 0, chấm 3: không nêu lý do", s.Prompt(Binh).Text, StringComparison.Ordinal);
    }
}
