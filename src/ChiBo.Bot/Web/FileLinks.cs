using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using Microsoft.AspNetCore.Http;

namespace ChiBo.Bot.Web;

/// <summary>
/// Files sent as links where the channel cannot carry them (Zalo sends no documents): a signed, single-use link valid for
/// <see cref="Ttl"/>, served from the stored file, which is deleted once downloaded (or when the link has expired).
/// </summary>
public sealed class FileLinks(SignedLinks links, FileStore files, TimeProvider time) : ILinkHandler
{
    public const string FilePurpose = "file";
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(24);

    public string Purpose => FilePurpose;

    public bool Enabled => links.Enabled;

    /// <summary>A download link for a stored file; the file is kept until the link expires.</summary>
    public (string Url, DateTimeOffset ExpiresAt) Create(FileAttachment file)
    {
        var expires = time.GetUtcNow().Add(Ttl);
        files.KeepUntil(file.FileId, expires);
        var payload = $"{file.FileId}\n{file.ContentType}\n{file.FileName}";
        return (links.Create(FilePurpose, payload, Ttl), expires);
    }

    public async Task HandleAsync(SignedLink link, HttpContext context)
    {
        var fields = link.Payload.Split('\n', 3);
        var bytes = fields.Length == 3 ? files.Read(fields[0]) : null;
        if (bytes is null)
        {
            await Html.WriteAsync(context, 410, "Tệp không còn", "<p>Tệp này không còn trên máy chủ. Đồng chí hãy gõ lại lệnh trong cuộc trò chuyện với ChiBo để nhận tệp mới.</p>");
            return;
        }
        files.Delete(fields[0]);
        context.Response.StatusCode = 200;
        context.Response.ContentType = fields[1];
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fields[2]}\"";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
