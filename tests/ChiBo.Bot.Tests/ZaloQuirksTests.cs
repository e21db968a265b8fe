using ChiBo.Bot.Scheduling;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Bot.Zalo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>Zalo's errors, quota and polling quirks (../shared/ZALO_BOT_API.md, "What real clients found").</summary>
public sealed class ZaloQuirksTests(ITestOutputHelper output)
{
    private const string Group = "g-chibo-kp3";
    private static readonly ZaloUser Admin = ZaloTestUsers.Admin;
    private static readonly ZaloUser Binh = ZaloTestUsers.Binh;

    /// <summary>Sunday 1 November 2026, 08:00 in Hà Nội.</summary>
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero));

    private Task<BotUnderTest> StartAsync(ZaloEmulator zalo, Dictionary<string, string?>? settings = null)
    {
        zalo.Time = _clock;
        return BotUnderTest.StartAsync(null, settings: settings, customize: b => b.Services.AddSingleton<TimeProvider>(_clock), output: output, zalo: zalo);
    }

    [Fact]
    public async Task A_403_is_retried_until_it_goes_through_or_dropped_after_three_tries_and_a_429_pauses_the_channel_without_losing_anything()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo);
        var db = bot.Services.GetRequiredService<Database>();
        var chat = Binh.PrivateChatId;

        // A 502: the channel waits a second (backoff), then sends.
        zalo.InjectError("sendMessage", 502, "Bad Gateway");
        await zalo.SendPrivateTextAndWaitAsync(Binh, "không");
        Assert.Empty(zalo.MessagesIn(chat));
        _clock.Advance(ZaloSender.Backoff(1));
        await zalo.SendPrivateTextAndWaitAsync(Binh, "một");
        Assert.Equal(2, zalo.MessagesIn(chat).Count);

        // Two 403s: the reply waits in the outbox (1 s, then 2 s) and goes out on the third try, the later ones after it in order.
        zalo.InjectError("sendMessage", 403, "Internal server error", times: 2);
        await zalo.SendPrivateTextAndWaitAsync(Binh, "hai");
        _clock.Advance(ZaloSender.Backoff(1));
        await zalo.SendPrivateTextAndWaitAsync(Binh, "ba");
        Assert.Equal(2, zalo.MessagesIn(chat).Count);
        _clock.Advance(ZaloSender.Backoff(2));
        await zalo.SendPrivateTextAndWaitAsync(Binh, "bốn");
        Assert.Equal(5, zalo.MessagesIn(chat).Count);
        Assert.Empty(db.Outbox.FindAll());

        // Three 403s in a row: that message is dropped with a warning, the next ones go out.
        zalo.InjectError("sendMessage", 403, "Internal server error", times: 3);
        await zalo.SendPrivateTextAndWaitAsync(Binh, "/danhgia");
        _clock.Advance(ZaloSender.Backoff(1));
        await zalo.SendPrivateTextAndWaitAsync(Binh, "năm");
        _clock.Advance(ZaloSender.Backoff(2));
        await zalo.SendPrivateTextAndWaitAsync(Binh, "sáu");
        Assert.DoesNotContain(zalo.MessagesIn(chat), m => m.Text.Contains("chưa là cán bộ", StringComparison.Ordinal));
        Assert.Contains(bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("zalo refused a message", StringComparison.Ordinal));
        Assert.Equal(7, zalo.MessagesIn(chat).Count);

        // 429 (quota exceeded): the channel pauses for ChiBo:Zalo:QuotaPauseSeconds, then sends what waited.
        zalo.InjectError("sendMessage", 429, "Quota exceeded");
        await zalo.SendPrivateTextAndWaitAsync(Binh, "bảy");
        _clock.Advance(TimeSpan.FromMinutes(14));
        await zalo.SendPrivateTextAndWaitAsync(Binh, "tám");
        Assert.Equal(7, zalo.MessagesIn(chat).Count);
        Assert.Equal(2, db.Outbox.Count());
        _clock.Advance(TimeSpan.FromMinutes(1));
        await zalo.SendPrivateTextAndWaitAsync(Binh, "chín");
        Assert.Equal(10, zalo.MessagesIn(chat).Count);
        Assert.Empty(db.Outbox.FindAll());
    }

    [Fact]
    public async Task The_admins_are_warned_at_80_and_100_percent_of_the_monthly_quota_and_reminders_are_left_out_from_80_percent()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await StartAsync(zalo, new() { ["ChiBo:Zalo:MonthlyQuota"] = "30" });
        await zalo.SendPrivateTextAndWaitAsync(Admin, "/help"); // the admin's private chat is known from now on
        await zalo.SendTextAndWaitAsync(Admin, Group, ZaloEmulator.Mention("/taochibo Chi bộ Khu phố 3"));
        await zalo.SendTextAndWaitAsync(Admin, Group, ZaloEmulator.Mention("/themdv Trần Thị Bình"));
        await zalo.SendTextAndWaitAsync(Admin, Group, ZaloEmulator.Mention("/bonhiem 1 bithu"));
        await zalo.SendPrivateTextAndWaitAsync(Binh, "/lienket 1 Trần Thị Bình");
        await zalo.SendTextAndWaitAsync(Admin, Group, ZaloEmulator.Mention("/xacnhan 1"));
        await zalo.SendTextAndWaitAsync(Binh, Group, ZaloEmulator.Mention("/thongbao\n03/11/2026\n14:00\nHội trường khu phố 3\nKiểm điểm công tác tháng 10"));
        var quota = bot.Services.GetRequiredService<ZaloQuota>();
        Assert.DoesNotContain(zalo.MessagesIn(Admin.PrivateChatId), m => m.Text.StartsWith("⚠️", StringComparison.Ordinal));

        while (quota.Used < 24) await zalo.SendPrivateTextAndWaitAsync(Binh, "xin chào");
        var warning = (await SentAsync(zalo, "⚠️")).Str("text")!;
        Assert.Matches(@"^⚠️ ChiBo đã dùng 80% hạn mức Zalo tháng 11/2026: 2[45]/30 tin nhắn \(gửi và nhận\)\. Từ bây giờ ChiBo không gửi tin nhắc lịch trên Zalo", warning);

        // The reminder an hour before the meeting is left out; the essentials still go.
        var groupBefore = zalo.MessagesIn(Group).Count;
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 6, 5, 0, TimeSpan.Zero));
        await bot.Services.GetRequiredService<Reminders>().WaitUntilCheckedAsync(_clock.GetUtcNow()).WaitAsync(zalo.DefaultTimeout);
        Assert.Equal(groupBefore, zalo.MessagesIn(Group).Count);
        Assert.Contains(bot.Logs.Lines, l => l.Message.StartsWith("Zalo quota nearly used: a low-priority message", StringComparison.Ordinal));

        while (quota.Used < 30) await zalo.SendPrivateTextAndWaitAsync(Binh, "xin chào");
        Assert.Equal(Admin.PrivateChatId, (await SentAsync(zalo, "⛔ ChiBo đã dùng hết hạn mức Zalo tháng 11/2026: ")).Str("chat_id"));
        Assert.Single(zalo.MessagesIn(Admin.PrivateChatId), m => m.Text.StartsWith("⚠️", StringComparison.Ordinal)); // warned once
        Assert.Contains(bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Zalo quota: ", StringComparison.Ordinal));
    }

    /// <summary>The bot's message starting with <paramref name="start"/>, once the emulator stored it (a warning counted while
    /// sending goes out with the next round of the outbox).</summary>
    private static async Task<RecordedCall> SentAsync(ZaloEmulator zalo, string start)
    {
        var call = await zalo.WaitForCallAsync("sendMessage", c => c.Str("text")!.StartsWith(start, StringComparison.Ordinal));
        await zalo.WaitUntilAnsweredAsync(call);
        return call;
    }

    [Theory]
    [InlineData(ZaloEmptyPoll.TimeoutAtOnce)]
    [InlineData(ZaloEmptyPoll.EmptyResult)]
    public async Task Empty_polls_that_answer_at_once_and_a_404_from_deleteWebhook_leave_the_bot_working(ZaloEmptyPoll mode)
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        zalo.EmptyPoll = mode;
        zalo.InjectError("deleteWebhook", 404, "Not Found");
        await using var bot = await StartAsync(zalo, new() { ["ChiBo:Zalo:MinPollIntervalMilliseconds"] = "50" });

        await zalo.SendPrivateTextAndWaitAsync(Binh, "xin chào");

        Assert.StartsWith("Đồng chí chưa có phiên đánh giá nào đang mở.", Assert.Single(zalo.MessagesIn(Binh.PrivateChatId)).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public void A_429_on_getUpdates_pauses_polling_for_the_quota_pause_and_other_failures_back_off_up_to_30_seconds()
    {
        var zalo = new ZaloOptions { QuotaPauseSeconds = 900 };
        Assert.Equal(TimeSpan.FromMinutes(15), ZaloChannel.FailureDelay(new ZaloApiException(429, "Quota exceeded"), 1, zalo));
        Assert.Equal(TimeSpan.FromMilliseconds(500), ZaloChannel.FailureDelay(new ZaloApiException(502, "Bad Gateway"), 1, zalo));
        Assert.Equal(TimeSpan.FromSeconds(30), ZaloChannel.FailureDelay(new HttpRequestException("down"), 12, zalo));
    }

    [Theory]
    [InlineData(0, 1000, 1000)]
    [InlineData(300, 1000, 700)]
    [InlineData(1000, 1000, 0)]
    [InlineData(30_000, 1000, 0)]
    public void An_empty_poll_that_returned_quickly_waits_out_the_minimum_interval(int elapsedMs, int minMs, int waitMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(waitMs), ZaloChannel.PollDelay(TimeSpan.FromMilliseconds(elapsedMs), TimeSpan.FromMilliseconds(minMs)));
    }
}
