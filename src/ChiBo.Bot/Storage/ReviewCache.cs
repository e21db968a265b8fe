using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// The reviews, kept in memory as they are saved (write-through): every typed answer reads its review and saves it, and
/// decoding and encoding the whole document was a good part of an update's work. Only the thread inside a transaction
/// (<see cref="Database.InTransaction{T}"/>) uses it, so nobody else sees what that transaction has not committed; a
/// rolled-back transaction empties it. It is the only way to the reviews' collections: nothing writes them around it.
/// Callers get copies (<see cref="ReviewDoc.Clone"/>): changing one changes nothing until it is saved. The copies kept here
/// are never handed out nor changed, so one kept copy may share its member lists with the one kept before it.
/// For each operator whose reviews were asked for (<see cref="OpenFor"/>), all their open reviews are here.
/// <para>A review is stored as two documents (<see cref="ReviewMapping"/>): "reviews" (all but the member lists), written at
/// every save, and "review_members" (attendance and dues), written only when they changed since this cache last wrote
/// them, both in the caller's transaction. A review read from the file (or written in the old one-document shape) gets
/// both documents at its first save.</para>
/// A saved review also keeps the lists of the documents it was written as, so the next save makes again only what changed.
/// </summary>
public sealed class ReviewCache
{
    private readonly Dictionary<string, Kept> _docs = [];
    private readonly Dictionary<string, HashSet<string>> _idsByOperator = [];
    private readonly HashSet<string> _operatorsLoaded = [];
    private readonly Lock _gate = new();
    private readonly ILiteCollection<BsonDocument> _reviews;
    private readonly ILiteCollection<BsonDocument> _members;

    public ReviewCache(ILiteDatabase db)
    {
        _reviews = db.GetCollection(ReviewMapping.Reviews);
        _members = db.GetCollection(ReviewMapping.Members);
        _reviews.EnsureIndex("OperatorKey", "$.OperatorKey");
    }

    /// <summary>A review in memory, and what its next save may take from the documents it was saved as
    /// (<see cref="ReviewMapping.Reusable"/>; null when it was read from the file, or is no longer in progress: its next
    /// save writes both documents).</summary>
    private sealed record Kept(ReviewDoc Copy, BsonDocument? Written);

    /// <summary>How many times reviews were read from the file rather than memory (a test checks the cache works).</summary>
    public int Loads { get; private set; }

    /// <summary>How many times a review's member lists were written ("review_members"; a test checks a score does not).</summary>
    public int MemberWrites { get; private set; }

    public ReviewDoc? Find(string id, bool inTransaction)
    {
        if (!inTransaction) return Read(id);
        lock (_gate)
            if (_docs.TryGetValue(id, out var cached)) return cached.Copy.Clone();
        var read = Read(id);
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

    /// <summary>Every review, with its lists, in _id order (read from the file).</summary>
    public List<ReviewDoc> ReadAll() => [.. _reviews.FindAll().ToList().Select(WithMembers)];

    /// <summary>Writes the review to the file (its member lists only when they changed) and keeps a copy; inside a transaction.</summary>
    public void Save(ReviewDoc doc)
    {
        Kept? before;
        lock (_gate) _docs.TryGetValue(doc.Id, out before);
        var written = ReviewMapping.Write(doc, before?.Copy, before?.Written);
        var members = ReviewMapping.WriteMembers(doc, before?.Copy, before?.Written);
        _reviews.Upsert(written);
        if (members is not null) _members.Upsert(members);
        lock (_gate)
        {
            if (members is not null) MemberWrites++;
            var reusable = doc.Status == ReviewStatus.InProgress // for the reviews being typed only
                // (members is null only when before.Written holds the member-list document last written)
                ? ReviewMapping.Reusable(written, members ?? before!.Written![ReviewMapping.Members].AsDocument)
                : null;
            // The member lists did not change (members is null): the copy kept takes those of the copy kept before, so a
            // typed score leaves one small review object more to outlive the next collection, not 60 entries.
            Put(doc.Clone(sameMembers: members is null ? before!.Copy.Record : null), reusable);
        }
    }

    /// <summary>The copy memory keeps of a review (tests look at what it shares); never to be changed.</summary>
    internal ReviewDoc? KeptCopy(string id)
    {
        lock (_gate) return _docs.TryGetValue(id, out var kept) ? kept.Copy : null;
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
        _reviews.Find(BsonExpression.Create("$.OperatorKey = @0 AND ($.Status = @1 OR $.ReopenOffered = true)", operatorKey, nameof(ReviewStatus.InProgress)))
            .ToList().Select(WithMembers); // read before the member lists: no query inside another's cursor

    private ReviewDoc? Read(string id) => _reviews.FindById(id) is { } review ? WithMembers(review) : null;

    private ReviewDoc WithMembers(BsonDocument review) => ReviewMapping.ReadReview(review, _members.FindById(review["_id"]));

    private IEnumerable<string> Ids(string operatorKey) => _idsByOperator.TryGetValue(operatorKey, out var ids) ? ids : [];

    private void Put(ReviewDoc copy, BsonDocument? written)
    {
        if (_docs.TryGetValue(copy.Id, out var old) && old.Copy.OperatorKey != copy.OperatorKey) _idsByOperator[old.Copy.OperatorKey].Remove(copy.Id);
        _docs[copy.Id] = new Kept(copy, written);
        if (!_idsByOperator.TryGetValue(copy.OperatorKey, out var ids)) _idsByOperator[copy.OperatorKey] = ids = [];
        ids.Add(copy.Id);
    }
}
