using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Files;
using ChiBo.Bot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>/thamgia, /vangnhieu, /chitieu and /dangphi nam over <see cref="ParticipationYear"/>, asked on 10/12/2026 through Telegram.</summary>
public sealed class ParticipationCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long CommitteeChat = -500;
    private const long CellChat = -101;
    private static readonly TgUser Dung = new(1004, "Dũng", "Phạm Văn");

    private TelegramEmulator _emu = null!;
    private BotUnderTest _bot = null!;

    public async Task InitializeAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.FromHours(7)));
        _emu = await TelegramEmulator.StartAsync();
        _emu.Time = clock;
        _bot = await BotUnderTest.StartAsync(_emu, customize: b => b.Services.AddSingleton<TimeProvider>(clock), output: output);
        var seed = new Seed(_bot);
        var committee = seed.Committee("Đảng ủy phường Tân Mai", CommitteeChat, Dung);
        var cell = seed.Cell("Chi bộ Khu phố 1", CellChat, committee);
        foreach (var m in ParticipationYear.Roster(cell.Id))
            seed.Member(cell, m.Name, m.Id == 1 ? TestUsers.Binh : null, m.Id == 1 ? OfficerRole.Secretary : OfficerRole.None, m.Exempt);
        seed.Db.InTransaction(() => seed.Db.Records.Upsert(ParticipationYear.Records(cell.Id)));
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _emu.DisposeAsync();
    }

    private async Task<string> AskAsync(TgUser user, long chat, string text)
    {
        await _emu.SendTextAndWaitAsync(user, chat, text);
        return _emu.LastMessageIn(chat)!.Text;
    }

    [Fact]
    public async Task Participation_lists_the_members_below_the_speaking_target_first()
    {
        var answer = await AskAsync(TestUsers.Binh, CellChat, "/thamgia 2026");

        Assert.StartsWith("👥 Chi bộ Khu phố 1 — tham gia sinh hoạt năm 2026 (8 kỳ họp đã công bố)\n"
            + "Chỉ tiêu: mỗi đảng viên phát biểu ý kiến ở ít nhất 6 kỳ họp trong năm.\n\n"
            + "Chưa đạt (7):\n2. Lê Văn Cường — dự 4/8 kỳ, vắng có lý do 3, vắng không lý do 1, phát biểu 0 kỳ\n", answer);
        Assert.Contains("\n4. Phạm Thị Hoa — dự 8/8 kỳ, vắng có lý do 0, vắng không lý do 0, phát biểu 3 kỳ\n\nĐã đạt (2):\n"
            + "1. Trần Thị Bình — dự 8/8 kỳ, vắng có lý do 0, vắng không lý do 0, phát biểu 8 kỳ\n"
            + "3. Nguyễn Văn Dũng — dự 8/8 kỳ, vắng có lý do 0, vắng không lý do 0, phát biểu 6 kỳ", answer);
        Assert.DoesNotContain("Ngô Thị Mai", answer); // exempt
    }

    [Fact]
    public async Task Absentees_of_a_quarter_for_the_committee()
    {
        var answer = await AskAsync(Dung, CommitteeChat, "/vangnhieu Q1/2026");

        Assert.Equal("📋 Đảng ủy phường Tân Mai — đảng viên vắng sinh hoạt nhiều kỳ, quý I/2026\n"
            + "Danh sách những đồng chí vắng từ 3 kỳ trở lên (có lý do và không lý do), để báo cáo cấp ủy.\n\n"
            + "3 kỳ họp đã công bố:\n• Lê Văn Cường — vắng 3/3 kỳ (không lý do 1)", answer);
        Assert.EndsWith("Không có đồng chí nào vắng từ 3 kỳ trở lên.", await AskAsync(Dung, CommitteeChat, "/vangnhieu Q2/2026"));
    }

    [Fact]
    public async Task The_targets_cell_by_cell_with_the_summary_lines()
    {
        var answer = await AskAsync(Dung, CommitteeChat, "/chitieu 2026");

        Assert.Equal("🎯 Đảng ủy phường Tân Mai — chỉ tiêu sinh hoạt chi bộ năm 2026 (đến nay)\n"
            + "• 0/1 chi bộ đạt tỷ lệ dự họp trên 95%\n"
            + "• 0/1 chi bộ có mọi đảng viên phát biểu ở 6 kỳ họp trở lên\n"
            + "• 0/1 chi bộ sinh hoạt chuyên đề đủ mỗi quý\n"
            + "• 0/1 chi bộ công bố kết quả đúng hạn mọi tháng\n\n"
            + "Chi bộ Khu phố 1\n"
            + "Dự họp: 66/72 lượt (91,7%) ❌\n"
            + "Phát biểu từ 6 kỳ: 2/9 đảng viên (22,2%) ❌\n"
            + "Chuyên đề: 2/3 quý đã qua ❌\n"
            + "Công bố đúng hạn: 8/11 tháng ❌", answer);
        Assert.Equal("Xin lỗi, chỉ ủy viên của cấp ủy mới được làm việc này.", await AskAsync(TestUsers.Stranger, CommitteeChat, "/chitieu 2026"));
    }

    [Fact]
    public async Task A_year_of_dues_per_member_with_the_arrears_and_the_amount_command_still_sets_the_amount()
    {
        var answer = await AskAsync(TestUsers.Binh, CellChat, "/dangphi nam 2026");

        Assert.StartsWith("💰 Chi bộ Khu phố 1 — đảng phí năm 2026 (8 tháng đã công bố)\nĐã thu: 1.520.000 đ; còn thiếu: 80.000 đ.\n", answer);
        Assert.Contains("\n4. Phạm Thị Hoa — đã nộp 5 tháng (100.000 đ); còn nợ T1, T2, T3 (60.000 đ)\n", answer);
        Assert.Contains("\n1. Trần Thị Bình — đã nộp 8 tháng (160.000 đ)\n", answer);
        Assert.EndsWith("Đang nợ đảng phí (2): Phạm Thị Hoa (60.000 đ), Hoàng Văn Minh (20.000 đ).", answer);

        await AskAsync(TestUsers.Binh, CellChat, "/dangphi 30000");
        Assert.Equal(30000m, _bot.Services.GetRequiredService<Database>().Cells.FindAll().Single().DefaultDues);
    }
}
