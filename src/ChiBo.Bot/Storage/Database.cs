using LiteDB;
using LiteDB.Engine;

namespace ChiBo.Bot.Storage;

/// <summary>
/// The LiteDB file and its collections. A batch of updates is handled inside one transaction
/// (<see cref="InTransaction{T}"/>), so the state changes, the outgoing messages, the "processed" marks and the
/// polling offset are saved together or not at all, and are on disk (one fsync, <see cref="SyncedFile"/>) when it returns.
/// </summary>
public sealed class Database : IDisposable
{
    private readonly LiteDatabase _db;
    private readonly string? _password;
    private readonly SyncedFile _log;
    private readonly LogWriter _writer;
    private readonly Lock _gate = new();
    private readonly List<Action> _afterCommit = [];
    private readonly RosterCache _rosters = new();
    private readonly ReviewCache _reviews;
    private readonly DocumentCache<Cell> _cells = new(c => c.Clone());
    private readonly DocumentCache<MeetingNotice> _notices = new(n => n.Clone());
    private readonly ProcessedMarks _marks;
    private bool _open; // a transaction is open (on the thread holding _gate)

    static Database()
    {
        Bson.RegisterValueTypes(BsonMapper.Global); // DateOnly, TimeOnly, DateTimeOffset
        // What is saved with every update is written by hand, as the reflection mapper would, at a fraction of its cost.
        EntryMapping.Register(BsonMapper.Global);
        ReviewMapping.Register(BsonMapper.Global);
        OutboxMapping.Register(BsonMapper.Global);
    }

    /// <exception cref="StorageException">The file cannot be opened (a wrong or missing password): one readable line.</exception>
    public Database(string path, string? password)
    {
        Path = path;
        _password = password;
        (_db, _log, _writer) = DatabaseFiles.OpenDurable(path, password);
        // Collections made once: LiteDB builds a new one (and looks up its mapper) on every GetCollection.
        Cells = _cells.Watch(_db.GetCollection<Cell>("cells"));
        Members = _rosters.Watch(_db.GetCollection<Member>("members"));
        _reviews = new ReviewCache(_db); // the reviews are read and written only through it: Review, OpenReviews, SaveReview
        Records = _db.GetCollection<PostedRecord>("records");
        Audit = _db.GetCollection<AuditEntry>("audit");
        _marks = new ProcessedMarks(_db);
        Outbox = _db.GetCollection<OutboxItem>("outbox");
        Wizards = _db.GetCollection<WizardMessage>("wizards");
        Settings = _db.GetCollection<Setting>("settings");
        Committees = _db.GetCollection<Committee>("committees");
        CheckIns = _db.GetCollection<CheckIn>("checkins");
        Notices = _notices.Watch(_db.GetCollection<MeetingNotice>("notices"));
        UsedLinks = _db.GetCollection<UsedLink>("usedlinks");
        PrivateChats = _db.GetCollection<PrivateChat>("privatechats");
        Thematics = _db.GetCollection<ThematicMeeting>("thematics");
        CommitteeNotes = _db.GetCollection<CommitteeNote>("committee_notes");
        Members.EnsureIndex(m => m.CellId);
        Members.EnsureIndex("Accounts", "$.Accounts[*]"); // who a chat account is, in every cell
        Cells.EnsureIndex(c => c.ChatKey, unique: false);
        Records.EnsureIndex(r => r.CellId);
        Audit.EnsureIndex(a => a.RecordId);
        Committees.EnsureIndex(c => c.ChatKey, unique: false);
        Cells.EnsureIndex(c => c.CommitteeId, unique: false);
        Cells.EnsureIndex("LinkedChats", "$.LinkedChats[*]"); // a multi-key index: a cell's groups on other channels
        CheckIns.EnsureIndex(c => c.CellId);
        Notices.EnsureIndex(n => n.CellId);
        Thematics.EnsureIndex(t => t.CellId);
        UsedLinks.EnsureIndex(u => u.ExpiresAt);
        CommitteeNotes.EnsureIndex(n => n.RecordId);
    }

    public string Path { get; }

    /// <summary>A consistent copy of the whole database, taken while the bot runs: under the lock no transaction can start;
    /// the log is checkpointed into the data file, whose bytes are then copied (so the copy is encrypted like the database).
    /// The copy is then opened and read through, outside the lock.</summary>
    public void CopyTo(string target)
    {
        lock (_gate)
        {
            _db.Checkpoint();
            DatabaseFiles.CopyBytes(Path, target);
        }
        DatabaseFiles.ReadThrough(target, _password);
    }

