using System.Globalization;
using System.Text.RegularExpressions;
using ChiBo.Bot.Storage;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Scheduling;

/// <summary>
/// One online copy of the database a day (<see cref="Database.CopyTo"/>: consistent while the bot runs, encrypted like the
/// database), taken at the first check after <see cref="BackupOptions.At"/> local time, into <see cref="BackupOptions.Folder"/>
/// as "chibo-2026-11-10.db". The latest <see cref="BackupOptions.Daily"/> copies are kept, plus the first copy of each of the
/// latest <see cref="BackupOptions.Monthly"/> months; older ones are deleted. README "Backups" says how to restore one.
/// The first check is <see cref="StartDelay"/> after start: a restart's first minutes belong to the updates that waited
/// for it, not to a copy of the whole file under the database lock.
/// </summary>
public sealed partial class Backups(Database db, Clock clock, TimeProvider time, IOptions<ChiBoOptions> options, ILogger<Backups> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan StartDelay = TimeSpan.FromMinutes(5);

    private BackupOptions Settings => options.Value.Backup;

    public string Folder => Settings.FolderFor(db.Path);

    /// <summary>No copy before this: <see cref="StartDelay"/> after the bot started (the service is made at start).</summary>
    private readonly DateTimeOffset _notBefore = time.GetUtcNow() + StartDelay;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!Settings.Enabled) return;
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            do
            {
                try
                {
                    CheckNow();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException or StorageException)
                {
                    log.LogError("The daily backup into {Folder} failed: {Error}; trying again in a minute", Folder, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One check: takes today's copy when it is due and missing; returns its path, or null.</summary>
    public string? CheckNow() =>
        time.GetUtcNow() >= _notBefore && TimeOnly.FromDateTime(clock.Now.DateTime) >= Settings.At && !File.Exists(PathFor(clock.Today))
            ? TakeToday() : null;

    /// <summary>Takes today's copy (replacing one taken earlier today) and prunes the old ones; returns its path.</summary>
    public string TakeToday()
    {
        DatabaseFiles.CreateFolder(Folder);
        var target = PathFor(clock.Today);
        var partial = target + ".partial";
        foreach (var leftover in new[] { partial, DatabaseFiles.LogPathOf(partial) }) File.Delete(leftover);
        db.CopyTo(partial);
        File.Delete(DatabaseFiles.LogPathOf(partial));
        File.Move(partial, target, overwrite: true);
        var removed = Prune(Folder, Prefix, clock.Today, Settings.Daily, Settings.Monthly);
        log.LogInformation("Backed up the database to {Path}; {Removed} old copies removed", target, removed.Count);
        return target;
    }

    private string Prefix => Path.GetFileNameWithoutExtension(db.Path);

    private string PathFor(DateOnly day) => Path.Combine(Folder, $"{Prefix}-{day:yyyy-MM-dd}.db");

    /// <summary>Deletes the copies the retention rule does not keep; returns the deleted paths.</summary>
    public static List<string> Prune(string folder, string prefix, DateOnly today, int daily, int monthly)
    {
        var copies = Directory.EnumerateFiles(folder, prefix + "-*.db")
            .Select(path => (path, day: CopyDay().Match(Path.GetFileName(path)[prefix.Length..])))
            .Where(x => x.day.Success)
            .Select(x => (x.path, day: DateOnly.ParseExact(x.day.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .Where(x => x.day <= today)
            .OrderByDescending(x => x.day)
            .ToList();
        var keep = copies.Take(Math.Max(1, daily)).Select(c => c.path).ToHashSet();
        foreach (var firstOfMonth in copies.GroupBy(c => (c.day.Year, c.day.Month)).Take(Math.Max(0, monthly)).Select(g => g.Last().path)) keep.Add(firstOfMonth);
        var removed = copies.Select(c => c.path).Where(p => !keep.Contains(p)).ToList();
        foreach (var path in removed) File.Delete(path);
        return removed;
    }

    [GeneratedRegex(@"^-([0-9]{4}-[0-9]{2}-[0-9]{2})\.db$")] private static partial Regex CopyDay();
}
