using ChiBo.Bot.Channels;

namespace ChiBo.Bot.Storage;

/// <summary>
/// Files a message carries, kept in the database (LiteDB file storage) from the moment the flow made them until every
/// message carrying them was sent or dropped, so an export survives a restart and is retried like a message.
/// </summary>
public sealed class FileStore(Database db, TimeProvider time)
{
    /// <summary>Stores the bytes (inside the update's transaction) and describes them for <see cref="Reply.File"/>.</summary>
    public FileAttachment Save(string fileName, string contentType, byte[] bytes)
    {
        var id = $"f/{LiteDB.ObjectId.NewObjectId()}";
        using var stream = new MemoryStream(bytes);
        db.Files.Upload(id, fileName, stream, new LiteDB.BsonDocument { ["contentType"] = contentType, ["at"] = time.GetUtcNow().ToUnixTimeMilliseconds() });
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

    public void Delete(string fileId) => db.Files.Delete(fileId);
}
