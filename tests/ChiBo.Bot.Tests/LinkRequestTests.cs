using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Rubrics;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>Link requests (issue #10, defect 4): two people with the same name are told apart, confirming one request closes
/// the others, and a stale button never takes over an entry that is linked — above all an officer's.</summary>
public sealed class LinkRequestTests(ITestOutputHelper output)
{
    private static readonly TgUser Impostor = new(2001, "Nguyễn Văn Dũng");
    private static readonly TgUser Dung = new(2002, "Nguyễn Văn Dũng", null, "dung_nv");

    [Fact]
    public async Task A_stale_request_by_a_namesake_cannot_take_over_the_entry_after_the_real_member_is_linked_and_appointed()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        await s.InGroupAsync(Impostor, "/toila 3");
        var impostorRequest = emu.LastMessageIn(CellScenario.GroupId)!;
        Assert.StartsWith("Nguyễn Văn Dũng (Telegram, id 2001) xin liên kết", impostorRequest.Text, StringComparison.Ordinal);
        await s.InGroupAsync(Dung, "/toila 3");
        Assert.StartsWith("Nguyễn Văn Dũng (@dung_nv, Telegram) xin liên kết", emu.LastMessageIn(CellScenario.GroupId)!.Text, StringComparison.Ordinal);

        await s.InGroupAsync(TestUsers.Admin, "/xacnhan 3");
        Assert.Contains("1. Nguyễn Văn Dũng (Telegram, id 2001)\n2. Nguyễn Văn Dũng (@dung_nv, Telegram)", emu.LastMessageIn(CellScenario.GroupId)!.Text, StringComparison.Ordinal);
        await s.InGroupAsync(TestUsers.Admin, "/xacnhan 3 2");
        Assert.Contains("1 yêu cầu khác cho Nguyễn Văn Dũng đã được đóng.", emu.LastMessageIn(CellScenario.GroupId)!.Text, StringComparison.Ordinal);
        await s.InGroupAsync(TestUsers.Admin, "/bonhiem 3 phobithu");

        // The admin presses "Xác nhận" under the impostor's old request.
        var id = await emu.PressAndWaitAsync(TestUsers.Admin, impostorRequest, "Xác nhận");

        Assert.Equal("Yêu cầu này đã được xử lý.", emu.ToastFor(id));
        var dung = s.Db.Members.FindAll().Single(m => m.Name == "Nguyễn Văn Dũng");
        Assert.Equal(["telegram:2002"], dung.Accounts);
        Assert.Empty(dung.PendingLinks);
        Assert.Equal(Storage.OfficerRole.DeputySecretary, dung.Role);
    }

    [Fact]
    public async Task An_officers_entry_is_unlinked_only_by_an_admin_and_only_then_linked_anew()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        await s.InGroupAsync(Impostor, "/toila 1"); // Bình (no. 1, the secretary) is linked: refused at once
        Assert.Contains("đã được liên kết với một tài khoản khác", emu.LastMessageIn(CellScenario.GroupId)!.Text, StringComparison.Ordinal);

        await s.InGroupAsync(TestUsers.Binh, "/golienket 1"); // an officer may unlink members, not an officer
        Assert.Equal("Trần Thị Bình là bí thư: chỉ quản trị viên được gỡ liên kết tài khoản của cán bộ chi bộ.", emu.LastMessageIn(CellScenario.GroupId)!.Text);
        Assert.Equal(["telegram:1002"], s.Db.Members.FindAll().Single(m => m.Name == "Trần Thị Bình").Accounts);

        await s.InGroupAsync(TestUsers.Admin, "/golienket 1");
        Assert.Equal("Đã gỡ 1 tài khoản khỏi Trần Thị Bình. Đảng viên gõ /lienket trong nhóm để liên kết lại.", emu.LastMessageIn(CellScenario.GroupId)!.Text);
        await s.LinkAsync(TestUsers.Binh, 1);
        Assert.Equal(["telegram:1002"], s.Db.Members.FindAll().Single(m => m.Name == "Trần Thị Bình").Accounts);
    }
}
