using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Rubrics;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// The permission table, end to end: a stranger, a member (Cường), an officer (Bình, bí thư) and the admin each try
/// every setup and review command in the cell's group. Everyone below the command's level gets the polite refusal
/// naming who may do it; the first one allowed gets the command's answer.
/// </summary>
public sealed class PermissionTests(ITestOutputHelper output)
{
    public enum Level { Stranger, Member, Officer, Admin }

    private static readonly Dictionary<Level, TgUser> Users = new()
    {
        [Level.Stranger] = TestUsers.Stranger,
        [Level.Member] = TestUsers.Cuong,
        [Level.Officer] = TestUsers.Binh,
        [Level.Admin] = TestUsers.Admin,
    };

    private static readonly Dictionary<Level, string> Refusals = new()
    {
        [Level.Member] = "Xin lỗi, chỉ đảng viên của chi bộ mới được làm việc này.",
        [Level.Officer] = "Xin lỗi, chỉ cán bộ chi bộ (bí thư, phó bí thư, thư ký) mới được làm việc này.",
        [Level.Admin] = "Xin lỗi, chỉ quản trị viên ChiBo mới được làm việc này.",
    };

    public static TheoryData<string, Level, string> Commands => new()
    {
        { "/taochibo Chi bộ Thôn Đông", Level.Admin, "Nhóm này đã được đăng ký là Chi bộ Khu phố 3." },
        { "/khungdiem thai-binh-2019", Level.Admin, "Chi bộ Khu phố 3 chấm điểm theo:" },
        { "/ngayhop 5", Level.Admin, "Chi bộ Khu phố 3 sinh hoạt ngày 05 hằng tháng" },
        { "/bonhiem 3 thuky", Level.Admin, "Nguyễn Văn Dũng là thư ký của Chi bộ Khu phố 3." },
        { "/dangphi 30000", Level.Officer, "Mức đảng phí mặc định của Chi bộ Khu phố 3: 30.000 đ" },
        { "/themdv Lý Văn Tâm", Level.Officer, "Đã thêm 1 đảng viên: Lý Văn Tâm." },
        { "/mien 9", Level.Officer, "Đỗ Văn Hải được miễn công tác và sinh hoạt" },
        { "/xoadv 9", Level.Officer, "Đã xóa Đỗ Văn Hải khỏi danh sách chi bộ." },
        { "/danhsach", Level.Member, "Danh sách Chi bộ Khu phố 3 (10 đảng viên" },
        { "/danhgia 11/2026", Level.Officer, "Trần Thị Bình: phần đánh giá tháng 11/2026 đã được gửi vào tin nhắn riêng với đồng chí." },
        { "/lienket", Level.Stranger, "Liên kết tài khoản: mỗi đảng viên bấm vào tên của chính mình" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Each_role_below_the_command_is_refused_and_the_first_allowed_is_answered(string command, Level least, string answer)
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        var cells = s.Db.Cells.FindAll().Select(c => $"{c.RubricId}|{c.MeetingDay}|{c.DefaultDues}").ToList();
        var members = s.Db.Members.FindAll().Select(m => $"{m.Name}|{m.Active}|{m.Exempt}|{m.Role}").ToList();

        foreach (var level in Enum.GetValues<Level>().Where(l => l < least))
        {
            await s.InGroupAsync(Users[level], command);
            Assert.Equal(Refusals[least], emu.LastMessageIn(CellScenario.GroupId)!.Text);
        }
        // Refusals changed nothing.
        Assert.Equal(cells, s.Db.Cells.FindAll().Select(c => $"{c.RubricId}|{c.MeetingDay}|{c.DefaultDues}").ToList());
        Assert.Equal(members, s.Db.Members.FindAll().Select(m => $"{m.Name}|{m.Active}|{m.Exempt}|{m.Role}").ToList());

        await s.InGroupAsync(Users[least], command);
        Assert.StartsWith(answer, emu.LastMessageIn(CellScenario.GroupId)!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_private_chat_only_an_officer_gets_a_review()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;

        foreach (var user in new[] { TestUsers.Stranger, TestUsers.Cuong })
        {
            await s.PrivateAsync(user, "/danhgia");
            Assert.StartsWith("Đồng chí chưa là cán bộ (bí thư, phó bí thư, thư ký) của chi bộ nào", emu.LastMessageIn(user.Id)!.Text, StringComparison.Ordinal);
        }
        Assert.Empty(s.Db.AllReviews());

        await s.PrivateAsync(TestUsers.Binh, "/danhgia");
        Assert.Contains("Bước 1/6 · Thông tin buổi họp", s.Prompt(TestUsers.Binh).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_officer_can_confirm_a_link_request()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        var newcomer = new TgUser(1004, "Dũng", "Nguyễn Văn");

        await s.InGroupAsync(newcomer, "/toila 3");
        var request = emu.LastMessageIn(CellScenario.GroupId)!;
        Assert.Contains("xin liên kết tài khoản với đảng viên Nguyễn Văn Dũng", request.Text, StringComparison.Ordinal);

        foreach (var user in new[] { TestUsers.Stranger, TestUsers.Cuong, newcomer })
        {
            var id = await emu.PressAndWaitAsync(user, request, "Xác nhận");
            Assert.Equal(Refusals[Level.Officer], emu.ToastFor(id));
        }
        Assert.Empty(s.Db.Members.FindOne(m => m.Name == "Nguyễn Văn Dũng").Accounts);

        await emu.PressAndWaitAsync(TestUsers.Binh, request, "Xác nhận");
        Assert.Equal(["telegram:1004"], s.Db.Members.FindOne(m => m.Name == "Nguyễn Văn Dũng").Accounts);
    }
}
