using System.Globalization;

namespace ChiBo.Bot.Storage;

/// <summary>
/// The operator's commands on the database file, run instead of the bot (README "Backups" and "Encryption"); each works
/// on a stopped bot (the file is opened exclusively) and never removes the file it replaces:
/// <list type="bullet">
/// <item><c>backup</c>: today's copy into the backup folder now (before an upgrade);</item>
/// <item><c>rekey</c>: rewrites the file with <c>ChiBo:Storage:NewPassword</c> (empty: unencrypted), checks that the new file
/// holds every record, and keeps the old file next to it;</item>
/// <item><c>restore &lt;file&gt;</c>: puts a backup in place of the database, keeping the current file next to it.</item>
/// </list>
/// Exit codes: 0 done, 1 the copy did not match (nothing replaced), 2 a setting or the file is wrong.
/// </summary>
public static class StorageCommands
{
    public static readonly string[] Names = ["backup", "rekey", "restore"];

    public static int Run(string command, string? argument, ChiBoOptions options, TimeProvider time, TextWriter output, TextWriter error)
    {
        try
        {
            return command switch
            {
                "backup" => Backup(options, time, output),
                "rekey" => Rekey(options.Storage, time, output, error),
                "restore" when !string.IsNullOrWhiteSpace(argument) => Restore(options.Storage, argument, time, output),
                _ => Usage(error),
            };
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine("Cách dùng / Usage: ChiBo.Bot backup | rekey | restore <tệp sao lưu / backup file>");
        return 2;
    }

    private static int Backup(ChiBoOptions options, TimeProvider time, TextWriter output)
    {
        if (!File.Exists(options.Storage.Path)) throw new StorageException($"Không có tệp {options.Storage.Path}. / There is no file {options.Storage.Path}.");
        using var db = new Database(options.Storage.Path, options.Storage.Password);
        var clock = new Clock(time, Microsoft.Extensions.Options.Options.Create(options));
        var backups = new Scheduling.Backups(db, clock, time, Microsoft.Extensions.Options.Options.Create(options), Microsoft.Extensions.Logging.Abstractions.NullLogger<Scheduling.Backups>.Instance);
        output.WriteLine($"Đã sao lưu / Backed up: {backups.TakeToday()}");
        return 0;
    }

    private static int Rekey(StorageOptions storage, TimeProvider time, TextWriter output, TextWriter error)
    {
        var path = storage.Path;
        if (!File.Exists(path)) throw new StorageException($"Không có tệp {path}. / There is no file {path}.");
        var fresh = path + ".rekey";
        foreach (var leftover in new[] { fresh, DatabaseFiles.LogPathOf(fresh) }) File.Delete(leftover);
        using (var old = DatabaseFiles.Open(path, storage.Password))
        {
            DatabaseFiles.Copy(old, fresh, storage.NewPassword);
            using var copy = DatabaseFiles.Open(fresh, storage.NewPassword);
            if (DatabaseFiles.Difference(old, copy) is { } difference)
            {
                error.WriteLine($"Bản chép mới không khớp ({difference}); tệp cũ giữ nguyên. / The new copy does not match ({difference}); the old file is unchanged.");
                return 1;
            }
        }
        var kept = Replace(path, fresh, "before-rekey", time);
        output.WriteLine((string.IsNullOrEmpty(storage.NewPassword) ? "Đã bỏ mã hóa cơ sở dữ liệu" : "Đã mã hóa cơ sở dữ liệu bằng mật khẩu mới")
            + $" ({path}). Tệp cũ được giữ ở {kept}: hãy xóa nó khi ChiBo đã chạy tốt với ChiBo__Storage__Password mới.");
        output.WriteLine($"The database {path} was rewritten {(string.IsNullOrEmpty(storage.NewPassword) ? "without encryption" : "with the new password")}. "
            + $"The old file is kept at {kept}: delete it once ChiBo runs with the new ChiBo__Storage__Password.");
        return 0;
    }

    private static int Restore(StorageOptions storage, string backup, TimeProvider time, TextWriter output)
    {
        if (!File.Exists(backup)) throw new StorageException($"Không có tệp {backup}. / There is no file {backup}.");
        int records;
        using (var check = DatabaseFiles.Open(backup, storage.Password)) // a backup is encrypted like the database
            records = check.GetCollectionNames().Sum(name => check.GetCollection(name).Count());
        var staged = storage.Path + ".restore";
        File.Copy(backup, staged, overwrite: true);
        DatabaseFiles.Protect(staged);
        var kept = File.Exists(storage.Path) ? Replace(storage.Path, staged, "before-restore", time) : MoveIn(storage.Path, staged);
        output.WriteLine($"Đã khôi phục {storage.Path} từ {backup} ({records} bản ghi). / Restored {storage.Path} from {backup} ({records} records)."
            + (kept is null ? "" : $" Tệp trước đó được giữ ở / the previous file is kept at {kept}."));
        return 0;
    }

    /// <summary>Moves <paramref name="path"/> aside as "path.{label}-{time}" (with its log, which belongs to it), then
    /// <paramref name="fresh"/> in its place; returns where the old file went.</summary>
    private static string Replace(string path, string fresh, string label, TimeProvider time)
    {
        var kept = $"{path}.{label}-{time.GetUtcNow():yyyyMMdd-HHmmss}";
        File.Move(path, kept);
        MoveLog(path, kept);
        return MoveIn(path, fresh) ?? kept;
    }

    private static string? MoveIn(string path, string fresh)
    {
        MoveLog(fresh, null);
        File.Move(fresh, path);
        DatabaseFiles.Protect(path);
        return null;
    }

    /// <summary>An empty log is dropped; one with content goes with its data file (to <paramref name="to"/>-log).</summary>
    private static void MoveLog(string from, string? to)
    {
        var log = DatabaseFiles.LogPathOf(from);
        if (!File.Exists(log)) return;
        if (new FileInfo(log).Length == 0 || to is null) File.Delete(log);
        else File.Move(log, to + "-log");
    }
}
