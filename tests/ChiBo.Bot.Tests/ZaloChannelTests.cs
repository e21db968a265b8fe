using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>End to end on Zalo: the real host against the Zalo emulator, where every prompt is answered by typing.</summary>
public sealed class ZaloChannelTests(ITestOutputHelper output)
{
    private const string Group = "g-chibo-kp3";
    private static readonly ZaloUser Admin = ZaloTestUsers.Admin;
    private static readonly ZaloUser Binh = ZaloTestUsers.Binh;

    /// <summary>5 November 2026, 10:00 in Hà Nội: the November meeting (the 3rd) is over.</summary>
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 5, 3, 0, 0, TimeSpan.Zero));

    private Task<BotUnderTest> StartAsync(ZaloEmulator zalo, TelegramEmulator? telegram = null)
    {
        var clock = Clock();
        zalo.Time = clock;
        return BotUnderTest.StartAsync(telegram, customize: b => b.Services.AddSingleton<TimeProvider>(clock), output: output, zalo: zalo);
    }

    [Fact]
    public async Task A_review_on_Zalo_by_typed_answers_only_posts_the_rating_to_the_Zalo_group()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo);

        await SetUpCellAsync(zalo);

        var prompts = await ReviewByTypingAsync(zalo, Binh, absent: "3");

        var meeting = prompts["/danhgia"];
        Assert.Contains("Bước 1/6 · Thông tin buổi họp", meeting, StringComparison.Ordinal);
        Assert.EndsWith("👉 Gõ: hôm nay · 03/11/2026 · chuyên đề · xem biểu · hủy", meeting);
        Assert.EndsWith("👉 Gõ: tất cả có mặt · xong · quay lại · xem biểu · hủy", prompts["tất cả có mặt"]);
        Assert.Contains("Lý do vắng của 3. Lê Văn Cường?", prompts["vắng có lý do 3"], StringComparison.Ordinal);
        Assert.EndsWith("👉 Gõ: bỏ qua · tất cả có mặt · xong · quay lại · xem biểu · hủy", prompts["vắng có lý do 3"]);
        Assert.EndsWith("👉 Gõ: 0 · 7,5 · 15 · quay lại · xem biểu · hủy", prompts["xong (đảng phí)"]);
        Assert.Contains("TỔNG: 95/100 — Tốt", prompts["xong (nhiệm vụ)"], StringComparison.Ordinal);
        Assert.Contains("xác nhận · sửa ngày họp", prompts["xong (nhiệm vụ)"], StringComparison.Ordinal);
        Assert.StartsWith("✅ Đã công bố kết quả vào nhóm Chi bộ Khu phố 3", prompts["xác nhận"], StringComparison.Ordinal);

        var announcement = zalo.LastMessageIn(Group)!.Text;
        Assert.StartsWith("📣 KẾT QUẢ SINH HOẠT CHI BỘ\nChi bộ Khu phố 3 — tháng 11/2026", announcement, StringComparison.Ordinal);
        Assert.Contains("Tổng điểm: 95/100 — xếp loại Tốt", announcement, StringComparison.Ordinal);
        Assert.Contains("Điểm danh: 2/3 có mặt (66,7%); vắng có lý do 1", announcement, StringComparison.Ordinal);
        Assert.Contains("Người chấm: Trần Thị Bình (Bí thư)", announcement, StringComparison.Ordinal);

        var posted = Assert.Single(bot.Services.GetRequiredService<Database>().Records.FindAll());
        Assert.Equal(95m, posted.Total);
        Assert.Equal(Binh.Key, posted.PostedBy);
        Assert.Equal("Ốm", posted.Record.Attendance.Single(a => a.Name == "Lê Văn Cường").Reason);
        Assert.All(zalo.CallsOf("sendMessage"), c => Assert.InRange(c.Str("text")!.Length, 1, ZaloEmulator.MaxTextLength));
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task A_posted_review_is_reopened_on_Zalo_by_typing_and_the_change_is_posted()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo);
        await SetUpCellAsync(zalo);
        await ReviewByTypingAsync(zalo, Binh, absent: null);

        var offer = await SayAsync(zalo, Binh, Binh.PrivateChatId, "/danhgia 11/2026");
        Assert.StartsWith("Chi bộ Khu phố 3, tháng 11/2026 đã được đánh giá và công bố (95 điểm, Tốt).", offer, StringComparison.Ordinal);
        Assert.EndsWith("👉 Gõ: mở lại · thôi", offer);
        Assert.Contains("Đã mở lại.", await SayAsync(zalo, Binh, Binh.PrivateChatId, "mở lại"), StringComparison.Ordinal);
        await SayAsync(zalo, Binh, Binh.PrivateChatId, "sửa 1");
        await SayAsync(zalo, Binh, Binh.PrivateChatId, "10");
        await SayAsync(zalo, Binh, Binh.PrivateChatId, "xác nhận");

        var update = zalo.LastMessageIn(Group)!.Text;
        Assert.StartsWith("📣 CẬP NHẬT KẾT QUẢ SINH HOẠT CHI BỘ", update, StringComparison.Ordinal);
        Assert.Contains("• Tổng điểm: 95 (Tốt) → 90 (Tốt)", update, StringComparison.Ordinal);
        Assert.Contains("• Tiêu chí 1: 15 → 10", update, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typed_link_confirmation_is_for_officers_and_asks_which_request_when_there_are_several()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo);
        await SayAsync(zalo, Admin, Group, "/taochibo Chi bộ Khu phố 3");
        await SayAsync(zalo, Admin, Group, "/themdv Nguyễn Văn An\nTrần Thị Bình");
        await SayAsync(zalo, ZaloTestUsers.Stranger, Group, "/toila 2");
        await SayAsync(zalo, Binh, Group, "/toila 2");

        Assert.StartsWith("Xin lỗi, chỉ cán bộ chi bộ", await SayAsync(zalo, ZaloTestUsers.Stranger, Group, "/xacnhan 2 1"), StringComparison.Ordinal);
        var which = await SayAsync(zalo, Admin, Group, "/xacnhan 2");
        Assert.Equal($"Trần Thị Bình có 2 yêu cầu liên kết:\n1. Khách (Zalo, id {ZaloTestUsers.Stranger.Id})\n2. Trần Thị Bình (Zalo, id {Binh.Id})\nGõ /xacnhan 2 <số yêu cầu>, ví dụ: /xacnhan 2 1.", which);
        Assert.StartsWith("Đã từ chối yêu cầu liên kết của Khách", await SayAsync(zalo, Admin, Group, "/tuchoi 2 1"), StringComparison.Ordinal);
        Assert.StartsWith("Đã liên kết Trần Thị Bình", await SayAsync(zalo, Admin, Group, "/xacnhan 2"), StringComparison.Ordinal);

        var member = bot.Services.GetRequiredService<Database>().Members.FindAll().Single(m => m.Name == "Trần Thị Bình");
        Assert.Equal([Binh.Key], member.Accounts);
        Assert.Empty(member.PendingLinks);
    }

    [Fact]
    public async Task A_duplicated_Zalo_event_is_applied_once_and_a_sticker_is_ignored()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo);
        await SayAsync(zalo, Admin, Group, "/taochibo Chi bộ Khu phố 3");

        var add = await zalo.SendTextAndWaitAsync(Admin, Group, ZaloEmulator.Mention("/themdv Trần Thị Bình"));
        zalo.Redeliver(add);
        await zalo.WaitUntilProcessedAsync(add);
        var sticker = zalo.SendSticker(Binh, Group);
        await zalo.WaitUntilProcessedAsync(sticker);

        Assert.Single(bot.Services.GetRequiredService<Database>().Members.FindAll());
        Assert.Equal(2, zalo.MessagesIn(Group).Count);
        Assert.Single(zalo.MessagesIn(Group), m => m.Text.StartsWith("Đã thêm 1 đảng viên: Trần Thị Bình.", StringComparison.Ordinal));
        Assert.Empty(zalo.MessagesIn(Binh.PrivateChatId));
        Assert.Equal(2, zalo.CallsOf("sendMessage").Count);
    }

    [Fact]
    public async Task A_reply_over_2000_characters_arrives_as_two_messages_split_on_line_boundaries()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo);
        await SayAsync(zalo, Admin, Group, "/taochibo Chi bộ Khu phố 3");
        string[] family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"];
        string[] middle = ["Văn", "Thị", "Hữu", "Đức", "Minh"];
        var names = Enumerable.Range(0, 90).Select(i => $"{family[i % 10]} {middle[i / 10% 5]} {(i < 50 ? "Thành Công Tú" : "Thu Hương Ly")}").ToList();
        await SayAsync(zalo, Admin, Group, "/themdv " + string.Join('\n', names[..45]));
        await SayAsync(zalo, Admin, Group, "/themdv " + string.Join('\n', names[45..]));
        var before = zalo.MessagesIn(Group).Count;

        await zalo.SendTextAndWaitAsync(Admin, Group, ZaloEmulator.Mention("/danhsach"));

        var parts = zalo.MessagesIn(Group).Skip(before).Select(m => m.Text).ToList();
        Assert.Equal(2, parts.Count);
        var whole = string.Join('\n', parts);
        output.WriteLine($"/danhsach: {whole.Length} characters in parts of {parts[0].Length} and {parts[1].Length}");
        Assert.InRange(whole.Length, 2300, 2700);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, ZaloEmulator.MaxTextLength));
        var lines = whole.Split('\n');
        Assert.StartsWith("Danh sách Chi bộ Khu phố 3 (90 đảng viên", lines[0], StringComparison.Ordinal);
        Assert.Equal(names.Select((n, i) => $"{i + 1}. {n}"), lines[1..]);
        Assert.Matches(@"^\d+\. ", parts[1]); // the second part starts with a whole roster line
    }

    [Fact]
    public async Task A_member_linked_on_Telegram_and_on_Zalo_is_one_roster_entry_and_the_rating_goes_to_both_groups()
    {
        const long TgGroup = -1001;
        await using var telegram = await TelegramEmulator.StartAsync();
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo, telegram);
        var tgAdmin = TestUsers.Admin;

        await telegram.SendTextAndWaitAsync(tgAdmin, TgGroup, "/taochibo Chi bộ Khu phố 5", "Chi bộ Khu phố 5");
        Assert.Contains("Mã chi bộ: 1 (", telegram.LastMessageIn(TgGroup)!.Text, StringComparison.Ordinal);
        await telegram.SendTextAndWaitAsync(tgAdmin, TgGroup, "/khungdiem thai-binh-2019");
        await telegram.SendTextAndWaitAsync(tgAdmin, TgGroup, "/themdv Trần Thị Bình\nLê Văn Cường");
        await telegram.SendTextAndWaitAsync(tgAdmin, TgGroup, "/bonhiem 1 bithu");
        await telegram.SendTextAndWaitAsync(TestUsers.Binh, TgGroup, "/toila 1");
        await telegram.PressAndWaitAsync(tgAdmin, telegram.LastMessageIn(TgGroup)!, "Xác nhận");

        Assert.StartsWith("Đã nối nhóm này vào Chi bộ Khu phố 5", await SayAsync(zalo, Admin, Group, "/noichibo 1"), StringComparison.Ordinal);
        var menu = await SayAsync(zalo, Binh, Group, "/lienket");
        Assert.EndsWith("👉 Trả lời tin này: /toila 1 · /toila 2", menu); // Bình is linked on Telegram, not yet on Zalo
        await SayAsync(zalo, Binh, Group, "/toila 1");
        Assert.Contains($"Đã liên kết Trần Thị Bình (Zalo, id {Binh.Id}) với đảng viên Trần Thị Bình", await SayAsync(zalo, Admin, Group, "/xacnhan 1"), StringComparison.Ordinal);

        var members = bot.Services.GetRequiredService<Database>().Members.FindAll().ToList();
        Assert.Equal(2, members.Count);
        Assert.Equal(["telegram:1002", Binh.Key], members.Single(m => m.Name == "Trần Thị Bình").Accounts);
        await telegram.SendTextAndWaitAsync(tgAdmin, TgGroup, "/danhsach");
        var roster = await SayAsync(zalo, Admin, Group, "/danhsach");
        Assert.Equal(telegram.LastMessageIn(TgGroup)!.Text, roster);
        Assert.Equal(["1. Trần Thị Bình — Bí thư ✓", "2. Lê Văn Cường"], roster.Split('\n')[1..]);

        // The December notice, typed on Zalo, reaches both groups of the cell.
        var notes = await SayAsync(zalo, Binh, Group, "/thongbao\n03/12/2026\n14:00\nNhà văn hóa khu phố 5\nTổng kết công tác năm");
        // Said where Bình typed, in the same message as the notice: replies to one Zalo chat are merged to spare the quota.
        Assert.StartsWith("📢 THÔNG BÁO SINH HOẠT CHI BỘ", notes, StringComparison.Ordinal);
        Assert.Contains("\n\nĐã gửi thông báo vào nhóm.", notes, StringComparison.Ordinal);
        Assert.Contains(telegram.MessagesIn(TgGroup), m => m.Text.StartsWith("📢 THÔNG BÁO SINH HOẠT CHI BỘ", StringComparison.Ordinal));
        Assert.Contains(zalo.MessagesIn(Group), m => m.Text.StartsWith("📢 THÔNG BÁO SINH HOẠT CHI BỘ", StringComparison.Ordinal));

        // Check-in opened in the Telegram group is posted in the Zalo group too; Bình answers by typing on Zalo, is told
        // so in one line there, and the Telegram list is edited in place.
        await telegram.SendTextAndWaitAsync(tgAdmin, TgGroup, "/diemdanh");
        Assert.Contains(zalo.MessagesIn(Group), m => m.Text.StartsWith("📋 ĐIỂM DANH SINH HOẠT CHI BỘ", StringComparison.Ordinal));
        Assert.Equal("Đã ghi: đồng chí Trần Thị Bình có mặt. Đã trả lời 1/2: 1 có mặt, 0 vắng có lý do.", await SayAsync(zalo, Binh, Group, "có mặt"));
        var list = telegram.MessagesIn(TgGroup).Last(m => m.Text.StartsWith("📋 ĐIỂM DANH", StringComparison.Ordinal));
        Assert.Contains("✅ Có mặt (1):\n1. Trần Thị Bình", list.Text, StringComparison.Ordinal);

        await ReviewByTypingAsync(zalo, Binh, absent: null);

        foreach (var announcement in new[] { telegram.LastMessageIn(TgGroup)!.Text, zalo.LastMessageIn(Group)!.Text })
        {
            Assert.StartsWith("📣 KẾT QUẢ SINH HOẠT CHI BỘ\nChi bộ Khu phố 5", announcement, StringComparison.Ordinal);
            Assert.Contains("Điểm danh: 2/2 có mặt (100%)", announcement, StringComparison.Ordinal);
            Assert.Contains("Đảng phí: 2 đã nộp", announcement, StringComparison.Ordinal);
        }
    }

    /// <summary>On Zalo only: the admin registers the cell (rubric thai-binh-2019, three members, Bình secretary) and
    /// Bình links her Zalo account, all by typing.</summary>
    private static async Task SetUpCellAsync(ZaloEmulator zalo)
    {
        await SayAsync(zalo, Admin, Group, "/taochibo Chi bộ Khu phố 3");
        await SayAsync(zalo, Admin, Group, "/khungdiem thai-binh-2019");
        await SayAsync(zalo, Admin, Group, "/themdv Nguyễn Văn An\nTrần Thị Bình\nLê Văn Cường");
        await SayAsync(zalo, Admin, Group, "/bonhiem 2 bithu");
        var menu = await SayAsync(zalo, Binh, Group, "/lienket");
        Assert.EndsWith("👉 Trả lời tin này: /toila 1 · /toila 2 · /toila 3", menu);
        var request = await SayAsync(zalo, Binh, Group, "/toila 2");
        Assert.Contains($"Trần Thị Bình (Zalo, id {Binh.Id}) xin liên kết", request, StringComparison.Ordinal);
        Assert.EndsWith("👉 Trả lời tin này: /xacnhan 2 · /tuchoi 2", request);
        Assert.Contains("Đã liên kết", await SayAsync(zalo, Admin, Group, "/xacnhan 2"), StringComparison.Ordinal);
    }

    /// <summary>Types <paramref name="text"/> and returns the bot's last reply in that chat (there must be one). In a group the
    /// text mentions the bot ("@BotName …"), as it must on Zalo for the bot to hear it.</summary>
    private static async Task<string> SayAsync(ZaloEmulator zalo, ZaloUser user, string chatId, string text)
    {
        var before = zalo.MessagesIn(chatId).Count;
        await zalo.SendTextAndWaitAsync(user, chatId, chatId == user.PrivateChatId ? text : ZaloEmulator.Mention(text));
        var after = zalo.MessagesIn(chatId);
        Assert.True(after.Count > before, $"No reply to \"{text}\" in {chatId}.\n{zalo.Describe()}");
        return after[^1].Text;
    }

    /// <summary>The secretary's whole November review (rubric thai-binh-2019), typed in the private chat; marks
    /// <paramref name="absent"/> absent with a reason. Returns each answer's reply, keyed by the answer.</summary>
    private static async Task<Dictionary<string, string>> ReviewByTypingAsync(ZaloEmulator zalo, ZaloUser secretary, string? absent)
    {
        var replies = new Dictionary<string, string>();
        async Task Answer(string text, string? key = null) => replies[key ?? text] = await SayAsync(zalo, secretary, secretary.PrivateChatId, text);

        await Answer("/danhgia");
        await Answer("03/11/2026 14:00-16:30");
        await Answer("tất cả có mặt");
        if (absent is not null)
        {
            await Answer($"vắng có lý do {absent}");
            await Answer("Ốm");
        }
        await Answer("xong", "xong (điểm danh)");
        await Answer("tất cả đã nộp");
        await Answer("xong", "xong (đảng phí)");
        foreach (var points in new[] { "15", "5", "45", "15", "15" }) await Answer(points, "điểm " + replies.Count);
        await Answer("Chi bộ thống nhất hoàn thành nhiệm vụ tháng 12.");
        await Answer("1 | Hoàn thiện báo cáo quý | 15/12");
        await Answer("xong", "xong (nhiệm vụ)");
        await Answer("xác nhận");
        return replies;
    }
}
