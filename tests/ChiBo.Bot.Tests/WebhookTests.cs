using System.Net;
using System.Net.Sockets;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>Webhook mode for Telegram and Zalo: the bot registers its URL and secret, applies a request carrying the
/// right secret through the same pipeline as polling, refuses the others with 401, and applies a repeated update once.</summary>
public sealed class WebhookTests(ITestOutputHelper output)
{
    private const string TelegramSecret = WebhookBot.TelegramSecret;
    private const string ZaloSecret = WebhookBot.ZaloSecret;

    [Fact]
    public async Task Telegram_webhook_applies_a_valid_update_once_and_refuses_a_missing_or_wrong_secret()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (started, port) = await StartAsync(telegram: emu);
        await using var bot = started;
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("setWebhook")); // stored, not just received

        Assert.Equal(($"http://127.0.0.1:{port}/webhooks/telegram", TelegramSecret), emu.Webhook);
        Assert.Empty(emu.CallsOf("getUpdates"));
        Assert.Empty(emu.CallsOf("deleteWebhook"));

        var forged = emu.SendPrivateText(TestUsers.Binh, "/danhsach");
        Assert.Equal(HttpStatusCode.Unauthorized, await emu.PushToWebhookAsync(forged, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await emu.PushToWebhookAsync(forged, "tg-webhook-Secret_0123456780"));

        var help = emu.SendPrivateText(TestUsers.Binh, "/help");
        Assert.Equal(HttpStatusCode.OK, await emu.PushToWebhookAsync(help));
        Assert.Equal(HttpStatusCode.OK, await emu.PushToWebhookAsync(help));
        var last = emu.SendPrivateText(TestUsers.Binh, "/danhgia");
        Assert.Equal(HttpStatusCode.OK, await emu.PushToWebhookAsync(last));
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("sendMessage", c => c.Str("text")!.Contains("chưa là cán bộ", StringComparison.Ordinal)));

        // The replies go out in order, so by now a second /help or the forged /danhsach would have been answered.
        Assert.Equal(2, emu.MessagesIn(TestUsers.Binh.Id).Count);
        Assert.Contains("Các lệnh", emu.MessagesIn(TestUsers.Binh.Id)[0].Text, StringComparison.Ordinal);
        AssertProcessed(bot, $"telegram:{help}", $"telegram:{last}");
        AssertRefusalsLoggedWithoutSecrets(bot, "telegram", 2, TelegramSecret, emu.Token[(emu.Token.IndexOf(':') + 1)..]);
    }

    [Fact]
    public async Task Telegram_webhook_answers_a_pressed_button_with_its_toast()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = (await StartAsync(telegram: emu)).Bot;
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("setWebhook")); // stored, not just received
        var text = emu.SendPrivateText(TestUsers.Binh, "/help");
        await emu.PushToWebhookAsync(text);
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("sendMessage"));

        var press = emu.PressButton(TestUsers.Binh, TestUsers.Binh.Id, emu.LastMessageIn(TestUsers.Binh.Id)!.MessageId, "rv:forged", allowMissingButton: true);
        Assert.Equal(HttpStatusCode.OK, await emu.PushToWebhookAsync(press));
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("answerCallbackQuery"));

        Assert.Equal("Nút này không hợp lệ.", emu.ToastFor(press));
    }

    [Fact]
    public async Task Zalo_webhook_applies_a_valid_event_once_and_refuses_a_missing_or_wrong_secret()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        var (started, port) = await StartAsync(zalo: zalo);
        await using var bot = started;
        await zalo.WaitUntilAnsweredAsync(await zalo.WaitForCallAsync("setWebhook")); // stored, not just received

        Assert.Equal(($"http://127.0.0.1:{port}/webhooks/zalo", ZaloSecret), zalo.Webhook);
        Assert.Empty(zalo.CallsOf("getUpdates"));

        var binh = ZaloTestUsers.Binh;
        var forged = zalo.SendPrivateText(binh, "/danhsach");
        Assert.Equal(HttpStatusCode.Unauthorized, await zalo.PushToWebhookAsync(forged, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await zalo.PushToWebhookAsync(forged, TelegramSecret));

        var help = zalo.SendPrivateText(binh, "xin chào");
        Assert.Equal(HttpStatusCode.OK, await zalo.PushToWebhookAsync(help));
        Assert.Equal(HttpStatusCode.OK, await zalo.PushToWebhookAsync(help));
        var last = zalo.SendPrivateText(binh, "/danhgia");
        Assert.Equal(HttpStatusCode.OK, await zalo.PushToWebhookAsync(last));
        await zalo.WaitUntilAnsweredAsync(await zalo.WaitForCallAsync("sendMessage", c => c.Str("text")!.Contains("chưa là cán bộ", StringComparison.Ordinal)));

        Assert.Equal(2, zalo.MessagesIn(binh.PrivateChatId).Count);
        Assert.StartsWith("Đồng chí chưa có phiên đánh giá nào đang mở.", zalo.MessagesIn(binh.PrivateChatId)[0].Text, StringComparison.Ordinal);
        AssertProcessed(bot, $"zalo:{help}", $"zalo:{last}");
        AssertRefusalsLoggedWithoutSecrets(bot, "zalo", 2, ZaloSecret, zalo.Token[(zalo.Token.IndexOf(':') + 1)..]);
    }

    [Fact]
    public async Task Both_channels_take_webhooks_on_one_listener_and_a_body_that_is_no_update_gets_400()
    {
        await using var telegram = await TelegramEmulator.StartAsync();
        await using var zalo = await ZaloEmulator.StartAsync();
        var (started, port) = await StartAsync(telegram, zalo);
        await using var bot = started;
        await telegram.WaitUntilAnsweredAsync(await telegram.WaitForCallAsync("setWebhook")); // stored, not just received
        await zalo.WaitUntilAnsweredAsync(await zalo.WaitForCallAsync("setWebhook")); // stored, not just received

        Assert.Equal(HttpStatusCode.OK, await telegram.PushToWebhookAsync(telegram.SendPrivateText(TestUsers.Binh, "/help")));
        Assert.Equal(HttpStatusCode.OK, await zalo.PushToWebhookAsync(zalo.SendPrivateText(ZaloTestUsers.Binh, "/help")));
        await telegram.WaitUntilAnsweredAsync(await telegram.WaitForCallAsync("sendMessage"));
        await zalo.WaitUntilAnsweredAsync(await zalo.WaitForCallAsync("sendMessage"));
        Assert.Equal(["http://127.0.0.1:" + port], bot.Services.GetRequiredService<WebhookServer>().Addresses);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/webhooks/zalo") { Content = new StringContent("{\"hello\": 1}") };
        request.Headers.Add(ZaloEmulator.SecretHeader, ZaloSecret);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_listening_address_in_use_stops_the_host_with_one_critical_line()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        await using var bot = new BotUnderTest(null, settings: WebhookSettings(((IPEndPoint)taken.LocalEndpoint).Port, null, zalo), output: output, zalo: zalo);
        await bot.StartAsync(waitUntilPolling: false);
        await bot.WaitForShutdownAsync();

        var critical = Assert.Single(bot.Logs.Lines, l => l.Level == LogLevel.Critical);
        Assert.StartsWith("Cannot listen for webhooks on http://127.0.0.1:", critical.Message, StringComparison.Ordinal);
        Assert.Equal(3, bot.Services.GetRequiredService<StartupFailure>().ExitCode);
    }

    [Fact]
    public async Task A_flood_of_unauthenticated_or_oversized_requests_is_logged_once_a_minute_with_a_count_and_never_as_a_failure()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var (started, port) = await StartAsync(telegram: emu, clock: clock);
        await using var bot = started;
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("setWebhook"));
        var update = emu.SendPrivateText(TestUsers.Binh, "/help");
        var url = $"http://127.0.0.1:{port}/webhooks/telegram";

        for (var i = 0; i < 100; i++) Assert.Equal(HttpStatusCode.Unauthorized, await emu.PushToWebhookAsync(update, "wrong-secret-" + i));
        var oversized = "{\"update_id\":1,\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await WebhookDelivery.PostAsync(url, oversized, TelegramEmulator.WebhookSecretHeader, TelegramSecret));

        // Only the listener's refusals are counted: on a loaded machine a start-up call may be retried with a warning of its own.
        var refusals = bot.Logs.Lines.Where(l => l.Category == typeof(WebhookServer).FullName && l.Level >= LogLevel.Warning).ToList();
        Assert.True(refusals.Count == 2, string.Join("\n", bot.Logs.Lines.Where(l => l.Level >= LogLevel.Warning)));
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Level >= LogLevel.Error || l.Level >= LogLevel.Warning && l.Exception is not null); // Kestrel's own note is Debug

        clock.Advance(LogThrottle.Window);
        await emu.PushToWebhookAsync(update, "wrong-secret");
        Assert.EndsWith("(99 more refused since the last such line)", bot.Logs.Lines.Last(l => l.Level == LogLevel.Warning).Message, StringComparison.Ordinal);
        Assert.Empty(emu.MessagesIn(TestUsers.Binh.Id));
    }

    [Fact]
    public async Task An_update_that_cannot_be_read_is_answered_200_logged_and_passed_over()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = (await StartAsync(telegram: emu)).Bot;
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("setWebhook"));

        var poison = emu.EnqueueLoneSurrogateText(TestUsers.Binh, TestUsers.Binh.Id);
        Assert.Equal(HttpStatusCode.OK, await emu.PushToWebhookAsync(poison));
        Assert.Equal(HttpStatusCode.OK, await emu.PushToWebhookAsync(emu.SendPrivateText(TestUsers.Binh, "/help")));
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("sendMessage"));

        Assert.Single(emu.MessagesIn(TestUsers.Binh.Id));
        Assert.Contains(bot.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.StartsWith($"Update {poison} (message) cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_listener_answers_GET_healthz_with_ok()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (started, port) = await StartAsync(telegram: emu);
        await using var bot = started;
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("setWebhook"));

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    private Task<(BotUnderTest Bot, int Port)> StartAsync(TelegramEmulator? telegram = null, ZaloEmulator? zalo = null, TimeProvider? clock = null) =>
        WebhookBot.StartAsync(output, telegram, zalo, clock is null ? null : b => b.Services.AddSingleton(clock));

    private static Dictionary<string, string?> WebhookSettings(int port, TelegramEmulator? telegram, ZaloEmulator? zalo) => WebhookBot.Settings(port, telegram, zalo);

    private static void AssertProcessed(BotUnderTest bot, params string[] keys)
    {
        var processed = bot.Services.GetRequiredService<Database>().ProcessedKeys().Order().ToList();
        Assert.Equal(keys.Order(), processed);
    }

    /// <summary>Refusals in a row are logged once a minute (<see cref="LogThrottle"/>): the first in a line of its own.</summary>
    private static void AssertRefusalsLoggedWithoutSecrets(BotUnderTest bot, string channel, int refusals, params string[] secrets)
    {
        var lines = bot.Logs.Lines;
        Assert.True(refusals > 0);
        var refused = Assert.Single(lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith($"Refused a {channel} webhook request from", StringComparison.Ordinal));
        Assert.EndsWith("(0 more refused since the last such line)", refused.Message, StringComparison.Ordinal);
        foreach (var secret in secrets) Assert.DoesNotContain(lines, l => l.Text.Contains(secret, StringComparison.Ordinal));
    }
}
