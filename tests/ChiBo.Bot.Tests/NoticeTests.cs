using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>/thongbao: the meeting notice in the group and the committee's chat, with the meeting-day check.</summary>
public sealed class NoticeTests(ITestOutputHelper output)
{
    private const long Group = CellSeed.GroupId;
    private const long CommitteeGroup = -100999;
    private const string OffSchedule = "⚠️ Ngày họp không đúng lịch của chi bộ";

    [Fact]
    public async Task The_notice_goes_to_the_group_and_the_committee_and_its_sending_time_is_kept()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, _) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 10, 30, 9, 0, 0), output);
        await using var _bot = bot;
        var committeeId = bot.Db().Committees.Insert(new Committee { Name = "Đảng ủy phường Hòa Bình", ChatKey = $"telegram:{CommitteeGroup}" }).AsInt32;
        var cell = CellSeed.Create(bot, "Chi bộ Khu phố 3", [new("Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary), new("Lê Văn Cường", TestUsers.Cuong)], committeeId: committeeId);

        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/thongbao\nNgày: 03/11/2026\nGiờ: 14h\nĐịa điểm: Hội trường khu phố 3\nKiểm điểm công tác tháng 10\nTriển khai nhiệm vụ tháng 11");

        var messages = emu.MessagesIn(Group);
        Assert.Equal(2, messages.Count);
        const string notice = "📢 THÔNG BÁO SINH HOẠT CHI BỘ\nChi bộ Khu phố 3 — tháng 11/2026\n\n"
            + "🗓 Thời gian: 14:00, Thứ Ba 03/11/2026\n📍 Địa điểm: Hội trường khu phố 3\n📝 Nội dung:\n"
            + "1. Kiểm điểm công tác tháng 10\n2. Triển khai nhiệm vụ tháng 11\n\nĐề nghị các đồng chí đảng viên tham dự đầy đủ, đúng giờ.";
        Assert.Equal(notice, messages[0].Text);
        Assert.Equal("Đã gửi thông báo vào nhóm và cho Đảng ủy phường Hòa Bình.\nChiBo sẽ nhắc lịch trong nhóm trước 1 ngày và trước 1 giờ.", messages[1].Text);
        Assert.Equal($"Kính gửi Đảng ủy phường Hòa Bình:\n{notice}", Assert.Single(emu.MessagesIn(CommitteeGroup)).Text);

        var stored = bot.Db().Notices.FindById($"{cell.Id}:2026-11");
        Assert.Equal(new DateTimeOffset(2026, 10, 30, 2, 0, 0, TimeSpan.Zero), stored.SentAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 7, 0, 0, TimeSpan.Zero), stored.StartsAt);
        Assert.Equal($"telegram:{CommitteeGroup}", stored.CommitteeChatKey);
        Assert.Equal(["Kiểm điểm công tác tháng 10", "Triển khai nhiệm vụ tháng 11"], stored.Agenda);
    }

    [Fact]
    public async Task The_meeting_day_is_checked_the_3rd_a_holiday_3rd_and_the_6th()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        // No holiday settings: Tết (02/02/2030 in the Vietnamese calendar) and weekends come from the calendar itself.
        var (bot, _) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 10, 20, 9, 0, 0), output);
        await using var _bot = bot;
        var cell = CellSeed.Create(bot, "Chi bộ Khu phố 3", [new("Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary)]);

        async Task<string> Schedule(string date)
        {
            await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, $"/thongbao {date} 14:00\nHội trường\nSinh hoạt thường kỳ");
            return emu.LastMessageIn(Group)!.Text;
        }

        var third = await Schedule("03/11/2026");
        Assert.DoesNotContain(OffSchedule, third, StringComparison.Ordinal);
        Assert.Equal("Đã gửi thông báo vào nhóm. Chi bộ chưa gắn với cấp ủy cấp trên có nhóm chat trong ChiBo, nên cấp ủy chưa nhận được thông báo này.\n"
            + "ChiBo sẽ nhắc lịch trong nhóm trước 1 ngày và trước 1 giờ.", third);

        var holiday = await Schedule("03/02/2030");
        Assert.Contains($"{OffSchedule}: Họp ngày 03/02/2030: các ngày từ 03/02/2030 đến 05/02/2030 đều là ngày nghỉ (Tết Nguyên đán), lẽ ra họp ngày 06/02/2030.", holiday, StringComparison.Ordinal);
        var afterSunday = await Schedule("04/01/2027"); // Sunday 03/01/2027: Monday the 4th is on time
        Assert.DoesNotContain(OffSchedule, afterSunday, StringComparison.Ordinal);
        var moved = await Schedule("06/02/2030");
        Assert.DoesNotContain(OffSchedule, moved, StringComparison.Ordinal);
        Assert.StartsWith("📢 THÔNG BÁO THAY ĐỔI LỊCH SINH HOẠT CHI BỘ\nChi bộ Khu phố 3 — tháng 2/2030", emu.MessagesIn(Group)[^2].Text, StringComparison.Ordinal);

        var sixth = await Schedule("06/11/2026");
        Assert.Contains($"{OffSchedule}: Họp ngày 06/11/2026, không đúng ngày 03 hằng tháng. Nếu cần đổi, gõ lại /thongbao với ngày mới; thông báo mới sẽ thay thế thông báo này.", sixth, StringComparison.Ordinal);
        Assert.StartsWith("📢 THÔNG BÁO THAY ĐỔI LỊCH SINH HOẠT CHI BỘ", emu.MessagesIn(Group)[^2].Text, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 11, 6), bot.Db().Notices.FindById($"{cell.Id}:2026-11").Date);
        Assert.Equal(3, bot.Db().Notices.Count());
    }

    [Fact]
    public async Task Bad_notices_and_other_people_change_nothing_and_are_told_what_to_type()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, _) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 11, 2, 20, 0, 0), output);
        await using var _bot = bot;
        CellSeed.Create(bot, "Chi bộ Khu phố 3", [new("Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary), new("Lê Văn Cường", TestUsers.Cuong)]);

        async Task<string> Say(TgUser user, string text)
        {
            await emu.SendTextAndWaitAsync(user, Group, text);
            return emu.LastMessageIn(Group)!.Text;
        }

        Assert.Equal("Xin lỗi, chỉ cán bộ chi bộ (bí thư, phó bí thư, thư ký) mới được làm việc này.", await Say(TestUsers.Cuong, "/thongbao 03/11/2026\n14:00\nHội trường\nHọp"));
        Assert.StartsWith("Cách dùng: gõ /thongbao rồi mỗi dòng một mục", await Say(TestUsers.Binh, "/thongbao"), StringComparison.Ordinal);
        Assert.StartsWith("⚠️ Không hiểu ngày họp \"ba tháng mười một\"", await Say(TestUsers.Binh, "/thongbao ba tháng mười một\n14:00\nHội trường\nHọp"), StringComparison.Ordinal);
        Assert.StartsWith("⚠️ Không hiểu ngày họp \"31/11/2026\"", await Say(TestUsers.Binh, "/thongbao 31/11/2026\n14:00\nHội trường\nHọp"), StringComparison.Ordinal);
        Assert.StartsWith("⚠️ Không hiểu giờ bắt đầu \"chiều\"", await Say(TestUsers.Binh, "/thongbao 03/11/2026\nchiều\nHội trường\nHọp"), StringComparison.Ordinal);
        Assert.StartsWith("⚠️ Thiếu nội dung buổi họp", await Say(TestUsers.Binh, "/thongbao 03/11/2026\n14:00\nHội trường"), StringComparison.Ordinal);
        Assert.StartsWith("⚠️ Giờ họp 19:00 ngày 02/11/2026 đã qua.", await Say(TestUsers.Binh, "/thongbao 02/11/2026\n19:00\nHội trường\nHọp"), StringComparison.Ordinal);
        await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, "/thongbao 03/11/2026\n14:00\nHội trường\nHọp");
        Assert.Equal("Lệnh này dùng trong nhóm chat của chi bộ.", emu.LastMessageIn(TestUsers.Binh.Id)!.Text);
        await emu.SendTextAndWaitAsync(TestUsers.Binh, -100555, "/thongbao 03/11/2026\n14:00\nHội trường\nHọp");
        Assert.StartsWith("Nhóm này chưa được đăng ký là chi bộ.", emu.LastMessageIn(-100555)!.Text, StringComparison.Ordinal);

        Assert.Equal(0, bot.Db().Notices.Count());
        Assert.DoesNotContain(emu.MessagesIn(Group), m => m.Text.StartsWith("📢", StringComparison.Ordinal));
    }
}
