using System.Collections.Concurrent;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The outbox sends what was saved: in order within a chat, chats in parallel, only the last of several in-place
/// edits of one message, within the channel's limits and by priority; a failing, refused or rate-limited chat holds back
/// only itself, and a 429 naming no chat pauses the whole channel.</summary>
public sealed class OutboxTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 3, 7, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "chibo-tests", $"outbox-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly List<Outbox> _started = [];
    private Database _db = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _db = new Database(_path, null);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var outbox in _started) await outbox.StopAsync(CancellationToken.None);
        _db.Dispose();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_path)!, Path.GetFileNameWithoutExtension(_path) + "*")) File.Delete(file);
    }

    /// <summary>Records what it was given; a script can fail a chat's next send or hold it in flight.</summary>
    private sealed class Recorder(FakeTimeProvider clock) : IChannelSender
    {
        private int _inFlight;
        public ConcurrentQueue<(string Chat, string Text, DateTimeOffset At)> Sent { get; } = new();
        public ConcurrentDictionary<string, Queue<Exception>> Failures { get; } = new();
        public ConcurrentDictionary<string, TaskCompletionSource> Holds { get; } = new();
        public int MostInFlight { get; private set; }

        public List<string> TextsTo(string chat) => [.. Sent.Where(s => s.Chat == chat).Select(s => s.Text)];

        public void FailNext(string chat, Exception failure) => Failures.GetOrAdd(chat, _ => new()).Enqueue(failure);

        public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (this) MostInFlight = Math.Max(MostInFlight, now);
            try
            {
                if (Holds.TryRemove(message.ChatId, out var hold)) await hold.Task;
                else await Task.Delay(Random.Shared.Next(0, 3), ct); // real calls take time: chats overlap
                if (Failures.TryGetValue(message.ChatId, out var queue) && queue.TryDequeue(out var failure)) throw failure;
                Sent.Enqueue((message.ChatId, message.Text, clock.GetUtcNow()));
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private static OutgoingMessage Message(string text, string chat = "1", string? wizard = null, Placement placement = Placement.New, string channel = "test") =>
        new() { Channel = channel, ChatId = chat, Text = text, WizardKey = wizard, Placement = placement };

    private readonly Harness.LogCapture _logs = new();

    private async Task<(Outbox Outbox, Recorder Sender)> StartAsync(SendLimits? limits = null, int concurrency = 32)
    {
        var options = Options.Create(new ChiBoOptions { Outbox = new OutboxOptions { Concurrency = concurrency } });
        var outbox = new Outbox(_db, _clock, new Logger<Outbox>(new LoggerFactory([_logs])), options);
        var sender = new Recorder(_clock);
        outbox.Register("test", sender, limits, chat => chat.StartsWith('-'));
        await outbox.StartAsync(CancellationToken.None);
        _started.Add(outbox);
        return (outbox, sender);
    }

    private void Save(Outbox outbox, params OutgoingMessage[] messages) => _db.InTransaction(() => outbox.Enqueue(messages));

    private void Answer(Outbox outbox, string chat, string text) =>
        _db.InTransaction(() => outbox.Enqueue([Message(text, chat)], new ChatRef("test", chat, ChatKind.Private)));

    /// <summary>Moves the fake clock and waits until the outbox sent what that allowed.</summary>
    private async Task AdvanceAsync(Outbox outbox, TimeSpan by)
    {
        _clock.Advance(by);
        outbox.Kick();
        await outbox.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_chat_whose_send_fails_holds_back_only_its_own_later_messages_and_gets_them_in_order_after_the_backoff()
    {
        var (outbox, sender) = await StartAsync();
        sender.FailNext("1", new HttpRequestException("network down"));
        Save(outbox, Message("a1", "1"), Message("b1", "2"), Message("a2", "1"), Message("b2", "2"));
        await outbox.WhenIdleAsync();

        Assert.Empty(sender.TextsTo("1"));
        Assert.Equal(["b1", "b2"], sender.TextsTo("2"));

        await AdvanceAsync(outbox, TimeSpan.FromSeconds(1));
        Assert.Equal(["a1", "a2"], sender.TextsTo("1"));
        Assert.Empty(_db.Outbox.FindAll()); // every sent message is marked, in the few commits that followed
    }

    [Fact]
    public async Task With_sends_in_flight_to_many_chats_each_chat_still_gets_its_messages_in_order()
    {
        var (outbox, sender) = await StartAsync(concurrency: 8);
        var chats = Enumerable.Range(1, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        for (var round = 1; round <= 5; round++)
            Save(outbox, [.. chats.Select(c => Message($"{c}/{round}", c))]);
        await outbox.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));

        foreach (var chat in chats) Assert.Equal(Enumerable.Range(1, 5).Select(r => $"{chat}/{r}"), sender.TextsTo(chat));
        Assert.InRange(sender.MostInFlight, 2, 8); // in parallel, and never more than the setting
        Assert.Empty(_db.Outbox.FindAll());
    }

    [Fact]
    public async Task A_429_for_one_chat_pauses_that_chat_from_when_it_arrived_while_other_chats_flow()
    {
        var (outbox, sender) = await StartAsync();
        var inFlight = new TaskCompletionSource();
        sender.Holds["1"] = inFlight;
        sender.FailNext("1", new MessageDeferredException(TimeSpan.FromSeconds(30), "Too Many Requests: retry after 30"));
        Save(outbox, Message("a1", "1"), Message("a2", "1"));

        _clock.Advance(TimeSpan.FromSeconds(10)); // the call is slow: the 429 arrives at T0+10 s
        inFlight.SetResult();
        Save(outbox, Message("b1", "2"));
        await outbox.WhenIdleAsync();
        Assert.Equal(["b1"], sender.TextsTo("2"));

        await AdvanceAsync(outbox, TimeSpan.FromSeconds(29)); // T0+39 s: 29 s after the 429
        Assert.Empty(sender.TextsTo("1"));
        await AdvanceAsync(outbox, TimeSpan.FromSeconds(1));
        Assert.Equal(["a1", "a2"], sender.TextsTo("1"));
    }

    [Fact]
    public async Task A_429_for_the_whole_channel_pauses_every_chat()
    {
        var (outbox, sender) = await StartAsync(concurrency: 1);
        sender.FailNext("1", new MessageDeferredException(TimeSpan.FromSeconds(5), "Too Many Requests: retry after 5", wholeChannel: true));
        Save(outbox, Message("a1", "1"), Message("b1", "2"), Message("c1", "3"));
        await outbox.WhenIdleAsync();
        Assert.Empty(sender.Sent);

        await AdvanceAsync(outbox, TimeSpan.FromSeconds(4));
        Assert.Empty(sender.Sent);
        await AdvanceAsync(outbox, TimeSpan.FromSeconds(1));
        Assert.Equal(["a1", "b1", "c1"], sender.Sent.Select(s => s.Text).Order());
    }

    [Fact]
    public async Task A_message_the_channel_refuses_is_dropped_and_the_chat_goes_on()
    {
        var (outbox, sender) = await StartAsync();
        sender.FailNext("1", new MessageRefusedException("Forbidden: bot was blocked by the user"));
        Save(outbox, Message("a1", "1"), Message("a2", "1"));
        await outbox.WhenIdleAsync();

        Assert.Equal(["a2"], sender.TextsTo("1"));
        Assert.Empty(_db.Outbox.FindAll());
    }

    [Fact]
    public async Task Messages_for_a_channel_that_has_not_run_for_a_week_are_dropped_and_others_kept()
    {
        var (outbox, sender) = await StartAsync();
        Save(outbox, Message("to zalo", channel: "zalo"));
        await AdvanceAsync(outbox, TimeSpan.FromDays(1));
        Save(outbox, Message("to zalo, later", channel: "zalo"), Message("t1"));

        await AdvanceAsync(outbox, Outbox.Expiry - TimeSpan.FromDays(1));

        Assert.Equal(["to zalo, later"], _db.Outbox.FindAll().Select(i => i.Message.Text)); // the week-old one went
        Assert.Equal(["t1"], sender.TextsTo("1"));
    }

    [Fact]
    public async Task Successive_in_place_edits_of_one_wizard_are_sent_once_with_the_last_text()
    {
        var (outbox, sender) = await StartAsync();
        Save(outbox,
            Message("posted", "-1", "checkin", Placement.NewWizard),
            Message("1 answer", "-1", "checkin", Placement.EditWizard),
            Message("hello", "-1"),
            Message("2 answers", "-1", "checkin", Placement.EditWizard),
            Message("other chat", "-2", "checkin", Placement.EditWizard),
            Message("3 answers", "-1", "checkin", Placement.RefreshWizard));
        await outbox.WhenIdleAsync();

        Assert.Equal(["posted", "hello", "3 answers"], sender.TextsTo("-1"));
        Assert.Equal(["other chat"], sender.TextsTo("-2"));
        Assert.Empty(_db.Outbox.FindAll());
    }

    [Fact]
    public async Task A_check_in_burst_costs_the_group_two_edits_at_most_and_never_more_than_twenty_messages_a_minute()
    {
        var (outbox, sender) = await StartAsync(SendLimits.Telegram());
        Save(outbox, Message("📋 0", "-1", "checkin", Placement.NewWizard));
        for (var batch = 1; batch <= 60; batch++)
        {
            // Each batch: 20 taps, each one edit of the list; plus a one-line notice that is not an edit.
            Save(outbox, [.. Enumerable.Range(1, 20).Select(i => Message($"📋 {batch}.{i}", "-1", "checkin", Placement.RefreshWizard)), Message($"note {batch}", "-1")]);
            await AdvanceAsync(outbox, TimeSpan.FromSeconds(1));
        }
        for (var s = 0; s < 300; s++) await AdvanceAsync(outbox, TimeSpan.FromSeconds(1));

        var sent = sender.Sent.ToList();
        Assert.Equal("📋 60.20", sent.Last(m => m.Text.StartsWith("📋", StringComparison.Ordinal)).Text); // the list ends right
        Assert.Equal(60, sent.Count(m => m.Text.StartsWith("note", StringComparison.Ordinal))); // nothing else is lost
        foreach (var (_, _, at) in sent) Assert.InRange(sent.Count(m => m.At > at - TimeSpan.FromMinutes(1) && m.At <= at), 1, 20);
        var edits = sent.Count(m => m.Text.StartsWith("📋 ", StringComparison.Ordinal) && m.Text != "📋 0");
        Assert.True(edits <= 2 * 60, $"{edits} edits for 60 batches");
    }

    [Fact]
    public async Task During_a_broadcast_the_answer_to_a_person_typing_goes_out_first_at_the_next_permit()
    {
        var (outbox, sender) = await StartAsync(SendLimits.Telegram());
        Save(outbox, [.. Enumerable.Range(1, 1000).Select(i => Message($"rating {i}", $"-{i}"))]);
        await outbox.WhenIdleAsync();
        Assert.Equal(3, sender.Sent.Count); // the bot-wide 30 a second, a tenth of it at once

        Answer(outbox, "42", "next question");
        await AdvanceAsync(outbox, TimeSpan.FromMilliseconds(110)); // the tenth of a second has room again
        Assert.Contains(sender.Sent, s => s.Text == "next question"); // in the first wave it allowed,
        Assert.Equal(5, sender.Sent.Count(s => s.Text.StartsWith("rating", StringComparison.Ordinal))); // ahead of the 995 older ratings

        for (var ms = 0; ms < 40_000; ms += 110) await AdvanceAsync(outbox, TimeSpan.FromMilliseconds(110));
        var sent = sender.Sent.ToList();
        Assert.Equal(1001, sent.Count); // the broadcast went on at the cap
        foreach (var (_, _, at) in sent)
        {
            Assert.InRange(sent.Count(m => m.At > at - TimeSpan.FromSeconds(1) && m.At <= at), 1, 30);
            Assert.InRange(sent.Count(m => m.At > at - TimeSpan.FromSeconds(0.1) && m.At <= at), 1, 3); // spread over the second
        }
        var rate = (sent.Count - 1) / (sent[^1].At - sent[0].At).TotalSeconds;
        Assert.True(rate >= 27, $"{rate:0.0} messages/s");
    }

    [Fact]
    public async Task A_file_waits_behind_the_answer_to_a_person_typing_when_the_limit_allows_one_message()
    {
        var (outbox, sender) = await StartAsync(new SendLimits { MessagesPerSecond = 1 });
        Save(outbox, Message("earlier", "5"));
        await outbox.WhenIdleAsync();
        var file = Message("📎 xếp loại năm 2026", "7");
        file.Attachment = new FileAttachment { FileId = "f1", FileName = "xep-loai-nam-2026.xlsx", ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
        _db.InTransaction(() => outbox.Enqueue([file], new ChatRef("test", "7", ChatKind.Private))); // the export asked first
        Answer(outbox, "42", "next question");
        Assert.Equal(SendPriority.Background, _db.Outbox.FindOne(i => i.Message.ChatId == "7").Priority);
        Assert.Equal(MessagePriority.Normal, file.Priority); // never left out for a quota

        await AdvanceAsync(outbox, TimeSpan.FromMilliseconds(1200)); // room for one message
        Assert.Equal(["earlier", "next question"], sender.Sent.Select(s => s.Text));
        await AdvanceAsync(outbox, TimeSpan.FromMilliseconds(1200));
        Assert.Equal(["earlier", "next question", "📎 xếp loại năm 2026"], sender.Sent.Select(s => s.Text));
    }

    [Fact]
    public async Task Messages_saved_before_a_crash_are_sent_after_the_restart_in_order_within_each_chat()
    {
        // The transaction committed, then the process died before sending: a new outbox on the same file sends them.
        var first = new Outbox(_db, _clock, NullLogger<Outbox>.Instance);
        Save(first, Message("a1", "1"), Message("b1", "2"), Message("a2", "1"), Message("b2", "2"), Message("a3", "1"));
        _db.Dispose();
        _db = new Database(_path, null);

        var (_, sender) = await StartAsync();
        await _started[0].WhenIdleAsync();

        Assert.Equal(["a1", "a2", "a3"], sender.TextsTo("1"));
        Assert.Equal(["b1", "b2"], sender.TextsTo("2"));
        Assert.Empty(_db.Outbox.FindAll());
    }

    [Fact]
    public async Task A_message_whose_call_timed_out_goes_again_and_the_log_says_it_may_appear_twice()
    {
        var (outbox, sender) = await StartAsync();
        sender.FailNext("-1", new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"));
        Save(outbox, Message("🗳️ rating", "-1"));
        await outbox.WhenIdleAsync();
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains("may appear twice", StringComparison.Ordinal));

        await AdvanceAsync(outbox, TimeSpan.FromSeconds(1));
        Assert.Equal(["🗳️ rating"], sender.TextsTo("-1"));
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("chat -1", StringComparison.Ordinal) && l.Message.Contains("may appear twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_that_was_being_sent_when_the_bot_stopped_goes_again_after_the_restart_and_the_log_says_so()
    {
        var (first, sender) = await StartAsync();
        var stuck = new TaskCompletionSource();
        sender.Holds["-1"] = stuck; // the call reaches the messenger; the process dies before its answer
        Save(first, Message("🗳️ rating", "-1"));
        await WaitUntilAsync(() => _db.Outbox.FindAll().Any(i => i.Attempted));
        await first.StopAsync(CancellationToken.None);
        _started.Clear();

        var (_, again) = await StartAsync();
        await _started[0].WhenIdleAsync();
        Assert.Equal(["🗳️ rating"], again.TextsTo("-1"));
        Assert.Contains(_logs.Lines, l => l.Message.Contains("was being sent when ChiBo stopped", StringComparison.Ordinal) && l.Message.Contains("chat -1", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The outbox did not get there.");
            await Task.Delay(10);
        }
    }
}
