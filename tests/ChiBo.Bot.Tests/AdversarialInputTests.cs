using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Rubrics;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>Inputs an adversarial run found mishandled (issue #10): each is answered in Vietnamese, never with "ChiBo gặp lỗi".</summary>
public sealed class AdversarialInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_emoji_at_the_quoting_limit_is_quoted_whole_instead_of_cut_in_half()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var typed = new string('x', 29) + "😀"; // 31 UTF-16 units: a cut at 30 split the emoji, and LiteDB refused the broken string

        await s.InGroupAsync(TestUsers.Binh, "/nam " + typed);

        Assert.Equal($"Không hiểu năm \"{typed}\". Hãy gõ theo mẫu: /nam 2026.", s.Emulator.LastMessageIn(CellScenario.GroupId)!.Text);
    }

    [Fact]
    public async Task A_command_addressed_to_another_bot_is_not_answered_and_one_addressed_to_ChiBo_is()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var before = s.Emulator.MessagesIn(CellScenario.GroupId).Count;

        await s.InGroupAsync(TestUsers.Binh, "/help@otherbot");
        await s.InGroupAsync(TestUsers.Binh, "/danhsach@OtherBot");
        Assert.Equal(before, s.Emulator.MessagesIn(CellScenario.GroupId).Count);

        await s.InGroupAsync(TestUsers.Binh, "/danhsach@Chibo_Test_Bot"); // usernames are case-insensitive
        Assert.Contains("Trần Thị Bình", s.Emulator.LastMessageIn(CellScenario.GroupId)!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_of_one_cell_may_name_the_cell_by_its_code_and_a_code_of_another_cell_is_refused_by_name()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var code = s.Db.Cells.FindAll().Single().Id;

        await s.PrivateAsync(TestUsers.Binh, $"/danhgia 11/2026 {code + 7}");
        Assert.Contains($"không là cán bộ của chi bộ mã {code + 7}.", s.Prompt(TestUsers.Binh).Text, StringComparison.Ordinal);
        Assert.Null(s.Review());

        await s.PrivateAsync(TestUsers.Binh, $"/danhgia 11/2026 {code}");
        Assert.Contains("Bước 1/6", s.Prompt(TestUsers.Binh).Text, StringComparison.Ordinal);
        Assert.NotNull(s.Review());
    }
}
