using System.Reflection;
using System.Runtime.InteropServices;
using LiteDB.Engine;

namespace ChiBo.Bot.Storage;

/// <summary>
/// A LiteDB file whose fsyncs ChiBo decides. LiteDB 5.0.20 writes the log (its write-ahead file) on a background
/// thread and fsyncs whenever that thread's queue runs empty, which is after almost every 8 KB page; and its commit
/// returns before the pages are written. Given this stream instead of its own FileStream, LiteDB's flush only hands
/// the bytes to the OS; <see cref="Database"/> then waits for the writer (<see cref="LogWriter.WaitUntilWritten"/>)
/// and calls <see cref="Sync"/> once per transaction. The data file is fsynced on every flush (LiteDB flushes it once
/// per checkpoint, before it empties the log), so nothing there changes.
/// <para>Emptying the log (<see cref="Log"/>, on Linux and macOS). After each checkpoint LiteDB cuts its
/// log back to nothing (or, encrypted, to its first page, the salt). Cutting 8 MB off a file frees its blocks there and then,
/// with a discard on SSD-backed disks: about 5 ms of a commit every 80 updates or so, as long as the checkpoint's own
/// writes. The log is instead replaced by a spare file made ready in the background (empty, or holding the same first
/// page, fsynced): renamed over the log's name, the folder fsynced so the rename is on disk before any transaction of the
/// new log is, and the old file closed (its blocks freed) off the committing thread. A crash before the rename leaves the
/// old log, whose transactions are all in the data file already (fsynced by the checkpoint), so replaying it changes
/// nothing; after it, the new log. A spare left by a crash is deleted when the file is opened again.</para>
/// <para>The data file (<see cref="Data"/>) is written by checkpoints only, one 8 KB page at a time, every version of a
/// page the log holds: about 1,000 writes, most of them of the same few hundred pages. They are held until the
/// checkpoint's flush and then written once each, in file order; a read or any
/// other write first writes what is held, so the file reads as LiteDB wrote it.</para>
/// </summary>
public sealed class SyncedFile : Stream
{
    private readonly string _path;
    private readonly bool _syncOnFlush;
    private readonly bool _swapsOnEmpty;
    private readonly Dictionary<long, byte[]>? _held; // the data file: pages written since the last flush, by position
    private readonly Stack<byte[]> _spares = []; // their buffers, used again by the next checkpoint
    private readonly Lock _gate = new();
    private FileStream _file;
    private byte[]? _head; // the bytes kept when the log is emptied (none, or the salt page), copied into each spare
    private Task<FileStream>? _spare; // the next log, made ready in the background
    private Task _retired = Task.CompletedTask; // the last log replaced, being closed in the background
    private bool _disposed;

    /// <summary>The data file: a flush writes the pages held and fsyncs.</summary>
    public static SyncedFile Data(string path) => new(path, syncOnFlush: true, swapsOnEmpty: false, holdsPages: true);

    /// <summary>The log: only <see cref="Sync"/> fsyncs; emptied, it is replaced by a spare (not on Windows, where an
    /// open file cannot be renamed over).</summary>
    public static SyncedFile Log(string path) => new(path, syncOnFlush: false, swapsOnEmpty: !OperatingSystem.IsWindows(), holdsPages: false);

    private SyncedFile(string path, bool syncOnFlush, bool swapsOnEmpty, bool holdsPages)
    {
        _path = path;
        _syncOnFlush = syncOnFlush;
        _swapsOnEmpty = swapsOnEmpty;
        _held = holdsPages ? [] : null;
        if (_swapsOnEmpty) File.Delete(SparePathOf(path)); // left by a crash: never renamed, so never the log
        _file = Open(path, FileMode.OpenOrCreate);
    }

    /// <summary>The spare of a log: "chibo-log.db" → "chibo-log.db.next".</summary>
    public static string SparePathOf(string path) => path + ".next";

    /// <summary>How many fsyncs this file had (a test counts them; strace counts them in a load run).</summary>
    public int Syncs { get; private set; }

    /// <summary>How many 8 KB pages reached the data file (a test checks a checkpoint writes each once).</summary>
    public int PageWrites { get; private set; }

    /// <summary>How many times the file was emptied by putting a fresh one in its place.</summary>
    public int Swaps { get; private set; }

