using ChiBo.Bot.Channels;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Rubrics;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>What Telegram does that must not stop ChiBo (issue #10): poison updates, a group upgraded to a supergroup,
/// a transient error at start.</summary>
public sealed class TelegramHazardTests(ITestOutputHelper output)
{
    private const long Supergroup = -1002000000002;

    [Fact]
    public async Task Poison_updates_are_logged_and_passed_over_and_do_not_come_back_after_a_restart()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output);
        var from = """{"id":1002,"is_bot":false,"first_name":"Bình"}""";

        var poison = new[]
        {
            emu.EnqueueRaw("""{"message":{"message_id":7,"from":""" + from + ""","date":1780000000,"text":"/help"}}"""), // no chat
            emu.EnqueueRaw("""{"callback_query":{"id":"77","from":""" + from + ""","chat_instance":"1","data":"rv:1:202611:1:s:10","message":{"message_id":3,"from":""" + from + ""","date":1780000000}}}"""), // nor here
            emu.EnqueueLoneSurrogateText(TestUsers.Binh, TestUsers.Binh.Id),
        };
        var after = await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, "/help");

        foreach (var id in poison) await emu.WaitUntilProcessedAsync(id);
        var reply = Assert.Single(emu.MessagesIn(TestUsers.Binh.Id));
        Assert.Contains("/danhgia", reply.Text, StringComparison.Ordinal);
        Assert.False(bot.Lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.Contains(bot.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains($"Update {poison[2]}", StringComparison.Ordinal));

        // A restart loop is what a poison update caused: after a restart nothing comes back and the bot still answers.
        var polls = emu.CallsOf("getUpdates").Count;
        await bot.RestartAsync();
        Assert.Equal(0, emu.PendingUpdateCount);
        Assert.True(emu.CallsOf("getUpdates")[polls].Long("offset") > after);
        await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, "/help");
        Assert.Equal(2, emu.MessagesIn(TestUsers.Binh.Id).Count);
    }

    [Fact]
    public async Task A_429_is_waited_out_by_the_outbox_on_the_bots_clock_and_never_retried_by_the_client_on_its_own()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, clock) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 11, 3, 13, 45, 0), output);
        await using var _bot = bot;
        emu.InjectError("sendMessage", 429, "Too Many Requests: retry after 5", parameters: new JsonObject { ["retry_after"] = 5 });
        var sends = emu.CallsOf("sendMessage").Count;

        emu.SendPrivateText(TestUsers.Binh, "/help");
        await bot.Logs.WaitForAsync(l => l.Message.Contains("asked to wait 5 s", StringComparison.Ordinal));
        Assert.Equal(sends + 1, emu.CallsOf("sendMessage").Count); // the refused call alone: the client did not wait and call again
        Assert.Empty(emu.MessagesIn(TestUsers.Binh.Id));

        var calls = emu.CallCount;
        clock.Advance(TimeSpan.FromSeconds(5)); // retry_after, on the bot's clock
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("sendMessage", after: calls));
        Assert.Contains("/danhgia", Assert.Single(emu.MessagesIn(TestUsers.Binh.Id)).Text, StringComparison.Ordinal);
        Assert.Equal(sends + 2, emu.CallsOf("sendMessage").Count);
    }

    [Fact]
    public async Task A_message_to_a_group_that_became_a_supergroup_goes_to_the_new_chat_and_the_cell_follows_it()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        emu.MigrateToSupergroup(TestUsers.Admin, CellScenario.GroupId, Supergroup, serviceMessages: false);
        var before = emu.MessagesIn(CellScenario.GroupId).Count;

        // Typed just before the upgrade: the answer goes to the old id, which Telegram refuses with migrate_to_chat_id.
        await s.InGroupAsync(TestUsers.Binh, "/danhsach");

        Assert.Equal(before, emu.MessagesIn(CellScenario.GroupId).Count);
        Assert.Contains("Trần Thị Bình", Assert.Single(emu.MessagesIn(Supergroup)).Text, StringComparison.Ordinal);
        var cell = s.Db.Cells.FindAll().Single();
        Assert.Equal($"telegram:{Supergroup}", cell.ChatKey);
        Assert.Empty(s.Db.Outbox.FindAll());

        await emu.SendTextAndWaitAsync(TestUsers.Binh, Supergroup, "/danhsach", CellScenario.GroupTitle);
        Assert.Equal(2, emu.MessagesIn(Supergroup).Count);
        Assert.DoesNotContain("chưa được đăng ký", emu.LastMessageIn(Supergroup)!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_messages_of_an_upgrade_move_the_cell_and_its_committee_to_the_supergroup()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        const long committeeGroup = -1005000000005, committeeSupergroup = -1006000000006;
        await emu.SendTextAndWaitAsync(TestUsers.Admin, committeeGroup, "/taocapuy Đảng ủy phường Minh Khai", "Đảng ủy phường");

        foreach (var (group, supergroup) in new[] { (CellScenario.GroupId, Supergroup), (committeeGroup, committeeSupergroup) })
            foreach (var id in emu.MigrateToSupergroup(TestUsers.Admin, group, supergroup)) await emu.WaitUntilProcessedAsync(id);

        Assert.Equal($"telegram:{Supergroup}", s.Db.Cells.FindAll().Single().ChatKey);
        Assert.Equal($"telegram:{committeeSupergroup}", s.Db.Committees.FindAll().Single().ChatKey);
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Supergroup, "/danhsach", CellScenario.GroupTitle);
        Assert.Contains("Trần Thị Bình", emu.LastMessageIn(Supergroup)!.Text, StringComparison.Ordinal);
        await emu.SendTextAndWaitAsync(TestUsers.Admin, committeeSupergroup, "/ganchibo", "Đảng ủy phường");
        Assert.Contains(CellScenario.CellName, emu.LastMessageIn(committeeSupergroup)!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_on_getUpdates_is_waited_out_on_the_bots_clock_then_polling_goes_on()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, clock) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 11, 3, 13, 45, 0), output);
        await using var _bot = bot;
        emu.InjectError("getUpdates", 429, "Too Many Requests: retry after 30", parameters: new JsonObject { ["retry_after"] = 30 });
        emu.SendPrivateText(TestUsers.Binh, "/help"); // the poll already waiting gets it; the next poll gets the 429
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("sendMessage"));
        await bot.Logs.WaitForAsync(l => l.Message.Contains("getUpdates: Telegram asked to wait 30 s", StringComparison.Ordinal));
        await bot.Services.GetRequiredService<Outbox>().WhenIdleAsync(); // its answer's call is over: the clock moves no timeout
        var polls = emu.CallsOf("getUpdates").Count;

        emu.SendPrivateText(TestUsers.Binh, "/help");
        Assert.Equal(polls, emu.CallsOf("getUpdates").Count); // no poll before the 30 s are up on the bot's clock
        var calls = emu.CallCount;
        clock.Advance(TimeSpan.FromSeconds(30));
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("sendMessage", after: calls));
        Assert.Equal(2, emu.MessagesIn(TestUsers.Binh.Id).Count);
    }

    [Fact]
    public async Task A_502_on_getMe_at_start_is_retried_and_the_bot_runs()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        emu.InjectError("getMe", 502, "Bad Gateway");

        await using var bot = await BotUnderTest.StartAsync(emu, output: output);
        await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, "/help");

        Assert.Equal(2, emu.CallsOf("getMe").Count);
        Assert.Contains(bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("retrying in 1 s", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Level == LogLevel.Critical);
        Assert.Single(emu.MessagesIn(TestUsers.Binh.Id));
        Assert.Equal(0, bot.Services.GetRequiredService<StartupFailure>().ExitCode);
    }

    [Fact]
    public async Task A_service_that_crashes_stops_the_host_with_a_non_zero_exit_code()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = new BotUnderTest(emu, customize: b => b.Services.AddHostedService<Crashing>(), output: output);
        await bot.StartAsync(waitUntilPolling: false);
        await bot.WaitForShutdownAsync();

        Assert.Equal(StartupFailure.CrashedExitCode, bot.Services.GetRequiredService<StartupFailure>().ExitCodeAfterStop(bot.Services));
    }

    private sealed class Crashing : Microsoft.Extensions.Hosting.BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken ct)
        {
            await Task.Yield();
            throw new InvalidOperationException("a bug");
        }
    }
}
