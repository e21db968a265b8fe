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

    [Theory]
    [InlineData(null)]
    [InlineData("mật khẩu")] // an encrypted log keeps its first page, the salt, when it is emptied
    public void A_checkpoint_puts_a_fresh_log_in_place_and_a_crash_right_after_loses_nothing(string? password)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "chibo.db");
        var log = DatabaseFiles.LogPathOf(path);
        var crashed = Path.Combine(_dir, "crashed", "chibo.db");
        using (var db = new Database(path, password))
        {
            db.InTransaction(() =>
            {
                for (var i = 0; i < 50; i++) db.SetSetting($"before{i}", new string('x', 2000));
            });
            var logBefore = new FileInfo(log).Length;
            db.CopyTo(Path.Combine(_dir, "backup.db")); // a checkpoint: the log is copied into the data file and emptied

            Assert.Equal(1, db.LogSwaps);
            Assert.True(logBefore > 100_000, $"the log held {logBefore} bytes");
            Assert.Equal(password is null ? 0 : 8192, new FileInfo(log).Length);
            Assert.True(File.Exists(SyncedFile.SparePathOf(log)), "the next spare is made ready");

            db.InTransaction(() => db.SetSetting("after", "1")); // into the new log
            // The bot is killed here: the files are what the disk holds, never closed.
            Directory.CreateDirectory(Path.GetDirectoryName(crashed)!);
            CopyOpen(path, crashed);
            CopyOpen(log, DatabaseFiles.LogPathOf(crashed));
            File.WriteAllText(SyncedFile.SparePathOf(DatabaseFiles.LogPathOf(crashed)), "a spare left half made");
        }
        Assert.False(File.Exists(SyncedFile.SparePathOf(log)), "a closed database leaves no spare");

        using var reopened = new Database(crashed, password);
        Assert.Equal("1", reopened.GetSetting("after"));
        Assert.Equal(2000, reopened.GetSetting("before49")!.Length);
        Assert.False(File.Exists(SyncedFile.SparePathOf(DatabaseFiles.LogPathOf(crashed))), "the spare a crash left is deleted");
    }

    [Fact]
    public void Checkpoints_in_a_row_each_swap_the_log_and_the_file_reads_the_same_after_a_crash()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "chibo.db");
        var crashed = Path.Combine(_dir, "crashed", "chibo.db");
        using (var db = new Database(path, null))
        {
            for (var round = 0; round < 5; round++)
            {
                db.InTransaction(() =>
                {
                    for (var i = 0; i < 20; i++) db.SetSetting($"k{i}", $"{round}{new string('x', 1000)}");
                });
                db.CopyTo(Path.Combine(_dir, $"backup{round}.db"));
            }
            db.InTransaction(() => db.SetSetting("k0", "last")); // a newer version of a page the old logs held
            Assert.Equal(5, db.LogSwaps);
            Directory.CreateDirectory(Path.GetDirectoryName(crashed)!);
            CopyOpen(path, crashed);
            CopyOpen(DatabaseFiles.LogPathOf(path), DatabaseFiles.LogPathOf(crashed));
        }
        using var reopened = new Database(crashed, null);
        Assert.Equal("last", reopened.GetSetting("k0"));
        Assert.StartsWith("4", reopened.GetSetting("k19"));
    }

    /// <summary>Copies a file the database holds open, as a crash leaves it.</summary>
    private static void CopyOpen(string source, string target)
    {
        using var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var to = File.Create(target);
        from.CopyTo(to);
    }

    [Fact]
    public void The_data_file_gets_each_page_a_checkpoint_wrote_once_the_last_version_and_reads_what_was_written()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "data.bin");
        static byte[] Page(byte b) => Enumerable.Repeat(b, 8192).ToArray();
        using (var file = SyncedFile.Data(path))
        {
            foreach (var (at, b) in new[] { (0L, (byte)1), (8192L, (byte)2), (0L, (byte)3), (16384L, (byte)4), (0L, (byte)5) })
            {
                file.Position = at;
                file.Write(Page(b), 0, 8192);
            }
            Assert.Equal(3 * 8192, file.Length);
            var read = new byte[8192];
            file.Position = 0;
            file.ReadExactly(read); // a read first writes what is held
            Assert.Equal(Page(5), read);
            Assert.Equal(3, file.PageWrites);

            file.Position = 8192;
            file.Write(Page(6), 0, 8192);
            file.Position = 8192;
            file.Write(Page(7), 0, 8192);
            file.Flush();
            Assert.Equal(4, file.PageWrites);
            Assert.Equal(1, file.Syncs);
        }
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([5, 7, 4], new[] { bytes[0], bytes[8192], bytes[16384] });
    }
}
