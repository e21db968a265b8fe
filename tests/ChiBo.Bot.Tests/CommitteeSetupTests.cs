using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>An admin registers a committee's chat, attaches cells and appoints members, all through the emulator;
/// nobody else can, and an appointed member can ask about the committee's cells until removed.</summary>
public sealed class CommitteeSetupTests(ITestOutputHelper output)
{
    private const long CommitteeChat = -500;
    private static readonly TgUser Dung = new(1004, "Dũng", "Phạm Văn");
    private static readonly TgUser Admin = TestUsers.Admin;

    [Fact]
    public async Task An_admin_registers_a_committee_attaches_cells_and_appoints_a_member_who_then_sees_its_cells()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 12, 10, 0, 0, TimeSpan.FromHours(7)));
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, customize: b => b.Services.AddSingleton<TimeProvider>(clock), output: output);
        var db = bot.Services.GetRequiredService<Database>();
        async Task<string> Say(TgUser user, long chat, string text)
        {
            await emu.SendTextAndWaitAsync(user, chat, text);
            return emu.LastMessageIn(chat)!.Text;
        }

        await Say(Admin, -101, "/taochibo Chi bộ Khu phố 1");
        await Say(Admin, -102, "/taochibo Chi bộ Khu phố 2");
        var (one, two) = (db.Cells.FindOne(c => c.ChatId == "-101").Id, db.Cells.FindOne(c => c.ChatId == "-102").Id);

        Assert.Equal("Xin lỗi, chỉ quản trị viên ChiBo mới được làm việc này.", await Say(Dung, CommitteeChat, "/taocapuy Đảng ủy phường Tân Mai"));
        Assert.Equal(0, db.Committees.Count());
        Assert.StartsWith("Đã đăng ký nhóm này là Đảng ủy phường Tân Mai.\n", await Say(Admin, CommitteeChat, "/taocapuy Đảng ủy phường Tân Mai"));
        Assert.Equal("Nhóm này đã được đăng ký là Đảng ủy phường Tân Mai.", await Say(Admin, CommitteeChat, "/taocapuy Đảng ủy khác"));
        Assert.Equal("Nhóm này là nhóm của Chi bộ Khu phố 1. Cấp ủy cần một nhóm chat riêng.", await Say(Admin, -101, "/taocapuy Đảng ủy khác"));
        Assert.Equal("Nhóm này là nhóm của Đảng ủy phường Tân Mai. Chi bộ cần một nhóm chat riêng.", await Say(Admin, CommitteeChat, "/taochibo Chi bộ mới"));
        Assert.Equal("Lệnh này dùng trong nhóm chat của cấp ủy.", await Say(Admin, Admin.Id, "/taocapuy Đảng ủy khác"));
        Assert.Equal(1, db.Committees.Count());
        Assert.Equal(2, db.Cells.Count());

        // Attaching cells: admins only; without numbers the list of cells and their codes.
        Assert.Equal("Xin lỗi, chỉ quản trị viên ChiBo mới được làm việc này.", await Say(Dung, CommitteeChat, $"/ganchibo {one}"));
        Assert.Equal(
            $"Các chi bộ đã đăng ký:\n• mã {one} — Chi bộ Khu phố 1 (chưa thuộc cấp ủy nào)\n• mã {two} — Chi bộ Khu phố 2 (chưa thuộc cấp ủy nào)\n\n"
            + $"Gắn vào Đảng ủy phường Tân Mai: /ganchibo <mã>, ví dụ /ganchibo {one}.",
            await Say(Admin, CommitteeChat, "/ganchibo"));
        Assert.Equal("\"một\" không phải mã chi bộ. Ví dụ: /ganchibo 3 5.", await Say(Admin, CommitteeChat, "/ganchibo một"));
        Assert.Equal(
            "Đã gắn Chi bộ Khu phố 1 vào Đảng ủy phường Tân Mai.\nĐã gắn Chi bộ Khu phố 2 vào Đảng ủy phường Tân Mai.\nKhông có chi bộ mã 99.",
            await Say(Admin, CommitteeChat, $"/ganchibo {one} {two} 99"));
        var committee = db.Committees.FindAll().Single();
        Assert.All(db.Cells.FindAll(), c => Assert.Equal(committee.Id, c.CommitteeId));

        // Dũng is not yet a committee member: no results. He asks to be appointed; only an admin's press counts.
        Assert.Equal("Xin lỗi, chỉ ủy viên của cấp ủy mới được làm việc này.", await Say(Dung, CommitteeChat, "/thang"));
        await emu.SendTextAndWaitAsync(Dung, CommitteeChat, "/uyvien");
        var request = emu.LastMessageIn(CommitteeChat)!;
        Assert.Equal("Dũng Phạm Văn xin được bổ nhiệm là ủy viên của Đảng ủy phường Tân Mai. Quản trị viên bấm Bổ nhiệm hoặc Từ chối.", request.Text);
        var pressedByDung = await emu.PressAndWaitAsync(Dung, request, "Bổ nhiệm");
        Assert.Equal("Xin lỗi, chỉ quản trị viên ChiBo mới được làm việc này.", emu.ToastFor(pressedByDung));
        var pressedByStranger = await emu.PressAndWaitAsync(TestUsers.Stranger, request, "Bổ nhiệm");
        Assert.Equal("Xin lỗi, chỉ quản trị viên ChiBo mới được làm việc này.", emu.ToastFor(pressedByStranger));
        Assert.Empty(db.Committees.FindById(committee.Id).Members);

        var forged = emu.PressButton(Admin, CommitteeChat, request.MessageId, request.Button("Bổ nhiệm").Data!.Replace("1004", "1999"), allowMissingButton: true);
        await emu.WaitUntilProcessedAsync(forged);
        Assert.Equal("Yêu cầu này đã được xử lý.", emu.ToastFor(forged));
        var pressed = await emu.PressAndWaitAsync(Admin, request, "Bổ nhiệm");
        Assert.Equal("Đã bổ nhiệm.", emu.ToastFor(pressed));
        Assert.StartsWith("Đã bổ nhiệm Dũng Phạm Văn là ủy viên của Đảng ủy phường Tân Mai.", emu.LastMessageIn(CommitteeChat)!.Text);
        Assert.Equal(["telegram:1004"], db.Committees.FindById(committee.Id).Members.Select(m => m.UserKey));
        var again = await emu.PressAndWaitAsync(Admin, request, "Bổ nhiệm");
        Assert.Equal("Yêu cầu này đã được xử lý.", emu.ToastFor(again));
        Assert.Equal("Dũng Phạm Văn: đồng chí đã là ủy viên của Đảng ủy phường Tân Mai.", await Say(Dung, CommitteeChat, "/uyvien"));

        // Now he sees the committee's cells, here and in private.
        var month = await Say(Dung, CommitteeChat, "/thang");
        Assert.StartsWith("📊 Đảng ủy phường Tân Mai — tháng 1/2027\nĐã có kết quả: 0/2 chi bộ — Tốt 0, Khá 0, Trung bình 0, Kém 0\n\nChưa có kết quả (2), tháng chưa kết thúc:\n• Chi bộ Khu phố 1\n• Chi bộ Khu phố 2", month);
        Assert.Equal(month, await Say(Dung, Dung.Id, "/thang"));

        // Detaching a cell takes it out of the reports; removing the member takes his access away.
        Assert.Equal("Đã gỡ Chi bộ Khu phố 2 khỏi Đảng ủy phường Tân Mai. Các kết quả đã ghi của chi bộ vẫn được giữ.", await Say(Admin, CommitteeChat, $"/gochibo {two}"));
        Assert.Null(db.Cells.FindById(two).CommitteeId);
        Assert.Contains("Đã có kết quả: 0/1 chi bộ", await Say(Dung, CommitteeChat, "/thang"), StringComparison.Ordinal);
        Assert.Equal("Ủy viên của Đảng ủy phường Tân Mai:\n1. Dũng Phạm Văn\n\nĐể bổ nhiệm: người đó gõ /uyvien trong nhóm này, rồi quản trị viên bấm Bổ nhiệm. Bỏ bổ nhiệm: /xoauyvien <số thứ tự>.",
            await Say(Admin, CommitteeChat, "/uyvien"));
        Assert.Equal("Xin lỗi, chỉ quản trị viên ChiBo mới được làm việc này.", await Say(Dung, CommitteeChat, "/xoauyvien 1"));
        Assert.Equal("Hãy gõ số thứ tự từ 1 đến 1, ví dụ: /xoauyvien 1. Xem danh sách bằng /uyvien.", await Say(Admin, CommitteeChat, "/xoauyvien 2"));
        Assert.Equal("Dũng Phạm Văn không còn là ủy viên của Đảng ủy phường Tân Mai.", await Say(Admin, CommitteeChat, "/xoauyvien 1"));
        Assert.Equal("Xin lỗi, chỉ ủy viên của cấp ủy mới được làm việc này.", await Say(Dung, CommitteeChat, "/thang"));

        // Everything lives in the database: after a restart the committee and its one cell are still there.
        await bot.RestartAsync();
        Assert.StartsWith("📊 Đảng ủy phường Tân Mai — tháng 1/2027\nĐã có kết quả: 0/1 chi bộ", await Say(Admin, CommitteeChat, "/thang"));
    }
}
