using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The dedupe marks (<see cref="ProcessedMarks"/>): a new update is told apart in memory, with no look-up in
/// the file; a delivered-again update is recognised, after a restart too; a rolled-back batch leaves no mark behind, in
/// the file or in memory; and what is stored is what the "processed" collection reads.</summary>
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
        Assert.Empty(_db.Processed.FindAll());
    }

    [Fact]
    public void A_mark_is_stored_as_the_processed_collection_reads_it_and_pruning_forgets_it()
    {
        _db.InTransaction(() =>
        {
            _db.MarkProcessed("telegram:1", At.AddDays(-8));
            _db.MarkProcessed("telegram:2", At);
        });
        Assert.Equal(At.AddDays(-8), _db.Processed.FindById("telegram:1").At);

        var cutoff = At.AddDays(-7);
        _db.InTransaction(() => _db.Processed.DeleteMany(p => p.At < cutoff));
        var lookups = _db.MarkLookups;
        Assert.False(_db.InTransaction(() => _db.WasProcessed("telegram:1")));
        Assert.Equal(lookups, _db.MarkLookups);
        Assert.True(_db.InTransaction(() => _db.WasProcessed("telegram:2")));
    }

    private Database Open() => new(Path.Combine(_dir, "chibo.db"), null);
}
