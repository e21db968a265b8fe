using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Tests.Units;

/// <summary>Cells kept in memory (<see cref="DocumentCache{T}"/>) always match the file: read once, emptied by any write
/// and by a rolled-back batch, and a change to a copy that was never saved changes nothing.</summary>
public sealed class CellCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "chibo-tests", $"cells-{Guid.NewGuid():N}");
    private readonly Database _db;
    private readonly int _cell;

    public CellCacheTests()
    {
        Directory.CreateDirectory(_dir);
        _db = new Database(Path.Combine(_dir, "chibo.db"), null);
        _cell = _db.InTransaction(() => _db.Cells.Insert(new Cell { Name = "Chi bộ Khu phố 3", ChatKey = "telegram:-1", LinkedChats = ["zalo:g1"] }).AsInt32);
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_cell_is_read_from_the_file_once_and_again_after_a_write()
    {
        Assert.Equal("Chi bộ Khu phố 3", Name());
        var loads = _db.CellLoads;
        Assert.Equal("Chi bộ Khu phố 3", Name());
        Assert.Equal(loads, _db.CellLoads);

        _db.InTransaction(() =>
        {
            var cell = _db.Cell(_cell)!;
            cell.Name = "Chi bộ Khu phố 4";
            _db.Cells.Update(cell);
        });
        Assert.Equal("Chi bộ Khu phố 4", Name());
        Assert.Equal(loads + 1, _db.CellLoads);
    }

    [Fact]
    public void A_rolled_back_batch_leaves_the_cell_as_the_file_has_it()
    {
        Assert.Throws<InvalidOperationException>(() => _db.InTransaction(() =>
        {
            var cell = _db.Cell(_cell)!;
            cell.Name = "Tên chưa lưu";
            _db.Cells.Update(cell);
            Assert.Equal("Tên chưa lưu", _db.Cell(_cell)!.Name); // memory holds what is not committed
            throw new InvalidOperationException("a flow failed");
        }));

        Assert.Equal("Chi bộ Khu phố 3", Name());
    }

    [Fact]
    public void Changing_a_cell_that_was_read_changes_nothing_until_it_is_saved()
    {
        _db.InTransaction(() =>
        {
            var cell = _db.Cell(_cell)!;
            cell.Name = "Tên chưa lưu";
            cell.LinkedChats.Clear();
        });

        var again = _db.InTransaction(() => _db.Cell(_cell)!);
        Assert.Equal("Chi bộ Khu phố 3", again.Name);
        Assert.Equal(["zalo:g1"], again.LinkedChats);
    }

    [Fact]
    public void A_notice_that_is_not_there_is_asked_for_once_and_found_once_it_is_saved()
    {
        Assert.Null(_db.InTransaction(() => _db.Notice("1:2026-11")));
        var loads = _db.NoticeLoads;
        Assert.Null(_db.InTransaction(() => _db.Notice("1:2026-11")));
        Assert.Equal(loads, _db.NoticeLoads); // the absence is remembered

        _db.InTransaction(() => _db.Notices.Insert(new MeetingNotice { Id = "1:2026-11", CellId = _cell, Place = "Nhà văn hóa", Agenda = ["Kiểm điểm"] }));
        Assert.Equal("Nhà văn hóa", _db.InTransaction(() => _db.Notice("1:2026-11"))!.Place);

        Assert.Throws<InvalidOperationException>(() => _db.InTransaction(() =>
        {
            _db.Notices.Delete("1:2026-11");
            Assert.Null(_db.Notice("1:2026-11")); // memory holds what is not committed
            throw new InvalidOperationException("a flow failed");
        }));
        _db.InTransaction(() => _db.Notice("1:2026-11")!.Agenda.Clear()); // a change to a copy, never saved
        Assert.Equal(["Kiểm điểm"], _db.InTransaction(() => _db.Notice("1:2026-11"))!.Agenda);
    }

    private string Name() => _db.InTransaction(() => _db.Cell(_cell)!.Name);
}
