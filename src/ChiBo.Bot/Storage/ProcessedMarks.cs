using System.Globalization;
using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// The "processed" marks (an update's dedupe key, "telegram:42", saved with its effects), kept in the file and
/// fingerprinted in memory: every update asks whether it was seen, and almost always it was not, an answer the memory
/// gives without a look-up in the file (LiteDB parses "_id = @0" and runs its query pipeline for each FindById). The file
/// stays the truth: a fingerprint that is there only says "maybe", and the file is asked.
/// <para>Each UTC day's marks have a collection of their own ("processed_20261203"), so forgetting a day that no messenger
/// can deliver again (<see cref="Kept"/>) drops one collection and its fingerprints (<see cref="Forget"/>): no scan of every
/// mark, and the running bot does it when the day turns, not only at a restart. Files from before keep their marks in
/// "processed" (with the time of each, "At"), read as one more day and emptied by date until it can be dropped.</para>
/// The fingerprints of a day cover every mark of that day in the file: read from its _id index when first needed (not
/// when the database opens, so a restart stays quick), added as marks are written, and taken back when the transaction
/// that wrote them rolls back. Used only inside a transaction (<see cref="Database.InTransaction{T}"/>), but
/// <see cref="Forget"/>, which LiteDB runs only outside one.
/// Memory: 16 bytes a mark (32 just after a set grows), so a week of a province's evening peaks, 5 updates a second for
/// four hours every evening (about 500,000 marks), is 8 to 16 MiB, where the keys themselves would be about 50 MiB.
/// </summary>
public sealed class ProcessedMarks
{
    /// <summary>How long a mark is kept: messengers redeliver for a day at most (Telegram keeps undelivered updates 24
    /// hours), so a week is ample.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(7);

    private const string Legacy = "processed";
    private const string Prefix = "processed_";
    private const string DayFormat = "yyyyMMdd";

    private readonly LiteDatabase _db;
    private readonly SortedDictionary<DateOnly, Day> _days = []; // oldest first; the legacy collection is DateOnly.MinValue
    private Day[] _newestFirst = [];
    private readonly List<(Day Day, int Fingerprint)> _added = []; // new in the open transaction
    // Read outside the transaction by ForgetsBefore: the DayNumber of the oldest day kept, and of the first day the legacy
    // collection is to be looked at again (it is emptied by date, a scan of it, so once a day at most).
    private int _oldest = int.MaxValue;
    private int _legacyDue = int.MaxValue;

    private sealed class Day(ILiteCollection<BsonDocument> file)
    {
        public ILiteCollection<BsonDocument> File { get; } = file;
        public HashSet<int>? Fingerprints { get; set; } // null: to be read from the file
    }

    public ProcessedMarks(LiteDatabase db)
    {
        _db = db;
        foreach (var name in db.GetCollectionNames())
            if (name.Equals(Legacy, StringComparison.OrdinalIgnoreCase)) Add(DateOnly.MinValue, name);
            else if (name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
                     && DateOnly.TryParseExact(name[Prefix.Length..], DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                Add(day, name);
    }

    /// <summary>How many times the file was asked (a fingerprint matched): a test checks a new update costs none.</summary>
    public int Lookups { get; private set; }

    /// <summary>The collections the marks are in, oldest first (a test checks what a day's end leaves).</summary>
    public IReadOnlyList<string> Collections => [.. _days.Values.Select(d => d.File.Name)];

    public bool Seen(string key)
    {
        var fingerprint = key.GetHashCode();
        foreach (var day in _newestFirst) // a redelivery is of a recent update
        {
            if (!Fingerprints(day).Contains(fingerprint)) continue;
            Lookups++;
            if (day.File.FindById(key) is not null) return true;
        }
        return false;
    }

    /// <summary>Saves the mark in its day's collection (in the open transaction).</summary>
    public void Mark(string key, DateTimeOffset at)
    {
        var date = DateOnly.FromDateTime(at.UtcDateTime);
        var day = _days.TryGetValue(date, out var known) ? known : Add(date, Prefix + date.ToString(DayFormat, CultureInfo.InvariantCulture));
        var fingerprints = Fingerprints(day); // read before the insert, so a rollback takes this one back
        day.File.Insert(new BsonDocument { ["_id"] = key });
        if (fingerprints.Add(key.GetHashCode())) _added.Add((day, key.GetHashCode()));
    }

    public void Committed() => _added.Clear();

    public void RolledBack()
    {
        foreach (var (day, fingerprint) in _added) day.Fingerprints?.Remove(fingerprint);
        _added.Clear();
    }

    /// <summary>Whether some marks are older than <paramref name="cutoff"/>: a look at one number, safe on any thread.</summary>
    public bool ForgetsBefore(DateTimeOffset cutoff)
    {
        var day = DateOnly.FromDateTime(cutoff.UtcDateTime).DayNumber;
        return Volatile.Read(ref _oldest) < day || Volatile.Read(ref _legacyDue) <= day;
    }

    /// <summary>Drops the days before <paramref name="cutoff"/>'s and empties the legacy collection of older marks (in
    /// <paramref name="inTransaction"/>), dropping it once empty. LiteDB drops a collection only outside a transaction, so
    /// the caller holds the database's gate with none open; a day LiteDB fails to drop stays, and is dropped on a later try.</summary>
    public void Forget(DateTimeOffset cutoff, Action<Action> inTransaction)
    {
        var first = DateOnly.FromDateTime(cutoff.UtcDateTime);
        foreach (var (date, day) in _days.Where(d => d.Key < first).ToList())
        {
            if (date == DateOnly.MinValue)
            {
                if (_legacyDue > first.DayNumber) continue;
                inTransaction(() => day.File.DeleteMany(BsonExpression.Create("$.At < @0", cutoff.ToUnixTimeMilliseconds())));
                day.Fingerprints = null; // marks went, not through Mark: read again when next needed
                Volatile.Write(ref _legacyDue, first.DayNumber + 1);
                if (day.File.Count() > 0) continue;
            }
            _db.DropCollection(day.File.Name);
            _days.Remove(date);
            Changed();
        }
    }

    /// <summary>Every mark's key (tests look at what was saved).</summary>
    public IEnumerable<string> Keys() => _days.Values.SelectMany(d => d.File.Query().Select(BsonExpression.Create("$._id")).ToEnumerable()).Select(id => id["_id"].AsString);

    private Day Add(DateOnly date, string name)
    {
        var day = new Day(_db.GetCollection(name));
        _days[date] = day;
        Changed();
        return day;
    }

    private void Changed()
    {
        _newestFirst = [.. _days.Values.Reverse()];
        var days = _days.Keys.Where(d => d != DateOnly.MinValue).ToList();
        Volatile.Write(ref _oldest, days.Count == 0 ? int.MaxValue : days[0].DayNumber);
        if (!_days.ContainsKey(DateOnly.MinValue)) Volatile.Write(ref _legacyDue, int.MaxValue);
        else if (_legacyDue == int.MaxValue) Volatile.Write(ref _legacyDue, 0); // found at start: looked at with the first pruning
    }

    /// <summary>Only the ids, read from the primary key index (LiteDB loads no document for them).</summary>
    private static HashSet<int> Fingerprints(Day day)
    {
        if (day.Fingerprints is not null) return day.Fingerprints;
        var read = new HashSet<int>();
        foreach (var id in day.File.Query().Select(BsonExpression.Create("$._id")).ToEnumerable())
            read.Add(id["_id"].AsString.GetHashCode());
        return day.Fingerprints = read;
    }
}
