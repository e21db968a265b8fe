using Microsoft.Extensions.DependencyInjection;
using ChiBo.Bot.Scheduling;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Meetings;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>Members confirming their own attendance in the group, end to end through the Bot API emulator.</summary>
public sealed class CheckInTests(ITestOutputHelper output)
{
    private const long Group = CellSeed.GroupId;
    private static readonly DateTime MeetingDay = new(2026, 11, 3, 13, 45, 0);

    [Fact]
    public async Task Twenty_members_tapping_at_once_are_each_recorded_once_and_the_message_ends_showing_all_twenty()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, _) = await CellSeed.StartOnFakeClockAsync(emu, MeetingDay, output);
        await using var _bot = bot;
        var users = CellSeed.Users(20);
        var cell = CellSeed.Create(bot, "Chi bộ Khu phố 3", users.Select((u, i) => new SeedMember(CellSeed.FullName(u), u, i == 0 ? OfficerRole.Secretary : OfficerRole.None)));

        await emu.SendTextAndWaitAsync(users[0], Group, "/diemdanh");
        var message = emu.LastMessageIn(Group)!;
        Assert.StartsWith("📋 ĐIỂM DANH SINH HOẠT CHI BỘ\nChi bộ Khu phố 3 — tháng 11/2026", message.Text, StringComparison.Ordinal);
        Assert.Contains("▫️ Chưa trả lời (20):", message.Text, StringComparison.Ordinal);

        // Every fourth member sends apologies; all twenty press at the same moment from different threads.
        static bool Apologises(int i) => i % 4 == 3;
        var presses = new int[20];
        Parallel.For(0, 20, i => presses[i] = emu.PressButton(users[i], message, Apologises(i) ? "Xin vắng" : "Có mặt"));
        foreach (var id in presses) await emu.WaitUntilProcessedAsync(id);

        var checkIn = bot.Db().CheckIns.FindById($"{cell.Id}:2026-11");
        Assert.Equal(20, checkIn.Answers.Count);
        Assert.Equal(20, checkIn.Answers.Select(a => a.MemberId).Distinct().Count());
        Assert.Equal(15, checkIn.Answers.Count(a => a.Status == AttendanceStatus.Present));
        Assert.Equal(5, checkIn.Answers.Count(a => a.Status == AttendanceStatus.AbsentUnexplained)); // no reason given yet
        for (var i = 0; i < 20; i++)
            Assert.StartsWith($"Đã ghi: đồng chí {CellSeed.FullName(users[i])} {(Apologises(i) ? "xin vắng, chưa nêu lý do" : "có mặt")}", emu.ToastFor(presses[i]), StringComparison.Ordinal);

        var final = emu.MessageById(Group, message.MessageId)!;
        var present = Section(final.Text, "✅ Có mặt (15):");
        var absent = Section(final.Text, "🟠 Xin vắng, chưa nêu lý do (5):");
        Assert.Equal(Enumerable.Range(0, 20).Where(i => !Apologises(i)).Select(i => $"{i + 1}. {CellSeed.FullName(users[i])}"), present);
        Assert.Equal(Enumerable.Range(0, 20).Where(Apologises).Select(i => $"{i + 1}. {CellSeed.FullName(users[i])}"), absent);
        Assert.DoesNotContain("Chưa trả lời", final.Text, StringComparison.Ordinal);
        Assert.Contains("Đã trả lời 20/20: 15 có mặt, 0 vắng có lý do, 5 xin vắng chưa nêu lý do.", final.Text, StringComparison.Ordinal);
        Assert.Single(emu.MessagesIn(Group), m => m.Text.StartsWith("📋", StringComparison.Ordinal)); // edited in place, never reposted
        output.WriteLine($"{emu.CallsOf("editMessageText").Count} edits for 20 answers");
    }

    [Fact]
    public async Task A_stranger_a_member_of_another_cell_and_forged_buttons_change_nothing()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, _) = await CellSeed.StartOnFakeClockAsync(emu, MeetingDay, output);
        await using var _bot = bot;
        var cell = CellSeed.Create(bot, "Chi bộ A", [new("Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary), new("Lê Văn Cường", TestUsers.Cuong), new("Đỗ Văn Chưa Liên Kết")]);
        var outsider = new TgUser(4001, "Dũng", "Hoàng Văn");
        const long otherGroup = -100888;
        var other = CellSeed.Create(bot, "Chi bộ B", [new("Hoàng Văn Dũng", outsider, OfficerRole.Secretary)], otherGroup);

        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/diemdanh");
        await emu.SendTextAndWaitAsync(outsider, otherGroup, "/diemdanh");
        var message = emu.LastMessageIn(Group)!;
        var otherMessage = emu.LastMessageIn(otherGroup)!;
        var present = message.Button("Có mặt").Data!;

        var stranger = await emu.PressAndWaitAsync(TestUsers.Stranger, message, "Có mặt");
        var fromOtherCell = await emu.PressAndWaitAsync(outsider, message, "Xin vắng");
        var unknownAction = await ForgeAsync(emu, TestUsers.Cuong, message, present[..^1] + "x");
        var unknownCell = await ForgeAsync(emu, TestUsers.Cuong, message, "ci:999:202611:p");
        var noCheckInThatMonth = await ForgeAsync(emu, TestUsers.Cuong, message, $"ci:{cell.Id}:202612:p");
        var garbage = await ForgeAsync(emu, TestUsers.Cuong, message, "ci:'; drop--");
        var fromAnotherGroup = await ForgeAsync(emu, outsider, otherMessage, present);
        await emu.SendTextAndWaitAsync(TestUsers.Stranger, Group, "có mặt");

        foreach (var press in new[] { stranger, fromOtherCell })
            Assert.Equal("Đồng chí chưa có trong danh sách chi bộ hoặc chưa liên kết tài khoản, nên không điểm danh được. Gõ /lienket trong nhóm để liên kết.", emu.ToastFor(press));
        foreach (var press in new[] { unknownAction, unknownCell, noCheckInThatMonth, garbage, fromAnotherGroup })
            Assert.Equal("Nút này không hợp lệ.", emu.ToastFor(press));
        Assert.StartsWith("Khách: Đồng chí chưa có trong danh sách chi bộ", emu.LastMessageIn(Group)!.Text, StringComparison.Ordinal);

        Assert.Empty(bot.Db().CheckIns.FindById($"{cell.Id}:2026-11").Answers);
        Assert.Empty(bot.Db().CheckIns.FindById($"{other.Id}:2026-11").Answers);
        var after = emu.MessageById(Group, message.MessageId)!;
        Assert.Equal(message.Text, after.Text);
        Assert.Empty(after.EditHistory);
        Assert.Empty(emu.MessageById(otherGroup, otherMessage.MessageId)!.EditHistory);
    }

    [Fact]
    public async Task Members_change_their_answer_by_button_or_typing_until_an_officer_closes_check_in()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, _) = await CellSeed.StartOnFakeClockAsync(emu, MeetingDay, output);
        await using var _bot = bot;
        var cell = CellSeed.Create(bot, "Chi bộ A",
            [new("Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary), new("Lê Văn Cường", TestUsers.Cuong), new("Nguyễn Văn An", TestUsers.Admin), new("Võ Thị Miễn", Exempt: true)]);

        await emu.SendTextAndWaitAsync(TestUsers.Cuong, Group, "/diemdanh");
        Assert.Equal("Xin lỗi, chỉ cán bộ chi bộ (bí thư, phó bí thư, thư ký) mới được làm việc này.", emu.LastMessageIn(Group)!.Text);
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/diemdanh");
        var message = emu.LastMessageIn(Group)!;
        string Text() => emu.MessageById(Group, message.MessageId)!.Text;

        await emu.PressAndWaitAsync(TestUsers.Cuong, message, "Có mặt");
        Assert.Equal(["2. Lê Văn Cường"], Section(Text(), "✅ Có mặt (1):"));
        var apologies = await emu.PressAndWaitAsync(TestUsers.Cuong, message, "Xin vắng");
        Assert.Equal("Đã ghi: đồng chí Lê Văn Cường xin vắng, chưa nêu lý do. Đề nghị đồng chí gõ «vắng: lý do».", emu.ToastFor(apologies));
        Assert.Equal(["2. Lê Văn Cường"], Section(Text(), "🟠 Xin vắng, chưa nêu lý do (1):"));
        Assert.Equal(AttendanceStatus.AbsentUnexplained, bot.Db().CheckIns.FindById($"{cell.Id}:2026-11").Answers.Single().Status);
        Assert.DoesNotContain("✅ Có mặt", Text(), StringComparison.Ordinal);

        await emu.SendTextAndWaitAsync(TestUsers.Cuong, Group, "Vắng: đi công tác tỉnh");
        Assert.Equal(["2. Lê Văn Cường — đi công tác tỉnh"], Section(Text(), "🟡 Vắng có lý do (1):"));
        await emu.PressAndWaitAsync(TestUsers.Cuong, message, "Xin vắng"); // pressing again keeps the reason
        Assert.Equal(["2. Lê Văn Cường — đi công tác tỉnh"], Section(Text(), "🟡 Vắng có lý do (1):"));
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "có mặt ạ");
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "Họp xong nhớ nộp đảng phí nhé"); // ordinary talk: ignored
        Assert.Equal(["1. Trần Thị Bình"], Section(Text(), "✅ Có mặt (1):"));
        Assert.Equal(["3. Nguyễn Văn An"], Section(Text(), "▫️ Chưa trả lời (1):"));
        Assert.Equal(["4. Võ Thị Miễn"], Section(Text(), "⚪ Miễn sinh hoạt (1):"));
        Assert.Contains("Đã trả lời 2/3: 1 có mặt, 1 vắng có lý do.", Text(), StringComparison.Ordinal);

        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/dongdiemdanh");
        Assert.Equal("Đã kết thúc điểm danh tháng 11/2026. Đã trả lời 2/3: 1 có mặt, 1 vắng có lý do.", emu.LastMessageIn(Group)!.Text);
        var closed = emu.MessageById(Group, message.MessageId)!;
        Assert.StartsWith("📋 ĐIỂM DANH SINH HOẠT CHI BỘ — ĐÃ KẾT THÚC", closed.Text, StringComparison.Ordinal);
        Assert.Contains("Đã khóa lúc 13:45 03/11/2026.", closed.Text, StringComparison.Ordinal);
        Assert.Empty(closed.Buttons);

        var late = await ForgeAsync(emu, TestUsers.Admin, message, message.Button("Có mặt").Data!); // an old client still shows the keyboard
        await emu.SendTextAndWaitAsync(TestUsers.Admin, Group, "có mặt");
        Assert.Equal("Điểm danh đã kết thúc. Nếu cần sửa, hãy báo bí thư để sửa trong phần đánh giá.", emu.ToastFor(late));
        var answers = bot.Db().CheckIns.FindById($"{cell.Id}:2026-11").Answers;
        Assert.Equal(2, answers.Count);
        Assert.Equal(closed.Text, emu.MessageById(Group, message.MessageId)!.Text);
    }

    [Fact]
    public async Task The_review_starts_from_the_closed_check_in_and_the_notice_and_suggests_criteria_2_3_5_and_6_from_them()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, clock) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 10, 30, 9, 0, 0), output);
        await using var _bot = bot;
        var committeeId = bot.Db().Committees.Insert(new Committee { Name = "Đảng ủy phường Hòa Bình", ChatKey = "telegram:-100999" }).AsInt32;
        var hoa = new TgUser(4001, "Hoa", "Đặng Thị");
        var hung = new TgUser(4002, "Hùng", "Vũ Văn");
        CellSeed.Create(bot, "Chi bộ Khu phố 3",
            [new("Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary), new("Lê Văn Cường", TestUsers.Cuong), new("Đặng Thị Hoa", hoa), new("Vũ Văn Hùng", hung), new("Võ Thị Miễn", Exempt: true)],
            committeeId: committeeId);
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/thongbao 03/11/2026\n14:00\nHội trường khu phố 3\nKiểm điểm công tác tháng 10");

        clock.Advance(new DateTime(2026, 11, 3, 13, 50, 0) - new DateTime(2026, 10, 30, 9, 0, 0));
        // The hour-before reminder is due now: let it go out first, so it cannot land between the check-in and the taps.
        await bot.Services.GetRequiredService<Reminders>().WaitUntilCheckedAsync(clock.GetUtcNow()).WaitAsync(emu.DefaultTimeout);
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/diemdanh");
        var checkIn = emu.MessagesIn(Group).Last(m => m.Text.StartsWith("📋 ĐIỂM DANH", StringComparison.Ordinal));
        Assert.Contains("Chi bộ Khu phố 3 — tháng 11/2026 (họp 14:00, Thứ Ba 03/11/2026)", checkIn.Text, StringComparison.Ordinal);
        await emu.PressAndWaitAsync(TestUsers.Binh, checkIn, "Có mặt");
        await emu.PressAndWaitAsync(TestUsers.Cuong, checkIn, "Có mặt");
        await emu.SendTextAndWaitAsync(hoa, Group, "vắng: con ốm");
        // Hùng does not answer.

        clock.Advance(TimeSpan.FromHours(3));
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/danhgia");
        var frozen = emu.MessageById(Group, checkIn.MessageId)!;
        Assert.StartsWith("📋 ĐIỂM DANH SINH HOẠT CHI BỘ — ĐÃ KẾT THÚC", frozen.Text, StringComparison.Ordinal);
        Assert.Empty(frozen.Buttons);
        var late = await ForgeAsync(emu, hung, checkIn, checkIn.Button("Có mặt").Data!);
        Assert.StartsWith("Điểm danh đã kết thúc.", emu.ToastFor(late), StringComparison.Ordinal);

        var start = emu.LastMessageIn(TestUsers.Binh.Id)!.Text;
        Assert.Contains("Ngày giờ họp lấy từ thông báo: 14:00, Thứ Ba 03/11/2026. Bấm Tiếp tục nếu đúng, hoặc gõ ngày giờ khác.", start, StringComparison.Ordinal);
        Assert.Contains("Điểm danh trong nhóm đã khóa; đã điền sẵn 3 câu trả lời vào bước Điểm danh (Đã trả lời 3/4: 2 có mặt, 1 vắng có lý do). Chỉ cần hỏi thêm người chưa trả lời: số 4.", start, StringComparison.Ordinal);

        async Task<string> Answer(string text)
        {
            await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, text);
            return emu.LastMessageIn(TestUsers.Binh.Id)!.Text;
        }

        var attendance = await Answer("xong");
        Assert.Contains("1. Trần Thị Bình — ✅ có mặt\n2. Lê Văn Cường — ✅ có mặt\n3. Đặng Thị Hoa — 🟡 vắng có lý do: con ốm\n4. Vũ Văn Hùng — ▫️ chưa điểm danh\n5. Võ Thị Miễn — ⚪ miễn sinh hoạt", attendance, StringComparison.Ordinal);
        await Answer("có mặt 4");
        await Answer("xong");
        await Answer("xong"); // dues
        var criterion2 = await Answer("2");
        Assert.Contains("💡 Gợi ý: 2 điểm — Họp ngày 03/11/2026, đúng ngày 03 hằng tháng.", criterion2, StringComparison.Ordinal);
        var criterion3 = await Answer("đồng ý");
        Assert.Contains("💡 Gợi ý: 1 điểm — Thông báo gửi lúc 09:00 30/10/2026, trước ngày họp 03/11/2026 4 ngày, cho đảng viên và cấp ủy cấp trên.", criterion3, StringComparison.Ordinal);
        await Answer("đồng ý");
        var criterion5 = await Answer("2");
        Assert.Contains("💡 Gợi ý: 0 điểm — 3/4 có mặt = 75%, không trên 90%.", criterion5, StringComparison.Ordinal);
        var criterion6 = await Answer("đồng ý");
        Assert.Contains("💡 Gợi ý: 3 điểm — Không có đảng viên vắng mặt không có lý do.", criterion6, StringComparison.Ordinal);

        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/diemdanh");
        Assert.Equal("Phần đánh giá tháng 11/2026 đã bắt đầu nên điểm danh đã khóa. Hãy sửa điểm danh trong phần đánh giá (/danhgia 11/2026).", emu.LastMessageIn(Group)!.Text);
    }

    /// <summary>A press with callback data the message's keyboard does not (or no longer) offer, as a forged or stale client sends.</summary>
    internal static async Task<int> ForgeAsync(TelegramEmulator emu, TgUser user, BotMessage message, string data)
    {
        var id = emu.PressButton(user, message.ChatId, message.MessageId, data, allowMissingButton: true);
        await emu.WaitUntilProcessedAsync(id);
        return id;
    }

    /// <summary>The lines under a section title of the check-in message, up to the next blank line.</summary>
    internal static List<string> Section(string text, string title)
    {
        var lines = text.Split('\n').ToList();
        var start = lines.IndexOf(title);
        Assert.True(start >= 0, $"No section \"{title}\" in:\n{text}");
        return [.. lines.Skip(start + 1).TakeWhile(l => l.Length > 0)];
    }
}
