using Microsoft.Extensions.DependencyInjection;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>The Telegram channel's own duties: retrying sends that failed, stopping on a revoked token, answering every tap.</summary>
public sealed class TelegramChannelTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_reply_Telegram_failed_to_take_is_kept_and_sent_at_the_next_poll()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output);
        emu.InjectError("sendMessage", 500, "Internal Server Error");

        await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, "/help");

        // The first attempt failed and nobody writes again: the reply still goes out, once.
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("sendMessage", c => c.Long("chat_id") == TestUsers.Binh.Id, after: emu.CallsOf("sendMessage")[0].Index + 1));
        var reply = Assert.Single(emu.MessagesIn(TestUsers.Binh.Id));
        Assert.Contains("Các lệnh", reply.Text, StringComparison.Ordinal);
        Assert.Equal(2, emu.CallsOf("sendMessage").Count);
        Assert.True(bot.LogContains("will retry"));
    }

    [Fact]
    public async Task A_token_revoked_while_polling_stops_the_host_with_one_critical_line()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output);
        emu.InjectError("getUpdates", 401, "Unauthorized");
        await bot.WaitForShutdownAsync();

        var critical = Assert.Single(bot.Logs.Lines, l => l.Level == LogLevel.Critical);
        Assert.Contains("401", critical.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(emu.Token, critical.Text, StringComparison.Ordinal);
        Assert.Equal(3, bot.Services.GetRequiredService<StartupFailure>().ExitCode);
    }

    [Fact]
    public async Task A_tap_the_bot_cannot_use_is_still_answered_so_the_button_stops_spinning()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output);

        // A callback from an inline-mode message carries no message: nothing to route, but Telegram waits for an answer.
        var id = emu.EnqueueRaw("""{"callback_query":{"id":"77","from":{"id":1002,"is_bot":false,"first_name":"Bình"},"chat_instance":"x","inline_message_id":"im1","data":"rv:1:202611:1:s:1"}}""");
        await emu.WaitUntilProcessedAsync(id);

        Assert.Contains(emu.CallsOf("answerCallbackQuery"), c => c.Str("callback_query_id") == "77");
        Assert.Empty(emu.CallsOf("sendMessage"));
    }
}
