using ChiBo.Bot.Storage;
using LiteDB;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The wrapper the caches see every write through (<see cref="WriteWatch{T}"/>): reads leave the cache alone, a
/// write empties it after it ran, and a write that fails empties it too and fails with LiteDB's own error.</summary>
public sealed class WriteWatchTests : IDisposable
{
    private readonly LiteDatabase _db = new(new MemoryStream());
    private readonly ILiteCollection<Setting> _watched;
    private int _changes;

    public WriteWatchTests() => _watched = new WriteWatch<Setting>(_db.GetCollection<Setting>("settings"), () => _changes++);

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Reads_leave_the_cache_and_each_write_empties_it()
    {
        _watched.Insert(new Setting { Id = "a", Value = "1" });
        Assert.Equal(1, _changes);

        Assert.Equal("1", _watched.FindById("a").Value);
        Assert.Single(_watched.FindAll());
        Assert.Equal(1, _watched.Count());
        Assert.True(_watched.Exists(s => s.Id == "a"));
        Assert.Single(_watched.Query().Where(s => s.Value == "1").ToList());
        Assert.Equal(1, _changes);

        _watched.Update(new Setting { Id = "a", Value = "2" });
        _watched.Upsert(new Setting { Id = "b", Value = "3" });
        _watched.Delete("b");
        Assert.Equal(4, _changes);
        Assert.Equal("2", _watched.FindById("a").Value);
    }

    [Fact]
    public void A_write_that_fails_still_empties_the_cache_and_throws_what_LiteDB_threw()
    {
        _watched.Insert(new Setting { Id = "a", Value = "1" });

        var error = Assert.Throws<LiteException>(() => _watched.Insert(new Setting { Id = "a", Value = "again" }));

        Assert.Equal(LiteException.INDEX_DUPLICATE_KEY, error.ErrorCode);
        Assert.Equal(2, _changes);
        Assert.Equal("1", _watched.FindById("a").Value);
    }
}
