using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The database file is made durable once per transaction, whatever the number of pages it wrote (LiteDB by
/// itself fsyncs after almost every page), and what was committed is there when the file is opened again.</summary>
public sealed class StorageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "chibo-tests", $"storage-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_transaction_of_many_pages_is_one_fsync_and_bookkeeping_commits_wait_for_the_next_one()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "chibo.db");
        using (var db = new Database(path, "mật khẩu"))
        {
            var before = db.LogSyncs;
            db.InTransaction(() =>
            {
                for (var i = 0; i < 200; i++) db.SetSetting($"k{i}", new string('x', 2000)); // about 50 pages
            });
            Assert.Equal(before + 1, db.LogSyncs);

            db.InTransaction(() => db.SetSetting("sent", "1"), durable: false);
            Assert.Equal(before + 1, db.LogSyncs);
            db.InTransaction(() => db.SetSetting("offset", "42"));
            Assert.Equal(before + 2, db.LogSyncs);
        }
        using var reopened = new Database(path, "mật khẩu");
        Assert.Equal("42", reopened.GetSetting("offset"));
        Assert.Equal("1", reopened.GetSetting("sent"));
        Assert.Equal(2000, reopened.GetSetting("k199")!.Length);
    }

    [Fact]
    public void After_commit_actions_run_only_when_the_transaction_commits()
    {
        Directory.CreateDirectory(_dir);
        using var db = new Database(Path.Combine(_dir, "chibo.db"), null);
        var ran = new List<string>();
        Assert.Throws<InvalidOperationException>(() => db.InTransaction(() =>
        {
            db.AfterCommit(() => ran.Add("rolled back"));
            throw new InvalidOperationException("a flow failed");
        }));
        db.InTransaction(() => db.AfterCommit(() => ran.Add("committed")));
        Assert.Equal(["committed"], ran);
    }

    [Fact]
    public void A_transaction_opened_inside_another_joins_it_saved_with_it_in_one_fsync_or_not_at_all()
    {
        Directory.CreateDirectory(_dir);
        using var db = new Database(Path.Combine(_dir, "chibo.db"), null);
        var before = db.LogSyncs;
        db.InTransaction(() =>
        {
            db.InTransaction(() => db.SetSetting("inner", "1"));
            db.SetSetting("outer", "1");
        });
        Assert.Equal(before + 1, db.LogSyncs);
        Assert.Equal(("1", "1"), (db.GetSetting("inner"), db.GetSetting("outer")));

        Assert.Throws<InvalidOperationException>(() => db.InTransaction(() =>
        {
            db.InTransaction(() => db.SetSetting("inner", "2"));
            throw new InvalidOperationException("a flow failed");
        }));
        Assert.Equal("1", db.GetSetting("inner")); // the inner write went with the outer transaction
        Assert.Equal(before + 1, db.LogSyncs);
    }
}