    public ILiteCollection<Cell> Cells { get; }
    public ILiteCollection<Member> Members { get; }
    public ILiteCollection<PostedRecord> Records { get; }
    public ILiteCollection<AuditEntry> Audit { get; }
    public ILiteCollection<OutboxItem> Outbox { get; }
    public ILiteCollection<WizardMessage> Wizards { get; }
    public ILiteCollection<Setting> Settings { get; }
    public ILiteCollection<Committee> Committees { get; }
    public ILiteCollection<CheckIn> CheckIns { get; }
    public ILiteCollection<MeetingNotice> Notices { get; }
    /// <summary>Single-use web links already opened (Web/SignedLinks.cs), kept until they expire.</summary>
    public ILiteCollection<UsedLink> UsedLinks { get; }
    public ILiteCollection<ThematicMeeting> Thematics { get; }
    public ILiteCollection<PrivateChat> PrivateChats { get; }
    public ILiteCollection<CommitteeNote> CommitteeNotes { get; }
    /// <summary>Files waiting to be sent (exports, charts), see <see cref="FileStore"/>.</summary>
    public ILiteStorage<string> Files => _db.FileStorage;

    /// <summary>How many fsyncs of the log so far (one per durable transaction).</summary>
    public int LogSyncs => _log.Syncs;

    /// <summary>How many times the log was emptied by putting a fresh file in its place (<see cref="SyncedFile"/>).</summary>
    public int LogSwaps => _log.Swaps;

    /// <summary>Runs <paramref name="work"/> in one transaction; nothing it wrote survives an exception. When it returns,
    /// the transaction is on disk (one fsync); with <paramref name="durable"/> false it is only handed to the OS, and the
    /// next durable transaction's fsync covers it (for bookkeeping whose loss only repeats work, like "sent" marks).
    /// Called inside another transaction, <paramref name="work"/> joins it: saved with it or not at all (a Zalo quota count or a
    /// chat migration inside a batch of updates). Synchronous on purpose: LiteDB transactions belong to the calling thread.</summary>
    public T InTransaction<T>(Func<T> work, bool durable = true)
    {
        List<Action> after;
        T result;
        lock (_gate)
        {
            if (_open) return work();
            _db.BeginTrans();
            _open = true;
            try
            {
                result = work();
                _db.Commit();
                _marks.Committed();
            }
            catch
            {
                _afterCommit.Clear();
                _db.Rollback();
                _marks.RolledBack();
                _rosters.Clear(); // they may hold what the transaction wrote
                _reviews.Clear();
                _cells.Clear();
                _notices.Clear();
                throw;
            }
            finally
            {
                _open = false;
            }
            if (durable)
            {
                _writer.WaitUntilWritten();
                _log.Sync();
            }
            after = [.. _afterCommit];
            _afterCommit.Clear();
        }
        foreach (var action in after) action();
        return result;
    }

    public void InTransaction(Action work, bool durable = true) => InTransaction(() => { work(); return 0; }, durable);

    /// <summary>Runs <paramref name="action"/> once the current transaction committed (not at all if it rolls back):
    /// memory that mirrors the file (the outbox's queue) changes only with it.</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    /// <summary>A cell's active members in roster order (copies), from memory after the first read (<see cref="RosterCache"/>).</summary>
    public List<Member> ActiveMembers(int cellId) => _rosters.Of(Members, cellId, mayFill: _gate.IsHeldByCurrentThread);

    /// <summary>A cell's active members in roster order, to read only: one shared, immutable view (<see cref="RosterEntry"/>).</summary>
    public IReadOnlyList<RosterEntry> RosterEntries(int cellId) => _rosters.Entries(Members, cellId, mayFill: _gate.IsHeldByCurrentThread);

    /// <summary>The first of a cell's active members that matches (a copy), from the same memory as <see cref="ActiveMembers"/>.</summary>
    public Member? ActiveMember(int cellId, Predicate<Member> match) => _rosters.Find(Members, cellId, match, mayFill: _gate.IsHeldByCurrentThread);

    /// <summary>How many rosters were read from the file rather than memory.</summary>
    public int RosterLoads => _rosters.Loads;

    /// <summary>A cell (a copy), from memory after the first read inside a transaction (<see cref="DocumentCache{T}"/>).</summary>
    public Cell? Cell(int id) => _cells.Find(id, inTransaction: _gate.IsHeldByCurrentThread);

    /// <summary>How many cells were read from the file rather than memory.</summary>
    public int CellLoads => _cells.Loads;

