using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>A getUpdates batch is one transaction: one update whose flow throws is replayed alone, the others still apply
/// once; and an edit that fails for a passing reason is retried as the same edit.</summary>
public sealed class PipelineBatchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task In_a_batch_where_one_update_throws_the_others_apply_once_and_that_one_gets_the_apology()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output,
            customize: ExplodingRouter.Install);
        await bot.StopAsync();

        // Three updates wait while the bot is down, so they arrive in one getUpdates batch.
        var first = emu.SendText(bot.Admin, -201, "/taochibo Chi bộ Khu phố 1", "Khu phố 1");
        var poison = emu.SendText(TestUsers.Binh, -203, "💥", "Khu phố 3");
        var last = emu.SendText(bot.Admin, -202, "/taochibo Chi bộ Khu phố 2", "Khu phố 2");
        await bot.StartAsync();
        await emu.WaitUntilProcessedAsync(last);

        Assert.True(bot.LogContains("A batch of 3 updates failed")); // they came in one batch, replayed one at a time
        Assert.Equal(["Chi bộ Khu phố 1", "Chi bộ Khu phố 2"], bot.Db().Cells.FindAll().Select(c => c.Name).Order());
        Assert.StartsWith("Đã đăng ký nhóm này là Chi bộ Khu phố 1.", Assert.Single(emu.MessagesIn(-201)).Text, StringComparison.Ordinal);
        Assert.StartsWith("Đã đăng ký nhóm này là Chi bộ Khu phố 2.", Assert.Single(emu.MessagesIn(-202)).Text, StringComparison.Ordinal);
        Assert.Equal(Pipeline.Apology, Assert.Single(emu.MessagesIn(-203)).Text);

        // Delivered again (a crash before the offset reached Telegram): nothing is applied or said twice.
        emu.Redeliver(first);
        emu.Redeliver(poison);
        await emu.WaitUntilProcessedAsync(emu.Redeliver(last));
        Assert.Equal(2, bot.Db().Cells.Count());
        Assert.Single(emu.MessagesIn(-201));
        Assert.Single(emu.MessagesIn(-203));
    }

    [Fact]
    public async Task A_running_bot_forgets_the_dedupe_marks_of_a_day_once_no_messenger_can_deliver_it_again()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, clock) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 11, 3, 13, 45, 0), output);
        await using var _bot = bot;
        var user = CellSeed.Users(1)[0];
        await emu.SendPrivateTextAndWaitAsync(user, "/help");
        clock.Advance(TimeSpan.FromDays(7));
        await emu.SendPrivateTextAndWaitAsync(user, "/help");
        Assert.Equal(["processed_20261103", "processed_20261110"], bot.Db().MarkCollections); // a week: kept

        clock.Advance(TimeSpan.FromDays(1));
        await emu.SendPrivateTextAndWaitAsync(user, "/help");
        Assert.Equal(["processed_20261110", "processed_20261111"], bot.Db().MarkCollections); // dropped, with no restart
        Assert.Equal(3, emu.MessagesIn(user.Id).Count); // each answered once
    }

    [Fact]
    public async Task A_500_on_an_edit_is_retried_as_the_same_edit_never_turned_into_a_new_message()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, clock) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 11, 3, 13, 45, 0), output);
        await using var _bot = bot;
        var users = CellSeed.Users(2);
        CellSeed.Create(bot, "Chi bộ Khu phố 3", users.Select((u, i) => new SeedMember(CellSeed.FullName(u), u, i == 0 ? OfficerRole.Secretary : OfficerRole.None)));
        await emu.SendTextAndWaitAsync(users[0], CellSeed.GroupId, "/diemdanh");
        var list = emu.LastMessageIn(CellSeed.GroupId)!;

        emu.InjectError("editMessageText", 500, "Internal Server Error");
        await emu.PressAndWaitAsync(users[1], list, "Có mặt");
        Assert.Single(emu.CallsOf("editMessageText")); // failed; the chat waits out its backoff
        Assert.Contains("▫️ Chưa trả lời (2)", emu.MessageById(CellSeed.GroupId, list.MessageId)!.Text, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(1));
        var outbox = bot.Services.GetRequiredService<Outbox>();
        outbox.Kick();
        await outbox.WhenIdleAsync().WaitAsync(emu.DefaultTimeout);

        Assert.Equal(2, emu.CallsOf("editMessageText").Count);
        Assert.Single(emu.MessagesIn(CellSeed.GroupId)); // still the one list, edited in place
        Assert.Contains("✅ Có mặt (1)", emu.MessageById(CellSeed.GroupId, list.MessageId)!.Text, StringComparison.Ordinal);
    }
}
