using System.Reflection;
using LiteDB.Engine;

namespace ChiBo.Bot.Storage;

/// <summary>
/// A LiteDB file whose fsyncs ChiBo decides. LiteDB 5.0.20 writes the log (its write-ahead file) on a background
/// thread and fsyncs whenever that thread's queue runs empty, which is after almost every 8 KB page; and its commit
/// returns before the pages are written. Given this stream instead of its own FileStream, LiteDB's flush only hands
/// the bytes to the OS; <see cref="Database"/> then waits for the writer (<see cref="LogWriter.WaitUntilWritten"/>)
/// and calls <see cref="Sync"/> once per transaction. The data file is fsynced on every flush (LiteDB flushes it once
/// per checkpoint, before it empties the log), so nothing there changes.
/// </summary>
public sealed class SyncedFile(string path, bool syncOnFlush) : Stream
{
    private readonly FileStream _file = new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>How many fsyncs this file had (a test counts them; strace counts them in a load run).</summary>
    public int Syncs { get; private set; }

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
        if (syncOnFlush) Sync();
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => _file.Length;

    public override long Position { get => _file.Position; set => _file.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void SetLength(long value) => _file.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => _file.Write(buffer, offset, count);

    /// <summary>LiteDB disposes each of its wrappers around this stream; only the first call closes the file.</summary>
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        if (disposing) _file.Dispose();
        base.Dispose(disposing);
    }
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
