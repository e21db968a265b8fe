using System.Net;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Bot.Zalo;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>Webhook requests that arrive while a batch is being committed go together in the next batch: one transaction
/// and one fsync for all, each request answered once its update is on disk, each update still applied once, with its own
/// toast, its own apology when its flow throws, and (Zalo) its own quota count and private chat. The first batch is held by
/// the <see cref="WebhookBatcher"/>'s test seam until every other request has joined the queue: no timing involved.</summary>
public sealed class WebhookBatchTests(ITestOutputHelper output)
{
    private static readonly TgUser[] Users = [.. Enumerable.Range(1, 5).Select(i => new TgUser(3000 + i, "Người " + i))];

    [Fact]
    public async Task Requests_arriving_while_a_batch_commits_are_applied_together_each_once_in_one_fsync_each_tap_with_its_toast()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = (await WebhookBot.StartAsync(output, telegram: emu)).Bot;
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("setWebhook"));
        var db = bot.Services.GetRequiredService<Database>();
        var greeting = await HelpAsync(emu, TestUsers.Binh);

        var first = emu.SendPrivateText(TestUsers.Cuong, "/help");
        var texts = Users.Select(u => emu.SendPrivateText(u, "/help")).ToList();
        var press = emu.PressButton(TestUsers.Binh, TestUsers.Binh.Id, greeting.MessageId, "rv:forged", allowMissingButton: true);
        int[] later = [.. texts, texts[0], press]; // texts[0] twice in the same batch
        var syncs = db.LogSyncs;
        var (statuses, batches) = await PostWhileTheFirstBatchIsHeldAsync(bot, () => emu.PushToWebhookAsync(first), [.. later.Select(id => (Func<Task<HttpStatusCode>>)(() => emu.PushToWebhookAsync(id)))]);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal([1, later.Length], batches);
        Assert.Equal(syncs + 2, db.LogSyncs); // one per batch, not one per request
        await bot.Services.GetRequiredService<Outbox>().WhenIdleAsync().WaitAsync(emu.DefaultTimeout);
        foreach (var user in Users.Append(TestUsers.Cuong))
            Assert.Contains("Các lệnh", Assert.Single(emu.MessagesIn(user.Id)).Text, StringComparison.Ordinal); // the duplicate answered once
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("answerCallbackQuery", c => c.Str("callback_query_id") == emu.CallbackQueryIdOf(press)));
        Assert.Equal("Nút này không hợp lệ.", emu.ToastFor(press));
        Assert.Equal(texts.Append(first).Append(press).Select(id => $"telegram:{id}").Order(), db.ProcessedKeys().Where(id => id != $"telegram:{greeting.Update}").Order());
    }

    [Fact]
    public async Task In_a_webhook_batch_a_throwing_update_gets_its_apology_or_toast_and_the_others_apply()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = (await WebhookBot.StartAsync(output, telegram: emu,
            customize: ExplodingRouter.Install)).Bot;
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("setWebhook"));
        var greeting = await HelpAsync(emu, TestUsers.Binh);

        var first = emu.SendPrivateText(TestUsers.Cuong, "/help");
        var before = emu.SendPrivateText(Users[0], "/help");
        var poison = emu.SendPrivateText(Users[1], "💥");
        var poisonTap = emu.PressButton(TestUsers.Binh, TestUsers.Binh.Id, greeting.MessageId, "💥", allowMissingButton: true);
        var forgedTap = emu.PressButton(TestUsers.Binh, TestUsers.Binh.Id, greeting.MessageId, "rv:forged", allowMissingButton: true);
        var after = emu.SendPrivateText(Users[2], "/help");
        int[] later = [before, poison, poisonTap, forgedTap, after];
        var (statuses, batches) = await PostWhileTheFirstBatchIsHeldAsync(bot, () => emu.PushToWebhookAsync(first), [.. later.Select(id => (Func<Task<HttpStatusCode>>)(() => emu.PushToWebhookAsync(id)))]);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal([1, later.Length], batches);
        Assert.True(bot.LogContains($"A batch of {later.Length} updates failed")); // replayed one at a time
        await bot.Services.GetRequiredService<Outbox>().WhenIdleAsync().WaitAsync(emu.DefaultTimeout);
        Assert.Contains("Các lệnh", Assert.Single(emu.MessagesIn(Users[0].Id)).Text, StringComparison.Ordinal);
        Assert.Contains("Các lệnh", Assert.Single(emu.MessagesIn(Users[2].Id)).Text, StringComparison.Ordinal);
        Assert.Equal(Pipeline.Apology, Assert.Single(emu.MessagesIn(Users[1].Id)).Text);
        foreach (var tap in new[] { poisonTap, forgedTap })
            await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("answerCallbackQuery", c => c.Str("callback_query_id") == emu.CallbackQueryIdOf(tap)));
        Assert.Equal("Có lỗi, vui lòng thử lại.", emu.ToastFor(poisonTap));
        Assert.Equal("Nút này không hợp lệ.", emu.ToastFor(forgedTap));

        // Delivered again: nothing is applied or said twice.
        Assert.Equal(HttpStatusCode.OK, await emu.PushToWebhookAsync(emu.Redeliver(poison)));
        await bot.Services.GetRequiredService<Outbox>().WhenIdleAsync().WaitAsync(emu.DefaultTimeout);
        Assert.Single(emu.MessagesIn(Users[1].Id));
    }

    [Fact]
    public async Task Zalo_events_arriving_together_are_one_batch_each_counted_against_the_quota_with_its_private_chat_recorded()
    {
        await using var zalo = await ZaloEmulator.StartAsync();
        await using var bot = (await WebhookBot.StartAsync(output, zalo: zalo)).Bot;
        await zalo.WaitUntilAnsweredAsync(await zalo.WaitForCallAsync("setWebhook"));
        var users = Enumerable.Range(1, 4).Select(i => new ZaloUser($"5a11e0c0ffee10{i:D2}", "Người " + i)).ToList();

        var first = zalo.SendPrivateText(ZaloTestUsers.Binh, "xin chào");
        var later = users.Select(u => zalo.SendPrivateText(u, "xin chào")).ToList();
        var (statuses, batches) = await PostWhileTheFirstBatchIsHeldAsync(bot, () => zalo.PushToWebhookAsync(first), [.. later.Select(id => (Func<Task<HttpStatusCode>>)(() => zalo.PushToWebhookAsync(id)))]);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal([1, later.Count], batches);
        await bot.Services.GetRequiredService<Outbox>().WhenIdleAsync().WaitAsync(zalo.DefaultTimeout);
        var db = bot.Services.GetRequiredService<Database>();
        foreach (var user in users.Append(ZaloTestUsers.Binh))
        {
            Assert.StartsWith("Đồng chí chưa có phiên đánh giá nào đang mở.", Assert.Single(zalo.MessagesIn(user.PrivateChatId)).Text, StringComparison.Ordinal);
            Assert.Equal(user.PrivateChatId, db.PrivateChats.FindById(user.Key)?.ChatId);
        }
        var sent = zalo.CallsOf("sendMessage").Count;
        Assert.Equal(later.Count + 1 + sent, bot.Services.GetRequiredService<ZaloQuota>().Used); // each event received, and each message sent
    }

    [Fact]
    public async Task A_group_upgraded_to_a_supergroup_is_followed_within_the_batch_before_the_next_update_in_the_new_chat()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = (await WebhookBot.StartAsync(output, telegram: emu)).Bot;
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("setWebhook"));
        const long supergroup = -1009000000009;
        var users = CellSeed.Users(2);
        CellSeed.Create(bot, "Chi bộ Khu phố 3", users.Select(u => new SeedMember(CellSeed.FullName(u), u, OfficerRole.None)));

        var first = emu.SendPrivateText(TestUsers.Cuong, "/help");
        int[] later = [.. emu.MigrateToSupergroup(TestUsers.Admin, CellSeed.GroupId, supergroup), emu.SendText(users[0], supergroup, "/danhsach", "Chi bộ Khu phố 3")];
        var (statuses, batches) = await PostWhileTheFirstBatchIsHeldAsync(bot, () => emu.PushToWebhookAsync(first), [.. later.Select(id => (Func<Task<HttpStatusCode>>)(() => emu.PushToWebhookAsync(id)))]);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal([1, 3], batches);
        Assert.Equal($"telegram:{supergroup}", bot.Db().Cells.FindAll().Single().ChatKey);
        await bot.Services.GetRequiredService<Outbox>().WhenIdleAsync().WaitAsync(emu.DefaultTimeout);
        Assert.Contains(CellSeed.FullName(users[1]), Assert.Single(emu.MessagesIn(supergroup)).Text, StringComparison.Ordinal);
    }

    /// <summary>A private /help, answered (outside the batches under test): its update and the bot's message, to press under.</summary>
    private static async Task<(int Update, int MessageId)> HelpAsync(TelegramEmulator emu, TgUser user)
    {
        var update = emu.SendPrivateText(user, "/help");
        Assert.Equal(HttpStatusCode.OK, await emu.PushToWebhookAsync(update));
        await emu.WaitUntilAnsweredAsync(await emu.WaitForCallAsync("sendMessage", c => c.Str("chat_id") == user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return (update, emu.LastMessageIn(user.Id)!.MessageId);
    }

    /// <summary>Posts <paramref name="first"/> and holds its batch; posts the others while it is held, each once the one before
    /// joined the queue (so the next batch has them in this order), and lets it go once they all wait. Returns every
    /// request's status and the size of each batch applied.</summary>
    private static async Task<(HttpStatusCode[] Statuses, List<int> Batches)> PostWhileTheFirstBatchIsHeldAsync(
        BotUnderTest bot, Func<Task<HttpStatusCode>> first, IReadOnlyList<Func<Task<HttpStatusCode>>> others)
    {
        var batcher = bot.Services.GetRequiredService<WebhookBatcher>();
        var batches = new List<int>();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var joined = new SemaphoreSlim(0);
        var release = new ManualResetEventSlim();
        batcher.Applying = size =>
        {
            bool isFirst;
            lock (batches)
            {
                batches.Add(size);
                isFirst = batches.Count == 1;
            }
            if (!isFirst) return;
            held.SetResult();
            release.Wait(TimeSpan.FromSeconds(60));
        };
        try
        {
            var posts = new List<Task<HttpStatusCode>> { first() };
            await held.Task.WaitAsync(TimeSpan.FromSeconds(20));
            batcher.Queued = _ => joined.Release();
            foreach (var post in others)
            {
                posts.Add(post());
                Assert.True(await joined.WaitAsync(TimeSpan.FromSeconds(20)), "a request did not reach the queue");
            }
            Assert.DoesNotContain(posts, p => p.IsCompleted); // no request is answered before its update is saved
            release.Set();
            var statuses = await Task.WhenAll(posts);
            lock (batches) return (statuses, [.. batches]);
        }
        finally
        {
            release.Set();
            batcher.Applying = null;
            batcher.Queued = null;
        }
    }
}
