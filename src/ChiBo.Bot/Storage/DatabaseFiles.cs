using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>The database file cannot be opened with the configured settings (a wrong or missing password, another process
/// holding it). <see cref="Exception.Message"/> is one line for the operator, in Vietnamese and English.</summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The LiteDB file on disk: opening it readable only by its owner, copying it whole (backups, changing the password) and
/// checking that a copy holds exactly the same records.
/// </summary>
public static class DatabaseFiles
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;

    /// <summary>LiteDB's write-ahead log next to the data file: "chibo.db" → "chibo-log.db".</summary>
    public static string LogPathOf(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    /// <summary>Opens (or creates) the file. Its folder is created 0700 when missing; the data file and its log are created
    /// 0600, and existing ones are narrowed to 0600, so no other local user can read the records.</summary>
    public static LiteDatabase Open(string path, string? password) =>
        Opening(path, () => new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, Password = string.IsNullOrEmpty(password) ? null : password }));

    /// <summary>Opens the bot's own database like <see cref="Open"/>, through <see cref="SyncedFile"/> streams whose fsyncs
    /// ChiBo decides: one per transaction (<see cref="Database.InTransaction{T}"/>) instead of LiteDB's one per page.</summary>
    public static (LiteDatabase Db, SyncedFile Log, LogWriter Writer) OpenDurable(string path, string? password) =>
        Opening(path, () =>
        {
            var data = SyncedFile.Data(path);
            var log = SyncedFile.Log(LogPathOf(path));
            try
            {
                var engine = new LiteDB.Engine.LiteEngine(new LiteDB.Engine.EngineSettings
                {
                    DataStream = data,
                    LogStream = log,
                    Password = string.IsNullOrEmpty(password) ? null : password,
                });
                var db = new LiteDatabase(engine, disposeOnClose: true);
                return (db, log, new LogWriter(engine));
            }
            catch
            {
                data.Dispose();
                log.Dispose();
                throw;
            }
        });

    private static T Opening<T>(string path, Func<T> open)
    {
        CreateFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        foreach (var file in new[] { path, LogPathOf(path) }) Protect(file);
        try
        {
            return open();
        }
        catch (LiteException ex) when (ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("encrypted", StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageException(
                $"Không mở được cơ sở dữ liệu {path}: mật khẩu (ChiBo:Storage:Password) sai hoặc thiếu. "
                + $"/ Cannot open the database {path}: the password (ChiBo:Storage:Password) is wrong or missing.", ex);
        }
        catch (Exception ex) when (ex is LiteException or IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"Không mở được cơ sở dữ liệu {path}: {ex.Message} / Cannot open the database {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Creates <paramref name="folder"/> readable only by its owner when it does not exist (an existing one is left as it is).</summary>
    public static void CreateFolder(string folder)
    {
        if (Directory.Exists(folder)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, OwnerFolder);
    }

    /// <summary>Creates <paramref name="file"/> empty with mode 0600, or narrows an existing one to 0600.</summary>
    public static void Protect(string file)
    {
        if (OperatingSystem.IsWindows()) return;
        if (File.Exists(file)) File.SetUnixFileMode(file, OwnerFile);
        else new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerFile }).Dispose();
    }

    /// <summary>Writes every collection of <paramref name="source"/> (documents with their ids, and indexes) into a new file
    /// <paramref name="target"/>, encrypted with <paramref name="password"/> (none: plain). The caller keeps writers out.</summary>
    public static void Copy(LiteDatabase source, string target, string? password)
    {
        if (File.Exists(target)) throw new IOException($"{target} already exists.");
        using var copy = Open(target, password);
        foreach (var name in source.GetCollectionNames())
            copy.GetCollection(name).InsertBulk(source.GetCollection(name).FindAll());
        foreach (var index in source.GetCollection("$indexes").FindAll().Where(i => i["name"].AsString != "_id"))
            copy.GetCollection(index["collection"].AsString).EnsureIndex(index["name"].AsString, BsonExpression.Create(index["expression"].AsString), index["unique"].AsBoolean);
        copy.Checkpoint();
    }

    /// <summary>Copies the data file byte for byte into a new file readable by its owner only; LiteDB keeps its file open for
    /// writing, so it is read with sharing allowed.</summary>
    public static void CopyBytes(string source, string target)
    {
        Protect(target);
        using var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var to = new FileStream(target, FileMode.Truncate, FileAccess.Write);
        from.CopyTo(to);
        to.Flush(flushToDisk: true);
    }

    /// <summary>Opens a copy read-only and reads every document, so a copy that cannot be read fails now, not at a restore.</summary>
    public static void ReadThrough(string path, string? password)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, ReadOnly = true, Password = string.IsNullOrEmpty(password) ? null : password });
        foreach (var name in db.GetCollectionNames())
            foreach (var _ in db.GetCollection(name).FindAll()) { }
    }

    /// <summary>Null when both hold the same collections with the same documents; otherwise what differs first.</summary>
    public static string? Difference(LiteDatabase a, LiteDatabase b)
    {
        var names = a.GetCollectionNames().Union(b.GetCollectionNames()).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var left = Documents(a, name);
            var right = Documents(b, name);
            if (left.Count != right.Count) return $"{name}: {left.Count} documents, {right.Count} in the copy";
            var differing = left.Zip(right).FirstOrDefault(p => p.First != p.Second);
            if (differing != default) return $"{name}: a document differs";
        }
        return null;
    }

    private static List<string> Documents(LiteDatabase db, string collection) =>
        db.GetCollection(collection).FindAll().Select(d => LiteDB.JsonSerializer.Serialize(d)).Order(StringComparer.Ordinal).ToList();
}
