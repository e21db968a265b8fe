using ChiBo.Bot.Channels;
using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// Files a message carries, kept in the database (LiteDB file storage) from the moment the flow made them until every
/// message carrying them was sent or dropped, so an export survives a restart and is retried like a message. A file
/// offered by a download link (Zalo) is kept until the link is used or expires (<see cref="KeepUntil"/>).
/// </summary>
public sealed class FileStore(Database db, TimeProvider time)
{
    private const string KeepUntilField = "keepUntil";

    /// <summary>Stores the bytes (inside the update's transaction) and describes them for <see cref="Reply.File"/>.</summary>
    public FileAttachment Save(string fileName, string contentType, byte[] bytes)
    {
        var id = $"f/{ObjectId.NewObjectId()}";
        using var stream = new MemoryStream(bytes);
        db.Files.Upload(id, fileName, stream, new BsonDocument { ["contentType"] = contentType });
        return new FileAttachment { FileId = id, FileName = fileName, ContentType = contentType, IsPhoto = contentType == "image/png" };
    }

    /// <summary>The bytes, or null when the file is gone.</summary>
    public byte[]? Read(string fileId)
    {
        if (!db.Files.Exists(fileId)) return null;
        using var stream = new MemoryStream();
        db.Files.Download(fileId, stream);
        return stream.ToArray();
    }

    /// <summary>Removes the file (outside an update: a served download link).</summary>
    public void Delete(string fileId) => db.InTransaction(() => db.Files.Delete(fileId));

    /// <summary>Keeps the file after its message was sent, until <paramref name="until"/> (a download link's expiry); files kept
    /// past their time are removed now. Called by a sender, outside an update's transaction.</summary>
    public void KeepUntil(string fileId, DateTimeOffset until)
    {
        var now = time.GetUtcNow();
        db.InTransaction(() =>
        {
            foreach (var stale in db.Files.FindAll().Where(f => f.Metadata.TryGetValue(KeepUntilField, out var t) && t.AsInt64 <= now.ToUnixTimeMilliseconds()).ToList())
                db.Files.Delete(stale.Id);
            if (db.Files.FindById(fileId) is not { } info) return;
            info.Metadata[KeepUntilField] = until.ToUnixTimeMilliseconds();
            db.Files.SetMetadata(fileId, info.Metadata);
        });
    }

    /// <summary>Called when a message carrying the file is done with: removes the file unless another waiting message
    /// carries it or a download link still needs it.</summary>
    public static void Release(Database db, string fileId, DateTimeOffset now)
    {
        if (db.Outbox.FindAll().Any(i => i.Message.Attachment?.FileId == fileId)) return;
        if (db.Files.FindById(fileId) is { } info && info.Metadata.TryGetValue(KeepUntilField, out var until) && until.AsInt64 > now.ToUnixTimeMilliseconds()) return;
        db.Files.Delete(fileId);
    }
}
