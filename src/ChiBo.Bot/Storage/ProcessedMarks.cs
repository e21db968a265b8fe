using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// The "processed" marks (an update's dedupe key, "telegram:42", saved with its effects), kept in the file and
/// fingerprinted in memory: every update asks whether it was seen, and almost always it was not, an answer the memory
/// gives without a look-up in the file (LiteDB parses "_id = @0" and runs its query pipeline for each FindById). The file
/// stays the truth: a fingerprint that is there only says "maybe", and the file is asked.
/// The fingerprints cover every mark in the file: read from the file's _id index when first needed (not when the database
/// opens: the channels prune old marks first, and a restart stays quick), added as marks are written, taken back when the
/// transaction that wrote them rolls back, and read again after any other write to the collection (<see cref="Watch"/>:
/// the pruning). Used only inside a transaction (<see cref="Database.InTransaction{T}"/>).
/// Memory: 16 bytes a mark (32 just after the set grows), so a week of a province's evening peaks, 5 updates a second for
/// four hours every evening (about 500,000 marks), is 8 to 16 MiB, where the keys themselves would be about 50 MiB.
/// </summary>
public sealed class ProcessedMarks
{
    private readonly ILiteCollection<BsonDocument> _file;
    private readonly List<int> _added = []; // fingerprints new in the open transaction
    private HashSet<int>? _fingerprints; // null: to be read from the file

    public ProcessedMarks(ILiteCollection<BsonDocument> file) => _file = file;

    /// <summary>How many times the file was asked (a fingerprint matched): a test checks a new update costs none.</summary>
    public int Lookups { get; private set; }

    /// <summary>The "processed" collection as the rest of the bot sees it: a write through it (not through <see cref="Mark"/>)
    /// has the fingerprints read again when next needed.</summary>
    public ILiteCollection<ProcessedUpdate> Watch(ILiteCollection<ProcessedUpdate> processed) => WriteWatch<ProcessedUpdate>.Wrap(processed, Forget);

    public bool Seen(string key)
    {
        if (!Fingerprints().Contains(key.GetHashCode())) return false;
        Lookups++;
        return _file.FindById(key) is not null;
    }

    /// <summary>Saves the mark (in the open transaction), in the shape the mapper gives <see cref="ProcessedUpdate"/>.</summary>
    public void Mark(string key, DateTimeOffset at)
    {
        var fingerprints = Fingerprints(); // read before the insert, so a rollback takes this one back
        _file.Insert(new BsonDocument { ["_id"] = key, ["At"] = at.ToUnixTimeMilliseconds() });
        if (fingerprints.Add(key.GetHashCode())) _added.Add(key.GetHashCode());
    }

    public void Committed() => _added.Clear();

    public void RolledBack()
    {
        foreach (var fingerprint in _added) _fingerprints?.Remove(fingerprint);
        _added.Clear();
    }

    /// <summary>After a write around <see cref="Mark"/>: read them again when next needed (a fingerprint kept from a rolled-back
    /// transaction after that only costs a look-up).</summary>
    private void Forget()
    {
        _fingerprints = null;
        _added.Clear();
    }

    /// <summary>Only the ids, read from the primary key index (LiteDB loads no document for them).</summary>
    private HashSet<int> Fingerprints()
    {
        if (_fingerprints is not null) return _fingerprints;
        var read = new HashSet<int>();
        foreach (var id in _file.Query().Select(BsonExpression.Create("$._id")).ToEnumerable())
            read.Add(id["_id"].AsString.GetHashCode());
        return _fingerprints = read;
    }
}
