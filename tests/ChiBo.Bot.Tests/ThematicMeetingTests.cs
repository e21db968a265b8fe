using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// A thematic meeting held on its own day is a record of its own (/chuyende, /xoachuyende), audited; the quarter's
/// report names its topic and flags a quarter without one (seed 002). The combined case (typed in the review or taken
/// from the notice) is in WhichMonthsCountTests.
/// </summary>
public sealed class ThematicMeetingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);
    private const string Topic = "Học tập và làm theo tư tưởng Hồ Chí Minh";

    private static async Task<string> AskAsync(CellScenario s, TgUser user, string text)
    {
        var before = s.Emulator.MessagesIn(CellScenario.GroupId).Count;
        await s.InGroupAsync(user, text);
        return string.Join("\n\n", s.Emulator.MessagesIn(CellScenario.GroupId).Skip(before).Select(m => m.Text));
    }

    [Fact]
    public async Task An_officer_records_a_separate_thematic_meeting_the_quarter_names_it_and_removing_it_flags_the_quarter()
    {
        await using var s = await CellScenario.StartAsync(output: output, now: new DateTimeOffset(2026, 11, 20, 9, 0, 0, Hanoi));

        // Refused, nothing stored: a plain member, a day not yet come, no topic, a date that is no date.
        Assert.Contains("Xin lỗi, chỉ cán bộ chi bộ", await AskAsync(s, TestUsers.Cuong, $"/chuyende 15/11/2026 {Topic}"), StringComparison.Ordinal);
        Assert.Contains("Ngày 25/11/2026 chưa đến.", await AskAsync(s, TestUsers.Binh, $"/chuyende 25/11/2026 {Topic}"), StringComparison.Ordinal);
        Assert.Contains("Thiếu chủ đề.", await AskAsync(s, TestUsers.Binh, "/chuyende 15/11/2026"), StringComparison.Ordinal);
        Assert.Contains("Không hiểu ngày \"mười\"", await AskAsync(s, TestUsers.Binh, $"/chuyende mười {Topic}"), StringComparison.Ordinal);
        Assert.Empty(s.Db.Thematics.FindAll());

        var recorded = await AskAsync(s, TestUsers.Binh, $"/chuyende 15/11/2026 {Topic}");
        Assert.Contains($"📚 Đã ghi buổi sinh hoạt chuyên đề ngày 15/11/2026 (tổ chức riêng): {Topic}.", recorded, StringComparison.Ordinal);
        Assert.Contains("Quý 4/2026 đã có 1 buổi.", recorded, StringComparison.Ordinal);
        var stored = Assert.Single(s.Db.Thematics.FindAll());
        Assert.Equal((new DateOnly(2026, 11, 15), Topic, false), (stored.Date, stored.Topic, stored.Combined));
        Assert.Contains(s.Db.Audit.FindAll(), a => a.Action == "thematic" && a.Changes.Contains($"Sinh hoạt chuyên đề ngày 15/11/2026: {Topic}"));

        Assert.Contains($"Sinh hoạt chuyên đề: {Topic} (ngày 15/11/2026, tổ chức riêng)", await AskAsync(s, TestUsers.Cuong, "/quy Q4/2026"), StringComparison.Ordinal);
        Assert.Contains("⚠️ Sinh hoạt chuyên đề: chưa tổ chức trong quý", await AskAsync(s, TestUsers.Cuong, "/quy Q3/2026"), StringComparison.Ordinal);

        var list = await AskAsync(s, TestUsers.Cuong, "/chuyende"); // members may read the list
        Assert.Contains("Quý 3: ⚠️ chưa có", list, StringComparison.Ordinal);
        Assert.Contains($"Quý 4:\n  1. {Topic} (ngày 15/11/2026, tổ chức riêng)", list, StringComparison.Ordinal);

        Assert.Contains("Hãy gõ số thứ tự của buổi cần xóa (từ 1 đến 1)", await AskAsync(s, TestUsers.Binh, "/xoachuyende 2"), StringComparison.Ordinal);
        Assert.Single(s.Db.Thematics.FindAll());
        Assert.Contains($"Đã xóa buổi sinh hoạt chuyên đề ngày 15/11/2026: {Topic}.", await AskAsync(s, TestUsers.Binh, "/xoachuyende 1"), StringComparison.Ordinal);
        Assert.Empty(s.Db.Thematics.FindAll());
        Assert.Contains(s.Db.Audit.FindAll(), a => a.Action == "thematic-remove");
        Assert.Contains("⚠️ Sinh hoạt chuyên đề: chưa tổ chức trong quý", await AskAsync(s, TestUsers.Cuong, "/quy Q4/2026"), StringComparison.Ordinal);
    }
}
