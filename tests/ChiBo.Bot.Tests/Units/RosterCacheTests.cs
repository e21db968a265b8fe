using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Tests.Units;

/// <summary>Rosters kept in memory (<see cref="RosterCache"/>) always match the file: a rolled-back batch, a write made
/// by any code, or a change to a copy that was never saved leaves nothing in memory that was not committed.</summary>
public sealed class RosterCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "chibo-tests", $"roster-{Guid.NewGuid():N}");
    private readonly Database _db;
    private readonly int _cell;

    public RosterCacheTests()
    {
        Directory.CreateDirectory(_dir);
        _db = new Database(Path.Combine(_dir, "chibo.db"), null);
        _cell = _db.InTransaction(() =>
        {
            var id = _db.Cells.Insert(new Cell { Name = "Chi bộ Khu phố 3", ChatKey = "telegram:-1" }).AsInt32;
            _db.Members.Insert(new Member { CellId = id, Name = "Nguyễn Văn An", Accounts = ["telegram:1"] });
            _db.Members.Insert(new Member { CellId = id, Name = "Trần Thị Bình" });
            _db.Members.Insert(new Member { CellId = id, Name = "Lê Văn Cường", Active = false });
            return id;
        });
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_rolled_back_batch_leaves_the_roster_as_the_file_has_it()
    {
        Assert.Throws<InvalidOperationException>(() => _db.InTransaction(() =>
        {
            Assert.Equal(2, _db.ActiveMembers(_cell).Count);
            _db.Members.Insert(new Member { CellId = _cell, Name = "Phạm Thị Dung" });
            var renamed = _db.ActiveMembers(_cell)[0];
            renamed.Name = "Nguyễn Văn Ân";
            _db.Members.Update(renamed);
            // read back inside the batch: the memory now holds what is not committed
            Assert.Equal(["Nguyễn Văn Ân", "Trần Thị Bình", "Phạm Thị Dung"], _db.ActiveMembers(_cell).Select(m => m.Name));
            throw new InvalidOperationException("a flow failed");
        }));

        Assert.Equal(["Nguyễn Văn An", "Trần Thị Bình"], Names());
        Assert.Equal(Stored(), Names());
    }

    [Fact]
    public void A_committed_write_is_read_back_and_later_reads_come_from_memory()
    {
        Assert.Equal(["Nguyễn Văn An", "Trần Thị Bình"], Names());
        _db.InTransaction(() =>
        {
            var binh = _db.ActiveMembers(_cell)[1];
            binh.Active = false;
            _db.Members.Update(binh);
        });
        Assert.Equal(["Nguyễn Văn An"], Names());

        var loads = _db.RosterLoads;
        Assert.Equal(["Nguyễn Văn An"], Names());
        Assert.Equal(["Nguyễn Văn An"], Names());
        Assert.Equal(loads, _db.RosterLoads);
        Assert.Equal(Stored(), Names());
    }

    [Fact]
    public void Changing_a_member_that_was_read_changes_nothing_until_it_is_saved()
    {
        _db.InTransaction(() =>
        {
            var an = _db.ActiveMembers(_cell)[0];
            an.Name = "Tên chưa lưu";
            an.Accounts.Clear();
        });

        var again = _db.InTransaction(() => _db.ActiveMembers(_cell)[0]);
        Assert.Equal("Nguyễn Văn An", again.Name);
        Assert.Equal(["telegram:1"], again.Accounts);
    }

    [Fact]
    public void Changing_a_member_found_alone_changes_nothing_until_it_is_saved()
    {
        _db.InTransaction(() =>
        {
            var an = _db.ActiveMember(_cell, m => m.Accounts.Contains("telegram:1"))!;
            an.Name = "Tên chưa lưu";
            an.Accounts.Clear();
            Assert.Null(_db.ActiveMember(_cell, m => m.Name == "Lê Văn Cường")); // not active
        });

        var again = _db.InTransaction(() => _db.ActiveMember(_cell, m => m.Accounts.Contains("telegram:1")))!;
        Assert.Equal("Nguyễn Văn An", again.Name);
        Assert.Equal("Nguyễn Văn An", Names()[0]);
    }

    [Fact]
    public void The_read_only_view_is_shared_cannot_be_changed_and_follows_a_committed_write()
    {
        var first = _db.InTransaction(() => _db.RosterEntries(_cell));
        Assert.Same(first, _db.InTransaction(() => _db.RosterEntries(_cell))); // no copy per read
        Assert.Equal(["Nguyễn Văn An", "Trần Thị Bình"], first.Select(m => m.Name));
        Assert.IsNotType<List<RosterEntry>>(first); // not a list a caller could add to

        _db.InTransaction(() =>
        {
            var binh = _db.ActiveMember(_cell, m => m.Name == "Trần Thị Bình")!;
            binh.Exempt = true;
            _db.Members.Update(binh);
        });
        Assert.Equal([false, true], _db.InTransaction(() => _db.RosterEntries(_cell)).Select(m => m.Exempt));
        Assert.Equal([false, false], first.Select(m => m.Exempt)); // what was handed out stays as it was read
    }

    [Fact]
    public void A_read_outside_a_transaction_does_not_fill_the_memory()
    {
        var loads = _db.RosterLoads;
        Assert.Equal(2, _db.ActiveMembers(_cell).Count);
        Assert.Equal(loads, _db.RosterLoads);
    }

    private List<string> Names() => _db.InTransaction(() => _db.ActiveMembers(_cell).Select(m => m.Name).ToList());

    private List<string> Stored() =>
        _db.Members.FindAll().Where(m => m.CellId == _cell && m.Active).OrderBy(m => m.Id).Select(m => m.Name).ToList();
}
