using ChiBo.Bot.Channels;
using ChiBo.Bot.Console;
using ChiBo.Bot.Telegram;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>End to end: the real host against the Bot API emulator, covering start-up, a first message,
/// a rejected token, secrecy of the token and duplicate deliveries.</summary>
public sealed class StartupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_announces_itself_and_registers_Vietnamese_commands_for_private_and_group_chats()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output);

        var startup = emu.Calls.Select(c => c.Method).TakeWhile(m => m != "getUpdates").ToList();
        Assert.Equal(["getMe", "deleteWebhook", "setMyCommands", "setMyCommands"], startup);
        Assert.All(emu.Calls, c => Assert.True(c.Authorized));

        foreach (var scope in new[] { "all_private_chats", "all_group_chats" })
        {
            var commands = emu.CommandsFor(scope);
            Assert.NotNull(commands);
            var review = Assert.Single(commands, c => c.Command == "danhgia");
            Assert.Contains("Đánh giá", review.Description, StringComparison.Ordinal);
            Assert.Contains(commands, c => c.Command == "help");
        }
        Assert.True(emu.CommandsFor("all_group_chats")!.Count > emu.CommandsFor("all_private_chats")!.Count);

        var poll = emu.CallsOf("getUpdates")[0];
        Assert.Equal(2, poll.Long("timeout"));
        Assert.Equal(100, poll.Long("limit"));
        Assert.Contains("callback_query", poll.Str("allowed_updates"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_in_a_private_chat_gets_the_Vietnamese_help_text()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output);

        await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, "/help");

        var reply = Assert.Single(emu.MessagesIn(TestUsers.Binh.Id));
        Assert.Contains("/danhgia", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Các lệnh", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_token_stops_the_host_with_one_critical_line_that_does_not_reveal_the_token()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        emu.RejectAllTokens = true;
        await using var bot = new BotUnderTest(emu, output: output);
        await bot.StartAsync(waitUntilPolling: false);
        await bot.WaitForShutdownAsync();

        Assert.True(bot.Lifetime.ApplicationStopping.IsCancellationRequested);
        var critical = Assert.Single(bot.Logs.Lines, l => l.Level == LogLevel.Critical);
        Assert.Contains("token", critical.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(emu.Token, critical.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Level == LogLevel.Error || l.Exception is not null);

        var channel = bot.Services.GetServices<IHostedService>().OfType<TelegramChannel>().Single();
        Assert.True(channel.ExecuteTask?.IsCompletedSuccessfully, "the polling loop ended with an exception");
        Assert.Equal(["getMe"], emu.Calls.Select(c => c.Method));
        Assert.Equal(3, bot.Services.GetRequiredService<StartupFailure>().ExitCode);
    }

    [Fact]
    public async Task One_line_at_start_says_what_runs_without_secrets()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var backups = Path.Combine(Path.GetTempPath(), "chibo-tests", Guid.NewGuid().ToString("N"));
        await using var bot = await BotUnderTest.StartAsync(emu, output: output, settings: new Dictionary<string, string?>
        {
            ["ChiBo:Storage:Password"] = "mat-khau-du-lieu-2026",
            ["ChiBo:Backup:Enabled"] = "true",
            ["ChiBo:Backup:Folder"] = backups,
        });
        await bot.StopAsync(); // the line was written at start; a backup may have been taken since
        if (Directory.Exists(backups)) Directory.Delete(backups, recursive: true);

        var line = Assert.Single(bot.Logs.Lines, l => l.Message.StartsWith("ChiBo starts:", StringComparison.Ordinal)).Message;
        Assert.Equal($"ChiBo starts: channels Telegram (long polling); database {bot.DatabasePath} (encrypted); "
            + $"backups daily after 03:00 (Asia/Ho_Chi_Minh) into {backups}, keeping 7 daily and 12 monthly", line);
        Assert.DoesNotContain("mat-khau", line, StringComparison.Ordinal);
        Assert.DoesNotContain(emu.Token, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_never_appears_in_the_log()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output);

        await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, "/help");
        await bot.StopAsync();

        Assert.NotEmpty(bot.Logs.Lines);
        Assert.Contains(bot.Logs.Lines, l => l.Message.Contains(TelegramEmulator.DefaultBotUsername, StringComparison.Ordinal));
        var secret = emu.Token[(emu.Token.IndexOf(':') + 1)..];
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Text.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_update_delivered_twice_is_answered_once()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output);

        var id = await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, "/help");
        Assert.Single(emu.MessagesIn(TestUsers.Binh.Id));

        emu.Redeliver(id);
        await emu.WaitUntilProcessedAsync(id);

        Assert.Single(emu.MessagesIn(TestUsers.Binh.Id));
        Assert.Single(emu.CallsOf("sendMessage"));
    }

    [Fact]
    public async Task A_restarted_host_continues_from_the_saved_offset_on_the_same_database()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output);
        var first = await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, "/help");

        await bot.RestartAsync();
        var firstPollAfterRestart = emu.CallsOf("getUpdates")[^1];
        Assert.True(firstPollAfterRestart.Long("offset") > first);

        await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, "/help");
        Assert.Equal(2, emu.MessagesIn(TestUsers.Binh.Id).Count);
        Assert.Equal(2, bot.Starts);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("", "   ", true)]
    [InlineData(TelegramEmulator.DefaultToken, null, false)]
    [InlineData(null, "zalo-bot-id:secret", false)]
    public void The_console_chat_runs_only_when_no_messenger_is_configured(string? telegramToken, string? zaloToken, bool console)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ChiBo:Telegram:Token"] = telegramToken, ["ChiBo:Zalo:Token"] = zaloToken })
            .Build();

        Assert.Equal(console, BotHost.RunsConsole(configuration));
    }

    [Theory]
    [InlineData("", typeof(ConsoleChannel), typeof(TelegramChannel))]
    [InlineData(TelegramEmulator.DefaultToken, typeof(TelegramChannel), typeof(ConsoleChannel))]
    public void The_host_runs_Telegram_with_a_token_and_the_console_chat_without_one(string token, Type runs, Type absent)
    {
        var directory = Path.Combine(Path.GetTempPath(), "chibo-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using var host = BotHost.Build([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ChiBo:Telegram:Token"] = token,
                    ["ChiBo:Storage:Path"] = Path.Combine(directory, "chibo.db"),
                });
                builder.Services.AddSingleton(new ConsoleIo(new StringReader(""), new StringWriter(), echo: false));
            });

            var channels = host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
            Assert.Contains(runs, channels);
            Assert.DoesNotContain(absent, channels);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
