using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// Each cell's active members in roster order, kept in memory: a typed answer reads the roster two or three times
/// (the review's context, the sender's role, their name), and 30 members decoded from the file each time were a good
/// part of an update's work. The bot is the only writer to its file, and every write to the members collection goes
/// through <see cref="Watch"/>, which empties the cache; a rolled-back transaction empties it too (its writes may have
/// been read back into it). It is filled only by the thread inside a transaction (<see cref="Database.InTransaction{T}"/>),
/// so a read from another thread never stores what that transaction has not yet committed, or no longer sees.
/// Callers get copies: changing a member they read changes nothing until they save it; or, to only read it, one
/// shared view of immutable <see cref="RosterEntry"/> items (<see cref="Entries"/>), made once per roster.
/// </summary>
public sealed class RosterCache
{
    private readonly Dictionary<int, Roster> _rosters = [];
    private readonly Lock _gate = new();

    /// <summary>How many times a roster was read from the file (a test checks the cache works; a rollback refills).</summary>
    public int Loads { get; private set; }

    public List<Member> Of(ILiteCollection<Member> members, int cellId, bool mayFill) =>
        Read(members, cellId, mayFill, roster => roster.Members.ConvertAll(Copy));

    /// <summary>The first active member that matches, copied alone (finding who is asking need not copy the roster).</summary>
    public Member? Find(ILiteCollection<Member> members, int cellId, Predicate<Member> match, bool mayFill) =>
        Read(members, cellId, mayFill, roster => roster.Members.Find(match) is { } m ? Copy(m) : null);

    /// <summary>The roster to read only: nothing in it can be changed, so every caller shares it.</summary>
    public IReadOnlyList<RosterEntry> Entries(ILiteCollection<Member> members, int cellId, bool mayFill) =>
        Read(members, cellId, mayFill, roster => roster.Entries);

    private TResult Read<TResult>(ILiteCollection<Member> members, int cellId, bool mayFill, Func<Roster, TResult> answer)
    {
        lock (_gate)
            if (_rosters.TryGetValue(cellId, out var cached)) return answer(cached);
        var read = new Roster(members.Find(WithCell(cellId)).Where(m => m.Active).OrderBy(m => m.Id).ToList());
        if (!mayFill) return answer(read);
        lock (_gate)
        {
            Loads++;
            _rosters[cellId] = read;
        }
        return answer(read);
    }

    public void Clear()
    {
        lock (_gate) _rosters.Clear();
    }

    /// <summary>The members collection, with every call that is not a read emptying the cache after it ran.</summary>
    public ILiteCollection<Member> Watch(ILiteCollection<Member> members) => new WriteWatch<Member>(members, Clear);

    /// <summary>A cell's members as read, never handed out, and their read-only view, made when first asked for.</summary>
    private sealed class Roster(List<Member> members)
    {
        private IReadOnlyList<RosterEntry>? _entries;

        public List<Member> Members { get; } = members;

        public IReadOnlyList<RosterEntry> Entries =>
            _entries ??= Members.ConvertAll(m => new RosterEntry(m.Id, m.Name, m.Probationary, m.Exempt, m.Role)).AsReadOnly();
    }

    /// <summary>LiteDB compiles an expression once and keeps it (it parses the short text each call); a LINQ predicate is translated on every call.</summary>
    private static BsonExpression WithCell(int cellId) => BsonExpression.Create("$.CellId = @0", cellId);

    /// <summary>A deep copy; most members have no pending link, and an empty list is copied without LINQ.</summary>
    private static Member Copy(Member m) => new()
    {
        Id = m.Id,
        CellId = m.CellId,
        Name = m.Name,
        Probationary = m.Probationary,
        Exempt = m.Exempt,
        Active = m.Active,
        Role = m.Role,
        Accounts = [.. m.Accounts],
        PendingLinks = m.PendingLinks.Count == 0 ? [] : m.PendingLinks.ConvertAll(p => new PendingLink { UserKey = p.UserKey, DisplayName = p.DisplayName, Handle = p.Handle }),
    };
}
