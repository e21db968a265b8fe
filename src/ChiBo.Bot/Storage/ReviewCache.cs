using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// The reviews, kept in memory as they are saved (write-through): every typed answer reads its review and saves it, and
/// decoding and encoding the whole document was a good part of an update's work. Only the thread inside a transaction
/// (<see cref="Database.InTransaction{T}"/>) uses it, so nobody else sees what that transaction has not committed; a
/// rolled-back transaction empties it, and so does any write to the collection made around it (<see cref="Watch"/>).
/// Callers get copies (<see cref="ReviewDoc.Clone"/>): changing one changes nothing until it is saved.
/// For each operator whose reviews were asked for (<see cref="OpenFor"/>), all their open reviews are here.
/// A saved review also keeps the lists of the document it was written as, so the next save makes again only what changed
/// (<see cref="ReviewMapping"/>).
/// </summary>
public sealed class ReviewCache
{
    private readonly Dictionary<string, Kept> _docs = [];
    private readonly Dictionary<string, HashSet<string>> _idsByOperator = [];
    private readonly HashSet<string> _operatorsLoaded = [];
    private readonly Lock _gate = new();
    private ILiteCollection<ReviewDoc> _file = null!;
    private ILiteCollection<BsonDocument> _documents = null!;

    /// <summary>A review in memory, and what its next save may take from the document it was saved as
    /// (<see cref="ReviewMapping.Reusable"/>; null when it was read from the file, or is no longer in progress).</summary>
    private sealed record Kept(ReviewDoc Copy, BsonDocument? Written);

    /// <summary>How many times reviews were read from the file rather than memory (a test checks the cache works).</summary>
    public int Loads { get; private set; }

    /// <summary>The reviews collection as the rest of the bot sees it: a write through it (not through <see cref="Save"/>)
    /// empties the cache.</summary>
    public ILiteCollection<ReviewDoc> Watch(ILiteCollection<ReviewDoc> reviews, ILiteCollection<BsonDocument> documents)
    {
        _file = reviews;
        _documents = documents;
        return WriteWatch<ReviewDoc>.Wrap(reviews, Clear);
    }

    public ReviewDoc? Find(string id, bool inTransaction)
    {
        if (!inTransaction) return _file.FindById(id);
        lock (_gate)
            if (_docs.TryGetValue(id, out var cached)) return cached.Copy.Clone();
        var read = _file.FindById(id);
        if (read is null) return null;
        lock (_gate)
        {
            Loads++;
            Put(read.Clone(), null);
        }
        return read;
    }

    /// <summary>The operator's reviews in progress and the posted ones they were asked to reopen.</summary>
    public List<ReviewDoc> OpenFor(string operatorKey, bool inTransaction)
    {
        if (!inTransaction) return [.. ReadOpen(operatorKey)];
        lock (_gate)
            if (_operatorsLoaded.Contains(operatorKey))
                return [.. Ids(operatorKey).Select(id => _docs[id].Copy).Where(IsOpen).Select(d => d.Clone())];
        var read = ReadOpen(operatorKey).ToList();
        lock (_gate)
        {
            Loads++;
            foreach (var doc in read) Put(doc.Clone(), null);
            _operatorsLoaded.Add(operatorKey);
            return [.. Ids(operatorKey).Select(id => _docs[id].Copy).Where(IsOpen).Select(d => d.Clone())];
        }
    }

    /// <summary>Writes the review to the file and keeps a copy; inside a transaction.</summary>
    public void Save(ReviewDoc doc)
    {
        Kept? before;
        lock (_gate) _docs.TryGetValue(doc.Id, out before);
        var written = ReviewMapping.Write(doc, before?.Copy, before?.Written);
        _documents.Upsert(written);
        lock (_gate) Put(doc.Clone(), doc.Status == ReviewStatus.InProgress ? ReviewMapping.Reusable(written) : null); // for the reviews being typed only
    }

    public void Clear()
    {
        lock (_gate)
        {
            _docs.Clear();
            _idsByOperator.Clear();
            _operatorsLoaded.Clear();
        }
    }

    private static bool IsOpen(ReviewDoc d) => d.Status == ReviewStatus.InProgress || d.ReopenOffered;

    /// <summary>Found on the OperatorKey index with an expression LiteDB compiles once and keeps (it parses the short text each call; a LINQ predicate is translated on every call, far dearer).</summary>
    private IEnumerable<ReviewDoc> ReadOpen(string operatorKey) =>
        _file.Find(BsonExpression.Create("$.OperatorKey = @0 AND ($.Status = @1 OR $.ReopenOffered = true)", operatorKey, nameof(ReviewStatus.InProgress)));

    private IEnumerable<string> Ids(string operatorKey) => _idsByOperator.TryGetValue(operatorKey, out var ids) ? ids : [];

    private void Put(ReviewDoc copy, BsonDocument? written)
    {
        if (_docs.TryGetValue(copy.Id, out var old) && old.Copy.OperatorKey != copy.OperatorKey) _idsByOperator[old.Copy.OperatorKey].Remove(copy.Id);
        _docs[copy.Id] = new Kept(copy, written);
        if (!_idsByOperator.TryGetValue(copy.OperatorKey, out var ids)) _idsByOperator[copy.OperatorKey] = ids = [];
        ids.Add(copy.Id);
    }
}
