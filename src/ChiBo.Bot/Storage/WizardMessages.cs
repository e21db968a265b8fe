namespace ChiBo.Bot.Storage;

/// <summary>Which channel message shows each wizard, kept in memory and written through: a sender records a new message
/// id at once (<see cref="Set"/>) and the outbox saves the new ids with its "sent" marks, in one commit for many sends.</summary>
public sealed class WizardMessages(Database db)
{
    private readonly Dictionary<string, string?> _known = [];
    private readonly Dictionary<string, string> _unsaved = [];
    private readonly Lock _gate = new();

    /// <summary>The message id of wizard <paramref name="id"/> ("{channel}:{chatId}:{wizardKey}"), or null.</summary>
    public string? Get(string id)
    {
        lock (_gate)
            if (_known.TryGetValue(id, out var known)) return known;
        var stored = db.Wizards.FindById(id)?.MessageId;
        lock (_gate)
        {
            if (_known.TryGetValue(id, out var known)) return known; // set meanwhile
            if (_known.Count > 50_000) _known.Clear();
            return _known[id] = stored;
        }
    }

    public void Set(string id, string messageId)
    {
        lock (_gate) _known[id] = _unsaved[id] = messageId;
    }

    /// <summary>Writes the ids set since the last call; call inside a transaction.</summary>
    public void SaveUnsaved()
    {
        List<KeyValuePair<string, string>> unsaved;
        lock (_gate)
        {
            unsaved = [.. _unsaved];
            _unsaved.Clear();
        }
        foreach (var (id, messageId) in unsaved) db.Wizards.Upsert(new WizardMessage { Id = id, MessageId = messageId });
    }
}
