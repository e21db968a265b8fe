using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The outbox sends what was saved, in order per channel, only the last of several in-place edits of one message,
/// and keeps channels independent: a failing or rate-limited one holds back only itself.</summary>
public sealed class OutboxTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "chibo-tests", $"outbox-{Guid.NewGuid():N}.db");
    private readonly Database _db;

    public OutboxTests() => _db = new Database(_path, null);

    public void Dispose()
    {
        _db.Dispose();
        File.Delete(_path);
    }

    private sealed class Recorder : IChannelSender
    {
        public List<OutgoingMessage> Sent { get; } = [];

        /// <summary>Thrown by the next send instead of sending, once.</summary>
        public Exception? FailNext { get; set; }

        public Task SendAsync(OutgoingMessage message, CancellationToken ct)
        {
            if (FailNext is { } failure)
            {
                FailNext = null;
                throw failure;
            }
            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    private static OutgoingMessage Message(string text, string? wizard = null, Placement placement = Placement.New, string chat = "-1", string channel = "test") =>
        new() { Channel = channel, ChatId = chat, Text = text, WizardKey = wizard, Placement = placement };

    private (Outbox Outbox, Recorder Test, Recorder Other) TwoChannels(TimeProvider time)
    {
        var outbox = new Outbox(_db, time, NullLogger<Outbox>.Instance);
        var (test, other) = (new Recorder(), new Recorder());
        outbox.Register("test", test);
        outbox.Register("other", other);
        return (outbox, test, other);
    }

    [Fact]
    public async Task A_channel_that_fails_holds_back_only_its_own_later_messages_and_sends_them_in_order_next_time()
    {
        var (outbox, test, other) = TwoChannels(TimeProvider.System);
        _db.InTransaction(() => outbox.Enqueue([Message("t1"), Message("o1", channel: "other"), Message("t2"), Message("o2", channel: "other")]));
        test.FailNext = new HttpRequestException("network down");

        await outbox.DrainAsync(CancellationToken.None);
        Assert.Empty(test.Sent);
        Assert.Equal(["o1", "o2"], other.Sent.Select(m => m.Text));

        await outbox.DrainAsync(CancellationToken.None);
        Assert.Equal(["t1", "t2"], test.Sent.Select(m => m.Text));
        Assert.Empty(_db.Outbox.FindAll());
    }

    [Fact]
    public async Task A_channel_that_asks_to_wait_is_not_tried_again_before_the_time_it_gave()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 7, 0, 0, TimeSpan.Zero));
        var (outbox, test, _) = TwoChannels(clock);
        _db.InTransaction(() => outbox.Enqueue([Message("t1"), Message("t2")]));
        test.FailNext = new MessageDeferredException(TimeSpan.FromSeconds(30), "Too Many Requests: retry after 30");

        await outbox.DrainAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(29));
        await outbox.DrainAsync(CancellationToken.None);
        Assert.Empty(test.Sent);

        clock.Advance(TimeSpan.FromSeconds(1));
        await outbox.DrainAsync(CancellationToken.None);
        Assert.Equal(["t1", "t2"], test.Sent.Select(m => m.Text));
    }

    [Fact]
    public async Task Messages_for_a_channel_that_has_not_run_for_a_week_are_dropped_and_others_kept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 7, 0, 0, TimeSpan.Zero));
        var (outbox, test, _) = TwoChannels(clock);
        _db.InTransaction(() => outbox.Enqueue([Message("to zalo", channel: "zalo")]));
        clock.Advance(TimeSpan.FromDays(1));
        _db.InTransaction(() => outbox.Enqueue([Message("to zalo, later", channel: "zalo"), Message("t1")]));

        clock.Advance(Outbox.Expiry - TimeSpan.FromDays(1));
        await outbox.DrainAsync(CancellationToken.None);

        Assert.Equal(["to zalo, later"], _db.Outbox.FindAll().Select(i => i.Message.Text)); // the week-old one went
        Assert.Equal(["t1"], test.Sent.Select(m => m.Text));
    }

    [Fact]
    public async Task Successive_in_place_edits_of_one_wizard_are_sent_once_with_the_last_text()
    {
        var outbox = new Outbox(_db, TimeProvider.System, NullLogger<Outbox>.Instance);
        var recorder = new Recorder();
        outbox.Register("test", recorder);
        _db.InTransaction(() => outbox.Enqueue(
        [
            Message("posted", "checkin", Placement.NewWizard),
            Message("1 answer", "checkin", Placement.EditWizard),
            Message("hello"),
            Message("2 answers", "checkin", Placement.EditWizard),
            Message("other chat", "checkin", Placement.EditWizard, chat: "-2"),
            Message("3 answers", "checkin", Placement.EditWizard),
        ]));

        await outbox.DrainAsync(CancellationToken.None);

        Assert.Equal(["posted", "hello", "other chat", "3 answers"], recorder.Sent.Select(m => m.Text));
        Assert.Empty(_db.Outbox.FindAll());
    }
}
