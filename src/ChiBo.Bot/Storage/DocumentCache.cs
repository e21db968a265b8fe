using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// Documents of a small, rarely written collection (the cells, the meeting notices), kept in memory by id after their first
/// read, and so is the answer "there is none": a typed answer reads its cell, and a criterion's suggestion the month's
/// notice (most months have none), and asking the file each time was a visible part of an update's work. Any write to
/// the collection (through <see cref="Watch"/>) and any rolled-back transaction empty it. As with <see cref="RosterCache"/>,
/// only the thread inside a transaction fills it and callers get copies.
/// </summary>
public sealed class DocumentCache<T>(Func<T, T> copy) where T : class
{
    private readonly Dictionary<BsonValue, T?> _docs = []; // null: the file has no such document
    private readonly Lock _gate = new();
    private ILiteCollection<T> _file = null!;

    /// <summary>How many documents were read from the file rather than memory.</summary>
    public int Loads { get; private set; }

    /// <summary>The collection, with every call that is not a read emptying the cache after it ran.</summary>
    public ILiteCollection<T> Watch(ILiteCollection<T> collection)
    {
        _file = collection;
        return new WriteWatch<T>(collection, Clear);
    }

    public T? Find(BsonValue id, bool inTransaction)
    {
        if (!inTransaction) return _file.FindById(id);
        lock (_gate)
            if (_docs.TryGetValue(id, out var cached)) return cached is null ? null : copy(cached);
        var read = _file.FindById(id);
        lock (_gate)
        {
            Loads++;
            _docs[id] = read is null ? null : copy(read);
        }
        return read;
    }

    public void Clear()
    {
        lock (_gate) _docs.Clear();
    }
}
