using ChiBo.Bot.Channels;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>Which channels a host runs, the start-up check of their settings, and how choices read without buttons.</summary>
public sealed class ChannelSettingsTests(ITestOutputHelper output)
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void A_Zalo_token_alone_is_enough_to_start()
    {
        Assert.Null(BotHost.MissingSettings(Config(("ChiBo:Zalo:Token", ZaloEmulator.DefaultToken))));
    }

    [Fact]
    public void Without_any_token_nothing_is_missing_and_the_local_chat_runs()
    {
        var configuration = Config(("ChiBo:Telegram:Token", ""), ("ChiBo:Zalo:Token", " "));

        Assert.Null(BotHost.MissingSettings(configuration));
        Assert.True(BotHost.RunsConsole(configuration));
    }

    [Theory]
    [InlineData("Telegram", null, "a-good-secret-123", "ChiBo:Telegram:Webhook:PublicUrl")]
    [InlineData("Zalo", "not a url", "a-good-secret-123", "ChiBo:Zalo:Webhook:PublicUrl")]
    [InlineData("Zalo", "https://bot.example.org/webhooks/zalo", null, "ChiBo:Zalo:Webhook:Secret")]
    [InlineData("Zalo", "http://bot.example.org/webhooks/zalo", "a-good-secret-123", "ChiBo:Zalo:Webhook:PublicUrl phải là địa chỉ https")]
    [InlineData("Telegram", "https://bot.example.org/webhooks/telegram", "short", "ChiBo:Telegram:Webhook:Secret")]
    [InlineData("Telegram", "https://bot.example.org/webhooks/telegram", "has spaces in it", "ChiBo:Telegram:Webhook:Secret")]
    public void Webhook_mode_needs_a_public_url_and_a_well_formed_secret(string channel, string? url, string? secret, string named)
    {
        var message = BotHost.MissingSettings(Config(
            ($"ChiBo:{channel}:Token", "1:token"), ($"ChiBo:{channel}:Mode", "webhook"),
            ($"ChiBo:{channel}:Webhook:PublicUrl", url), ($"ChiBo:{channel}:Webhook:Secret", secret)));

        Assert.NotNull(message);
        Assert.Contains(named, message, StringComparison.Ordinal);
        if (secret is not null) Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_webhook_setting_passes()
    {
        Assert.Null(BotHost.MissingSettings(Config(
            ("ChiBo:Zalo:Token", "1:token"), ("ChiBo:Zalo:Mode", "Webhook"),
            ("ChiBo:Zalo:Webhook:PublicUrl", "https://bot.example.org/webhooks/zalo"), ("ChiBo:Zalo:Webhook:Secret", "a-good_secret-123"))));
    }

    [Fact]
    public void Choices_without_buttons_read_as_what_to_type_and_long_texts_split_on_lines()
    {
        var message = new OutgoingMessage
        {
            Text = "Điểm danh xong chưa?",
            Choices = [[new Choice("Xong ➡", "rv:1", "xong"), new Choice("3. Cường ✅", "rv:2")], [new Choice("⬅ Quay lại", "rv:3", "quay lại"), new Choice("Xong", "rv:4", "xong")]],
        };
        Assert.Equal("Điểm danh xong chưa?\n\n👉 Gõ: xong · quay lại", PlainText.Render(message));
        Assert.Equal("Chào", PlainText.Render(new OutgoingMessage { Text = "Chào", Choices = [[new Choice("3. Cường", "rv:2")]] }));

        Assert.Equal(["aaa\nbb", "cccc", "dd"], PlainText.Split("aaa\nbb\ncccc\ndd", 6));
        Assert.Equal(["abcd", "ef\ng"], PlainText.Split("abcdef\ng", 4));
    }

    [Fact]
    public async Task A_host_with_only_a_Zalo_token_runs_Zalo_and_leaves_Telegram_and_the_listener_off()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(null, output: output, zalo: zalo);

        await zalo.SendPrivateTextAndWaitAsync(ZaloTestUsers.Binh, "xin chào");

        Assert.StartsWith("Đồng chí chưa có phiên đánh giá nào đang mở.", Assert.Single(zalo.MessagesIn(ZaloTestUsers.Binh.PrivateChatId)).Text, StringComparison.Ordinal);
        Assert.Equal(["getMe", "deleteWebhook", "getUpdates"], zalo.Calls.Select(c => c.Method).Take(3));
        Assert.Empty(bot.Services.GetRequiredService<WebhookServer>().Addresses);
        Assert.All(bot.Services.GetServices<IHostedService>().OfType<BackgroundService>(), s => Assert.False(s.ExecuteTask?.IsFaulted));
    }

    [Fact]
    public async Task A_rejected_Zalo_token_stops_the_host_with_one_critical_line_that_does_not_reveal_it()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        zalo.RejectAllTokens = true;
        await using var bot = new BotUnderTest(null, output: output, zalo: zalo);
        await bot.StartAsync(waitUntilPolling: false);
        await bot.WaitForShutdownAsync();

        var critical = Assert.Single(bot.Logs.Lines, l => l.Level == LogLevel.Critical);
        Assert.Contains("ChiBo:Zalo:Token", critical.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Text.Contains(zalo.Token[(zalo.Token.IndexOf(':') + 1)..], StringComparison.Ordinal));
        Assert.Equal(["getMe"], zalo.Calls.Select(c => c.Method));
        Assert.Equal(3, bot.Services.GetRequiredService<StartupFailure>().ExitCode);
    }

    [Fact]
    public async Task A_Zalo_message_refused_for_good_is_dropped_and_the_next_one_still_goes_out()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(null, output: output, zalo: zalo);
        zalo.InjectError("sendMessage", 400, "Bad Request: chat not found");

        await zalo.SendPrivateTextAndWaitAsync(ZaloTestUsers.Binh, "/help");
        await zalo.SendPrivateTextAndWaitAsync(ZaloTestUsers.Binh, "/danhgia");

        var reply = Assert.Single(zalo.MessagesIn(ZaloTestUsers.Binh.PrivateChatId));
        Assert.Contains("chưa là cán bộ", reply.Text, StringComparison.Ordinal);
        Assert.Contains(bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("zalo refused a message", StringComparison.Ordinal));
        Assert.Empty(bot.Services.GetRequiredService<Storage.Database>().Outbox.FindAll());
    }
}
