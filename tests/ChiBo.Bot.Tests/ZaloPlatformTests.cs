using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>ChiBo on Zalo as real clients found the platform (../shared/ZALO_BOT_API.md, "What real clients found"): a group
/// passes the bot only mentions and replies, or nothing at all; private chat ids are not user ids; the bot hears its own
/// messages; a monthly quota; 403 and 429.</summary>
public sealed class ZaloPlatformTests(ITestOutputHelper output)
{
    private const string Group = "g-chibo-kp3";
    private static readonly ZaloUser Admin = ZaloTestUsers.Admin;
    private static readonly ZaloUser Binh = ZaloTestUsers.Binh;
    private static readonly ZaloUser Cuong = ZaloTestUsers.Cuong;

    /// <summary>Sunday 1 November 2026, 08:00 in Hà Nội: the November meeting (the 3rd) is ahead.</summary>
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero));

    private Task<BotUnderTest> StartAsync(ZaloEmulator zalo, Dictionary<string, string?>? settings = null)
    {
        zalo.Time = _clock;
        return BotUnderTest.StartAsync(null, settings: settings, customize: b => b.Services.AddSingleton<TimeProvider>(_clock), output: output, zalo: zalo);
    }

    [Fact]
    public async Task A_whole_cell_month_in_a_Zalo_group_hears_only_mentions_and_replies_and_the_review_runs_in_private()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo);
        var db = bot.Services.GetRequiredService<Database>();

        Assert.Contains("Mã chi bộ: 1 ", await SayAsync(zalo, Admin, Group, ZaloEmulator.Mention("/taochibo Chi bộ Khu phố 3")), StringComparison.Ordinal);
        await SayAsync(zalo, Admin, Group, ZaloEmulator.Mention("/khungdiem thai-binh-2019"));
        await SayAsync(zalo, Admin, Group, ZaloEmulator.Mention("/themdv Nguyễn Văn An\nTrần Thị Bình\nLê Văn Cường"));
        await SayAsync(zalo, Admin, Group, ZaloEmulator.Mention("/bonhiem 2 bithu"));

        // A plain group message never reaches the bot and changes nothing.
        var plain = zalo.SendText(Admin, Group, "/themdv Người Lạ");
        Assert.False(zalo.WasDelivered(plain));

        // Linking by the cell's code in private; the officer confirms by replying to the request in the group.
        Assert.Equal("Đã gửi yêu cầu liên kết, chờ cán bộ chi bộ xác nhận.", await SayAsync(zalo, Binh, Binh.PrivateChatId, "/lienket 1 trần thị bình"));
        var request = zalo.LastMessageIn(Group)!;
        Assert.Equal($"Trần Thị Bình (Zalo, id {Binh.Id}) xin liên kết tài khoản với đảng viên Trần Thị Bình. Cán bộ chi bộ gõ /xacnhan 2 hoặc /tuchoi 2.", request.Text);
        Assert.StartsWith("Đã liên kết Trần Thị Bình", await SayAsync(zalo, Admin, Group, "/xacnhan 2", replyTo: request.MessageId), StringComparison.Ordinal);
        Assert.Equal("Đồng chí đã được liên kết với Trần Thị Bình (Chi bộ Khu phố 3).", zalo.LastMessageIn(Binh.PrivateChatId)!.Text);
        await SayAsync(zalo, Cuong, Cuong.PrivateChatId, "/lienket 1 Lê Văn Cường");
        await SayAsync(zalo, Binh, Group, ZaloEmulator.Mention("/xacnhan 3"));
        Assert.Equal(3, db.Members.Count());
        Assert.Equal([Binh.Key], db.Members.FindOne(m => m.Name == "Trần Thị Bình").Accounts);

        // The notice and the check-in, answered by replies and in private.
        await SayAsync(zalo, Binh, Group, ZaloEmulator.Mention("/thongbao\n03/11/2026\n14:00\nHội trường khu phố 3\nKiểm điểm công tác tháng 10"));
        Assert.Contains(zalo.MessagesIn(Group), m => m.Text.StartsWith("📢 THÔNG BÁO SINH HOẠT CHI BỘ", StringComparison.Ordinal));
        await MoveClockAsync(bot, new DateTimeOffset(2026, 11, 3, 6, 50, 0, TimeSpan.Zero)); // 13:50 on the day
        var checkIn = await SayAsync(zalo, Binh, Group, ZaloEmulator.Mention("/diemdanh"));
        Assert.StartsWith("📋 ĐIỂM DANH SINH HOẠT CHI BỘ", checkIn, StringComparison.Ordinal);
        Assert.Contains("Mỗi đồng chí trả lời tin nhắn này: có mặt / vắng: lý do (hoặc nhắn riêng cho ChiBo như vậy).", checkIn, StringComparison.Ordinal);
        var checkInId = zalo.LastMessageIn(Group)!.MessageId;
        Assert.Equal("Đã ghi: đồng chí Trần Thị Bình có mặt. Đã trả lời 1/3: 1 có mặt, 0 vắng có lý do.", await SayAsync(zalo, Binh, Group, "có mặt ạ", replyTo: checkInId));
        Assert.Equal("Lê Văn Cường: để điểm danh, đồng chí trả lời tin nhắn điểm danh bằng: có mặt, hoặc vắng: lý do (ví dụ: vắng: đi công tác).",
            await SayAsync(zalo, Cuong, Group, "em đến muộn", replyTo: checkInId));
        Assert.Equal("Đã ghi: đồng chí Lê Văn Cường vắng có lý do (ốm). Đã trả lời 2/3: 1 có mặt, 1 vắng có lý do.", await SayAsync(zalo, Cuong, Cuong.PrivateChatId, "vắng: ốm"));

        // The review in private, then the rating in the group.
        await MoveClockAsync(bot, new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero)); // 17:00, the meeting is over
        var (count, replies) = await ReviewAsync(zalo, Binh, Group);
        output.WriteLine($"A whole Zalo review: {count} messages (sent and received)");
        Assert.StartsWith("✅ Đã công bố kết quả", replies[^1], StringComparison.Ordinal);
        var rating = zalo.LastMessageIn(Group)!.Text;
        Assert.StartsWith("📣 KẾT QUẢ SINH HOẠT CHI BỘ\nChi bộ Khu phố 3 — tháng 11/2026", rating, StringComparison.Ordinal);
        Assert.Contains("Điểm danh: 2/3 có mặt", rating, StringComparison.Ordinal);
        Assert.Equal(ReviewMessages, count);

        Assert.DoesNotContain(db.Members.FindAll(), m => m.Name == "Người Lạ");
        Assert.DoesNotContain(zalo.CallsOf("sendMessage"), c => c.Str("chat_id") is { } id && id.StartsWith("5a11e0c0ffee", StringComparison.Ordinal)); // never to a user id
    }

    [Fact]
    public async Task A_bot_that_cannot_join_groups_runs_the_cell_month_in_private_and_officers_get_what_would_go_to_the_group()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        zalo.CanJoinGroups = false;
        await using var bot = await StartAsync(zalo);
        var db = bot.Services.GetRequiredService<Database>();
        var admin = Admin.PrivateChatId;

        Assert.StartsWith("Đã đăng ký Chi bộ Khu phố 3, không có nhóm", await SayAsync(zalo, Admin, admin, "/taochibo Chi bộ Khu phố 3"), StringComparison.Ordinal);
        await SayAsync(zalo, Admin, admin, "/khungdiem thai-binh-2019");
        Assert.StartsWith("Đã thêm 3 đảng viên", await SayAsync(zalo, Admin, admin, "/themdv Nguyễn Văn An\nTrần Thị Bình\nLê Văn Cường"), StringComparison.Ordinal);
        await SayAsync(zalo, Admin, admin, "/bonhiem 2 bithu");

        // No officer is linked yet: Bình's request goes to the admin who registered the cell, to be confirmed in private.
        await SayAsync(zalo, Binh, Binh.PrivateChatId, "/lienket 1 Trần Thị Bình");
        Assert.Equal($"{Flows.CellPosts.ForwardHeader}\n\nTrần Thị Bình (Zalo, id {Binh.Id}) xin liên kết tài khoản với đảng viên Trần Thị Bình. Cán bộ chi bộ gõ /xacnhan 2 hoặc /tuchoi 2.",
            zalo.LastMessageIn(admin)!.Text);
        Assert.StartsWith("Đã liên kết Trần Thị Bình", await SayAsync(zalo, Admin, admin, "/xacnhan 2"), StringComparison.Ordinal);
        // Now the secretary gets the requests, and confirms in private.
        await SayAsync(zalo, Cuong, Cuong.PrivateChatId, "/lienket 1 Lê Văn Cường");
        Assert.EndsWith("Cán bộ chi bộ gõ /xacnhan 3 hoặc /tuchoi 3.", zalo.LastMessageIn(Binh.PrivateChatId)!.Text, StringComparison.Ordinal);
        await SayAsync(zalo, Binh, Binh.PrivateChatId, "/xacnhan 3");
        Assert.Contains("không có nhóm (bot Zalo không vào được nhóm)", await SayAsync(zalo, Cuong, Cuong.PrivateChatId, "/help"), StringComparison.Ordinal);

        // The notice and the check-in go to the secretary, to forward; the notes come in the same message.
        var notice = await SayAsync(zalo, Binh, Binh.PrivateChatId, "/thongbao\n03/11/2026\n14:00\nHội trường khu phố 3\nKiểm điểm công tác tháng 10");
        Assert.StartsWith($"{Flows.CellPosts.ForwardHeader}\n\n📢 THÔNG BÁO SINH HOẠT CHI BỘ", notice, StringComparison.Ordinal);
        Assert.Contains("Đã gửi thông báo cho cán bộ chi bộ để chuyển tiếp tới đảng viên", notice, StringComparison.Ordinal);
        await MoveClockAsync(bot, new DateTimeOffset(2026, 11, 3, 6, 50, 0, TimeSpan.Zero));
        var checkIn = await SayAsync(zalo, Binh, Binh.PrivateChatId, "/diemdanh");
        Assert.Contains("📋 ĐIỂM DANH SINH HOẠT CHI BỘ", checkIn, StringComparison.Ordinal);
        Assert.Contains("Mỗi đồng chí nhắn riêng cho ChiBo: có mặt / vắng: lý do.", checkIn, StringComparison.Ordinal);
        Assert.Equal("Đã ghi: đồng chí Trần Thị Bình có mặt. Đã trả lời 1/3: 1 có mặt, 0 vắng có lý do.", await SayAsync(zalo, Binh, Binh.PrivateChatId, "có mặt"));
        Assert.Equal("Đã ghi: đồng chí Lê Văn Cường vắng có lý do (ốm). Đã trả lời 2/3: 1 có mặt, 1 vắng có lý do.", await SayAsync(zalo, Cuong, Cuong.PrivateChatId, "Vắng: ốm"));

        await MoveClockAsync(bot, new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero));
        var (count, replies) = await ReviewAsync(zalo, Binh, group: null);
        output.WriteLine($"A whole group-less Zalo review: {count} messages");
        Assert.StartsWith("✅ Đã ghi kết quả Chi bộ Khu phố 3; bản để chuyển tiếp tới đảng viên được gửi cho cán bộ chi bộ.\n\n" + Flows.CellPosts.ForwardHeader
            + "\n\n📣 KẾT QUẢ SINH HOẠT CHI BỘ\nChi bộ Khu phố 3 — tháng 11/2026", replies[^1], StringComparison.Ordinal);
        Assert.Equal(95m, Assert.Single(db.Records.FindAll()).Total);
        Assert.Equal(ReviewMessages - 2, count); // no group: the closed check-in list and the rating join the secretary's replies
        Assert.DoesNotContain(zalo.CallsOf("sendMessage"), c => c.Str("chat_id") == Group);
        Assert.All(zalo.CallsOf("sendMessage"), c => Assert.StartsWith("dm", c.Str("chat_id"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plain_group_message_is_not_delivered_the_bots_echo_is_ignored_and_a_picture_in_private_gets_a_hint()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo);
        var db = bot.Services.GetRequiredService<Database>();

        var plain = zalo.SendText(Admin, Group, "/taochibo Chi bộ Khu phố 3");
        var mentioned = await zalo.SendTextAndWaitAsync(Admin, Group, ZaloEmulator.Mention("/help"));
        Assert.False(zalo.WasDelivered(plain));
        Assert.Empty(db.Cells.FindAll());
        var help = zalo.MessagesIn(Group); // only the mention got an answer: /help, in parts under 2000 characters
        Assert.StartsWith("ChiBo giúp chi bộ", help[0].Text, StringComparison.Ordinal);
        Assert.Contains("Trên Zalo:", help[^1].Text, StringComparison.Ordinal);
        Assert.Equal(help.Count, zalo.CallsOf("sendMessage").Count);

        // The bot's own messages came back as events: they were handed out, ignored, and answered with nothing.
        var sticker = zalo.SendSticker(Binh, Binh.PrivateChatId);
        await zalo.WaitUntilProcessedAsync(sticker);
        Assert.Equal(Flows.Router.TextOnly, zalo.LastMessageIn(Binh.PrivateChatId)!.Text);
        var echo = zalo.MessagesIn(Binh.PrivateChatId)[^1].MessageId;
        await zalo.SendPrivateTextAndWaitAsync(Binh, "xin chào");
        Assert.Equal(help.Count + 2, zalo.CallsOf("sendMessage").Count); // the hint and the answer to "xin chào", nothing to the echoes
        Assert.DoesNotContain($"zalo:{echo}", db.ProcessedKeys());
        Assert.Contains($"zalo:{mentioned}", db.ProcessedKeys());
        Assert.Contains(zalo.CallsOf("getUpdates"), _ => true);
        Assert.Equal(Binh.PrivateChatId, db.PrivateChats.FindById(Binh.Key)!.ChatId);
    }

    [Fact]
    public async Task Wrong_private_link_requests_and_check_in_answers_get_a_clear_message_and_change_nothing()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo);
        var db = bot.Services.GetRequiredService<Database>();
        await SayAsync(zalo, Admin, Group, ZaloEmulator.Mention("/taochibo Chi bộ Khu phố 3"));
        await SayAsync(zalo, Admin, Group, ZaloEmulator.Mention("/themdv Trần Thị Bình"));
        var stranger = ZaloTestUsers.Stranger;

        Assert.StartsWith("Hãy gõ mã chi bộ và họ tên", await SayAsync(zalo, stranger, stranger.PrivateChatId, "/lienket"), StringComparison.Ordinal);
        Assert.StartsWith("Hãy gõ mã chi bộ và họ tên", await SayAsync(zalo, stranger, stranger.PrivateChatId, "/lienket ba Trần Thị Bình"), StringComparison.Ordinal);
        Assert.StartsWith("Không có chi bộ mã 99.", await SayAsync(zalo, stranger, stranger.PrivateChatId, "/lienket 99 Trần Thị Bình"), StringComparison.Ordinal);
        Assert.Equal("Hãy gõ thêm họ tên của đồng chí, ví dụ: /lienket 1 Trần Thị Bình.", await SayAsync(zalo, stranger, stranger.PrivateChatId, "/lienket 1"));
        Assert.StartsWith("Không thấy \"Trần Văn Bình\" trong danh sách Chi bộ Khu phố 3.", await SayAsync(zalo, stranger, stranger.PrivateChatId, "/lienket 1 Trần Văn Bình"), StringComparison.Ordinal);
        Assert.Contains("chưa có trong danh sách chi bộ", await SayAsync(zalo, stranger, stranger.PrivateChatId, "có mặt"), StringComparison.Ordinal);
        Assert.Empty(db.Members.FindOne(m => m.Name == "Trần Thị Bình").PendingLinks);
        Assert.Empty(db.CheckIns.FindAll());

        // Bình, linked, answers before any check-in is open: told so; a stranger replying to the check-in changes nothing.
        await SayAsync(zalo, Binh, Binh.PrivateChatId, "/lienket 1 Trần Thị Bình");
        await SayAsync(zalo, Admin, Group, ZaloEmulator.Mention("/xacnhan 1"));
        Assert.StartsWith("Hiện chưa có điểm danh nào đang mở.", await SayAsync(zalo, Binh, Binh.PrivateChatId, "có mặt"), StringComparison.Ordinal);
        await SayAsync(zalo, Admin, Group, ZaloEmulator.Mention("/diemdanh"));
        var checkIn = zalo.LastMessageIn(Group)!.MessageId;
        var refused = await SayAsync(zalo, stranger, Group, "có mặt", replyTo: checkIn);
        Assert.StartsWith("Khách: ", refused, StringComparison.Ordinal);
        Assert.Contains("chưa có trong danh sách chi bộ", refused, StringComparison.Ordinal);
        Assert.Empty(Assert.Single(db.CheckIns.FindAll()).Answers);

        // A review started in the group goes to Bình's private chat, whose id is not her user id.
        await SayAsync(zalo, Admin, Group, ZaloEmulator.Mention("/bonhiem 1 bithu"));
        Assert.StartsWith("Trần Thị Bình: phần đánh giá tháng 11/2026 đã được gửi vào tin nhắn riêng", await SayAsync(zalo, Binh, Group, ZaloEmulator.Mention("/danhgia")), StringComparison.Ordinal);
        Assert.StartsWith("📋 Đánh giá sinh hoạt — Chi bộ Khu phố 3, tháng 11/2026", zalo.LastMessageIn(Binh.PrivateChatId)!.Text, StringComparison.Ordinal);
    }

    /// <summary>Moves the clock and waits until the reminders due by then went out, so none lands between a message and its reply.</summary>
    private async Task MoveClockAsync(BotUnderTest bot, DateTimeOffset to)
    {
        _clock.SetUtcNow(to);
        await bot.Services.GetRequiredService<Scheduling.Reminders>().WaitUntilCheckedAsync(to).WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>What a whole review of a five-criteria rubric costs on Zalo, after a check-in: the secretary's 15 answers, the bot's 15
    /// replies (a reply and the prompt that follows are one message), the check-in list closed and the rating posted.</summary>
    private const int ReviewMessages = 32;

    /// <summary>The secretary's review of November typed in private, after a check-in (meeting time and attendance prefilled).
    /// Returns how many Zalo messages it took (both directions, every chat) and the bot's replies to the secretary.</summary>
    private async Task<(int Count, List<string> Replies)> ReviewAsync(ZaloEmulator zalo, ZaloUser secretary, string? group)
    {
        var replies = new List<string>();
        int Messages() => zalo.AllMessagesIn(secretary.PrivateChatId).Count + (group is null ? 0 : zalo.MessagesIn(group).Count);
        var before = Messages();
        var answers = new[] { "/danhgia", "tiếp tục", "có mặt 1", "xong", "tất cả đã nộp", "xong", "15", "5", "45", "15", "15",
            "Chi bộ thống nhất hoàn thành nhiệm vụ tháng 11.", "1 | Hoàn thiện báo cáo quý | 15/12", "xong", "xác nhận" };
        foreach (var answer in answers) replies.Add(await SayAsync(zalo, secretary, secretary.PrivateChatId, answer));
        return (Messages() - before, replies);
    }

    /// <summary>Types <paramref name="text"/> (as it is: a group message must mention the bot or reply to it to be heard) and
    /// returns the bot's last message in that chat, which must be new.</summary>
    private static async Task<string> SayAsync(ZaloEmulator zalo, ZaloUser user, string chatId, string text, string? replyTo = null)
    {
        var before = zalo.MessagesIn(chatId).Count;
        await zalo.SendTextAndWaitAsync(user, chatId, text, replyTo: replyTo);
        var after = zalo.MessagesIn(chatId);
        Assert.True(after.Count > before, $"No reply to \"{text}\" in {chatId}.\n{zalo.Describe()}");
        return after[^1].Text;
    }
}