    /// <summary>A month's meeting notice (a copy), or null, from memory after the first read inside a transaction.</summary>
    public MeetingNotice? Notice(string id) => _notices.Find(id, inTransaction: _gate.IsHeldByCurrentThread);

    /// <summary>How many notices (or their absence) were read from the file rather than memory.</summary>
    public int NoticeLoads => _notices.Loads;

    // The reviews are read and written here only (a review is two documents, see ReviewCache): whoever reads one gets its
    // member lists with it. Outside a transaction a read waits for the running one, so it never sees one document of a
    // review committed and the other not yet.

    /// <summary>A review (a copy), from memory after the first read inside a transaction (<see cref="ReviewCache"/>).</summary>
    public ReviewDoc? Review(string id) => Reading(inTransaction => _reviews.Find(id, inTransaction));

    /// <summary>The reviews an officer has open (in progress, or posted and offered to reopen), as copies.</summary>
    public List<ReviewDoc> OpenReviews(string operatorKey) => Reading(inTransaction => _reviews.OpenFor(operatorKey, inTransaction));

    /// <summary>Every review with its lists, read from the file, in id order.</summary>
    public List<ReviewDoc> AllReviews() => Reading(_ => _reviews.ReadAll());

    /// <summary>Saves a review, inside a transaction; the cache keeps a copy.</summary>
    public void SaveReview(ReviewDoc doc) => _reviews.Save(doc);

    /// <summary>How many times reviews were read from the file rather than memory.</summary>
    public int ReviewLoads => _reviews.Loads;

    /// <summary>The copy of a review memory keeps (<see cref="ReviewCache.KeptCopy"/>), for tests.</summary>
    internal ReviewDoc? KeptReview(string id) => _reviews.KeptCopy(id);

    /// <summary>How many times a review's member lists were written (<see cref="ReviewCache.MemberWrites"/>).</summary>
    public int ReviewMemberWrites => _reviews.MemberWrites;

    private T Reading<T>(Func<bool, T> read)
    {
        if (_gate.IsHeldByCurrentThread) return read(_open);
        lock (_gate) return read(false);
    }

    /// <summary>Whether the update with this dedupe key was applied before (<see cref="ProcessedMarks"/>); inside a transaction.</summary>
    public bool WasProcessed(string key) => _marks.Seen(key);

    /// <summary>Marks the update as applied, in the open transaction.</summary>
    public void MarkProcessed(string key, DateTimeOffset at) => _marks.Mark(key, at);

    /// <summary>How many times a dedupe key was looked up in the file rather than answered from memory.</summary>
    public int MarkLookups => _marks.Lookups;

    /// <summary>Whether <see cref="ForgetMarks"/> has something to do: cheap, on any thread.</summary>
    public bool HasMarksBefore(DateTimeOffset cutoff) => _marks.ForgetsBefore(cutoff);

    /// <summary>Forgets the dedupe marks older than <paramref name="cutoff"/>'s day (<see cref="ProcessedMarks.Forget"/>);
    /// outside a transaction (LiteDB drops a collection only then). False when LiteDB failed: the next batch tries again.</summary>
    public bool ForgetMarks(DateTimeOffset cutoff)
    {
        lock (_gate)
        {
            if (_open) throw new InvalidOperationException("Dedupe marks are forgotten outside a transaction.");
            try
            {
                _marks.Forget(cutoff, work => InTransaction(work));
                return true;
            }
            catch (LiteException)
            {
                return false;
            }
        }
    }

    /// <summary>Every saved dedupe key (tests look at them).</summary>
    public List<string> ProcessedKeys() => [.. _marks.Keys()];

    /// <summary>The collections holding the dedupe marks, oldest first.</summary>
    public IReadOnlyList<string> MarkCollections => _marks.Collections;

    public string? GetSetting(string id) => Settings.FindById(id)?.Value;

    public void SetSetting(string id, string value) => Settings.Upsert(new Setting { Id = id, Value = value });

    /// <summary>Copies the log into the data file (fsynced) and empties it, as LiteDB's own files do at close, then closes.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _db.Checkpoint();
            _db.Dispose();
            _log.Dispose();
            // LiteDB may still leave a page in the log when it closes through streams; opened and closed once by LiteDB itself,
            // the log is applied and removed, so a closed database is one file (what backups and restores expect).
            var log = new FileInfo(DatabaseFiles.LogPathOf(Path));
            if (log.Exists && log.Length > 0) DatabaseFiles.Open(Path, _password).Dispose();
        }
    }
}
