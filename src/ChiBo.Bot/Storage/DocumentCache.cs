using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// Documents of a small, rarely written collection (the cells), kept in memory by id after their first read: a typed
/// answer reads its cell, and decoding it from the file each time was a visible part of an update's work. Any write to
/// the collection (through <see cref="Watch"/>) and any rolled-back transaction empty it. As with <see cref="RosterCache"/>,
/// only the thread inside a transaction fills it and callers get copies.
/// </summary>
public sealed class DocumentCache<T>(Func<T, T> copy) where T : class
{
    private readonly Dictionary<BsonValue, T> _docs = [];
    private readonly Lock _gate = new();
    private ILiteCollection<T> _file = null!;

    /// <summary>How many documents were read from the file rather than memory.</summary>
    public int Loads { get; private set; }

    /// <summary>The collection, with every call that is not a read emptying the cache after it ran.</summary>
    public ILiteCollection<T> Watch(ILiteCollection<T> collection)
    {
        _file = collection;
        return WriteWatch<T>.Wrap(collection, Clear);
    }

    public T? Find(BsonValue id, bool inTransaction)
    {
        if (!inTransaction) return _file.FindById(id);
        lock (_gate)
            if (_docs.TryGetValue(id, out var cached)) return copy(cached);
        var read = _file.FindById(id);
        if (read is null) return null;
        lock (_gate)
        {
            Loads++;
            _docs[id] = copy(read);
        }
        return read;
    }

    public void Clear()
    {
        lock (_gate) _docs.Clear();
    }
}
