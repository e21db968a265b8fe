using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The outbox sends what was saved, in order, and only the last of several in-place edits of one message.</summary>
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

        public Task SendAsync(OutgoingMessage message, CancellationToken ct)
        {
            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    private static OutgoingMessage Message(string text, string? wizard = null, Placement placement = Placement.New, string chat = "-1") =>
        new() { Channel = "test", ChatId = chat, Text = text, WizardKey = wizard, Placement = placement };

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
