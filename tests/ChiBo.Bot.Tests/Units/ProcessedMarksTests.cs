using ChiBo.Bot.Storage;
using LiteDB;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The dedupe marks (<see cref="ProcessedMarks"/>): a new update is told apart in memory, with no look-up in
/// the file; a delivered-again update is recognised, after a restart too; a rolled-back batch leaves no mark behind, in
/// the file or in memory; a day's marks go whole once a week old, and those of a file written before days had collections
/// go one by one.</summary>
public sealed class ProcessedMarksTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 3, 13, 45, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "chibo-tests", $"marks-{Guid.NewGuid():N}");
    private Database _db;

    public ProcessedMarksTests()
    {
        Directory.CreateDirectory(_dir);
        _db = Open();
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void New_updates_are_told_apart_without_the_file_and_a_second_delivery_is_recognised()
    {
        foreach (var id in Enumerable.Range(1, 50))
            _db.InTransaction(() =>
            {
                Assert.False(_db.WasProcessed($"telegram:{id}"));
                _db.MarkProcessed($"telegram:{id}", At);
            });
        Assert.Equal(0, _db.MarkLookups);

        Assert.True(_db.InTransaction(() => _db.WasProcessed("telegram:7")));
        Assert.False(_db.InTransaction(() => _db.WasProcessed("zalo:7")));
    }

    [Fact]
    public void A_mark_is_recognised_after_a_restart()
    {
        _db.InTransaction(() => _db.MarkProcessed("telegram:42", At));
        _db.Dispose();
        _db = Open();

        Assert.True(_db.InTransaction(() => _db.WasProcessed("telegram:42")));
        Assert.False(_db.InTransaction(() => _db.WasProcessed("telegram:43")));
    }

    [Fact]
    public void A_rolled_back_batch_leaves_no_mark_in_the_file_or_in_memory()
    {
        Assert.Throws<InvalidOperationException>(() => _db.InTransaction(() =>
        {
            _db.MarkProcessed("telegram:42", At);
            Assert.True(_db.WasProcessed("telegram:42")); // seen inside the batch
            throw new InvalidOperationException("a flow failed");
        }));
        var lookups = _db.MarkLookups;

        Assert.False(_db.InTransaction(() => _db.WasProcessed("telegram:42")));
        Assert.Equal(lookups, _db.MarkLookups); // answered from memory: its fingerprint went with the rollback
        Assert.Empty(_db.ProcessedKeys());
    }

    [Fact]
    public void A_day_of_marks_is_kept_a_week_then_dropped_whole_with_its_fingerprints()
    {
        _db.InTransaction(() =>
        {
            _db.MarkProcessed("telegram:1", At);
            _db.MarkProcessed("telegram:2", At.AddDays(7));
        });
        Assert.Equal(["processed_20261103", "processed_20261110"], _db.MarkCollections);

        Assert.False(_db.HasMarksBefore(At.AddDays(7) - ProcessedMarks.Kept)); // a week after the first: it stays
        Assert.True(_db.ForgetMarks(At.AddDays(7) - ProcessedMarks.Kept));
        Assert.True(_db.InTransaction(() => _db.WasProcessed("telegram:1")));

        Assert.True(_db.HasMarksBefore(At.AddDays(8) - ProcessedMarks.Kept)); // the day after: it goes
        Assert.True(_db.ForgetMarks(At.AddDays(8) - ProcessedMarks.Kept));
        Assert.Equal(["processed_20261110"], _db.MarkCollections);
        var lookups = _db.MarkLookups;
        Assert.False(_db.InTransaction(() => _db.WasProcessed("telegram:1")));
        Assert.Equal(lookups, _db.MarkLookups); // its fingerprint went with it
        Assert.True(_db.InTransaction(() => _db.WasProcessed("telegram:2")));

        _db.Dispose();
        _db = Open();
        Assert.Equal(["processed_20261110"], _db.MarkCollections);
        Assert.Equal(["telegram:2"], _db.ProcessedKeys());
    }

    [Fact]
    public void A_file_from_before_keeps_its_marks_until_each_is_a_week_old_then_loses_the_old_collection()
    {
        _db.Dispose();
        using (var old = new LiteDatabase(Path.Combine(_dir, "chibo.db"))) // as ChiBo wrote them: one collection, the time of each
            old.GetCollection("processed").Insert([
                new BsonDocument { ["_id"] = "telegram:1", ["At"] = At.AddDays(-1).ToUnixTimeMilliseconds() },
                new BsonDocument { ["_id"] = "telegram:2", ["At"] = At.ToUnixTimeMilliseconds() },
            ]);
        _db = Open();

        Assert.True(_db.InTransaction(() => _db.WasProcessed("telegram:1")));
        _db.InTransaction(() => _db.MarkProcessed("telegram:3", At.AddDays(1)));
        Assert.Equal(["processed", "processed_20261104"], _db.MarkCollections);

        Assert.True(_db.ForgetMarks(At.AddDays(-1).AddHours(1)));
        Assert.False(_db.InTransaction(() => _db.WasProcessed("telegram:1")));
        Assert.True(_db.InTransaction(() => _db.WasProcessed("telegram:2")));
        Assert.Equal(["processed", "processed_20261104"], _db.MarkCollections);

        Assert.True(_db.ForgetMarks(At.AddHours(1)));
        Assert.Equal(["processed_20261104"], _db.MarkCollections);
        Assert.Equal(["telegram:3"], _db.ProcessedKeys());
    }

    private Database Open() => new(Path.Combine(_dir, "chibo.db"), null);
}