    /// <summary>Makes every byte written so far durable: one fsync.</summary>
    public void Sync()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _file.Flush(flushToDisk: true);
            Syncs++;
        }
    }

    public override void Flush()
    {
        if (!_syncOnFlush) return;
        lock (_gate) WriteHeld();
        Sync();
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length
    {
        get
        {
            lock (_gate) return _held is { Count: > 0 } ? Math.Max(_file.Length, _held.Keys.Max() + Page) : _file.Length;
        }
    }

    public override long Position { get => _file.Position; set => _file.Position = value; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        lock (_gate) WriteHeld();
        return _file.Read(buffer, offset, count);
    }

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            var at = _file.Position;
            if (_held is not null && count == Page && at % Page == 0)
            {
                if (!_held.TryGetValue(at, out var page)) _held[at] = page = _spares.TryPop(out var spare) ? spare : new byte[Page];
                buffer.AsSpan(offset, count).CopyTo(page);
                _file.Position = at + count;
                return;
            }
            WriteHeld();
            _file.Write(buffer, offset, count);
        }
    }

    private const int Page = 8192; // LiteDB's page

    /// <summary>Writes the pages held, each once, in file order (through the FileStream, which keeps its length).</summary>
    private void WriteHeld()
    {
        if (_held is not { Count: > 0 }) return;
        var position = _file.Position;
        foreach (var at in _held.Keys.Order())
        {
            _file.Position = at;
            _file.Write(_held[at]);
            PageWrites++;
        }
        _file.Position = position;
        foreach (var page in _held.Values) _spares.Push(page);
        _held.Clear();
    }

    /// <summary>LiteDB empties the log at the end of a checkpoint (under its exclusive lock, nothing else writing).</summary>
    public override void SetLength(long value)
    {
        lock (_gate)
        {
            WriteHeld();
            if (!_swapsOnEmpty || _disposed || value >= _file.Length || value > MaxHead) _file.SetLength(value);
            else Swap((int)value);
        }
    }

    private const int MaxHead = Page; // an encrypted log keeps its salt page

    private void Swap(int keep)
    {
        if (_head?.Length != keep)
        {
            DiscardSpare();
            _head = new byte[keep];
            RandomAccess.Read(_file.SafeFileHandle, _head, 0);
        }
        FileStream? next = null;
        try
        {
            next = TakeSpare() ?? MakeSpare(_path, _head);
            File.Move(SparePathOf(_path), _path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            next?.Dispose(); // no spare or no rename: the log is cut as LiteDB asked, the slow way
            _file.SetLength(keep);
            return;
        }
        // Renamed: the log's name is the new file's now. The folder's fsync puts the rename on disk before a transaction
        // of the new log can be; if it fails the disk is failing, and the commit that checkpointed says so.
        var old = _file;
        _file = next;
        Swaps++;
        var retiring = _retired;
        _retired = Task.Run(async () =>
        {
            await retiring;
            old.Dispose();
        });
        Folder.Sync(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        var head = _head;
        _spare = Task.Run(() => MakeSpare(_path, head));
    }

    /// <summary>The spare made ready in the background, or null when it failed (made again on this thread).</summary>
    private FileStream? TakeSpare()
    {
        var spare = _spare;
        _spare = null;
        if (spare is null) return null;
        try
        {
            return spare.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void DiscardSpare()
    {
        TakeSpare()?.Dispose();
        File.Delete(SparePathOf(_path));
    }

    /// <summary>A new file at the spare's path holding <paramref name="head"/>, fsynced, readable by its owner only.</summary>
    private static FileStream MakeSpare(string path, byte[] head)
    {
        var spare = Open(SparePathOf(path), FileMode.Create);
        try
        {
            spare.Write(head);
            spare.Flush(flushToDisk: true);
            return spare;
        }
        catch
        {
            spare.Dispose();
            throw;
        }
    }

    private static FileStream Open(string path, FileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read | FileShare.Delete,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(path, options);
    }

    /// <summary>LiteDB disposes each of its wrappers around this stream; only the first call closes the file.</summary>
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        if (disposing)
        {
            lock (_gate) WriteHeld(); // LiteDB flushes before it closes; nothing written is ever dropped
            _file.Dispose();
            _retired.Wait();
            if (_spare is not null) DiscardSpare();
        }
        base.Dispose(disposing);
    }
}

/// <summary>fsync of a folder, so that a rename in it is on disk (.NET has no call for it).</summary>
internal static class Folder
{
    public static void Sync(string folder)
    {
        var fd = open(folder, 0); // O_RDONLY
        if (fd < 0) throw new IOException($"Cannot open the folder {folder} to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (fsync(fd) != 0) throw new IOException($"fsync of the folder {folder} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open(string path, int flags); // the path is marshalled as UTF-8 on Linux and macOS

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc")]
    private static extern int close(int fd);
}

/// <summary>Waits until LiteDB's log writer has written every page a commit queued. LiteDB 5.0.20 keeps this internal
/// (<c>LiteEngine._disk.Queue.Value.Wait()</c>): it is reached once by reflection at start, and a LiteDB that does not
/// have it fails the start (and <c>StorageTests</c>) instead of silently losing durability.</summary>
public sealed class LogWriter
{
    private readonly Func<bool> _hasQueue;
    private readonly Action _wait;

    public LogWriter(LiteEngine engine)
    {
        const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
        var disk = typeof(LiteEngine).GetField("_disk", Private)?.GetValue(engine)
            ?? throw new InvalidOperationException("LiteDB has no LiteEngine._disk: this ChiBo needs LiteDB 5.0.20.");
        var lazy = disk.GetType().GetProperty("Queue")?.GetValue(disk)
            ?? throw new InvalidOperationException("LiteDB has no DiskService.Queue: this ChiBo needs LiteDB 5.0.20.");
        var isCreated = lazy.GetType().GetProperty("IsValueCreated")!;
        var value = lazy.GetType().GetProperty("Value")!;
        var wait = value.PropertyType.GetMethod("Wait")
            ?? throw new InvalidOperationException("LiteDB has no DiskWriterQueue.Wait: this ChiBo needs LiteDB 5.0.20.");
        _hasQueue = () => (bool)isCreated.GetValue(lazy)!;
        _wait = () => wait.Invoke(value.GetValue(lazy), null);
    }

    public void WaitUntilWritten()
    {
        if (_hasQueue()) _wait();
    }
}
