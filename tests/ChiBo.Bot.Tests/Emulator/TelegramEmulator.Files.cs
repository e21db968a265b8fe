using System.Text.Json;
using System.Text.Json.Nodes;
using Telegram.Bot.Types;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>A file the bot sent (sendDocument or sendPhoto), as uploaded.</summary>
public sealed record SentFile(long ChatId, int MessageId, string Kind, string FileName, byte[] Bytes, string? Caption);

/// <summary>sendDocument, sendPhoto (multipart uploads: the bytes are kept) and sendChatAction.</summary>
public sealed partial class TelegramEmulator
{
    private static readonly string[] ChatActions = ["typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"];

    private readonly List<SentFile> _files = [];

    /// <summary>The files the bot sent to a chat, oldest first.</summary>
    public IReadOnlyList<SentFile> FilesIn(long chatId)
    {
        lock (_gate) return [.. _files.Where(f => f.ChatId == chatId)];
    }

    /// <summary>Stores the file as a message (its caption as the text) and keeps its bytes; 400 when no file was uploaded.</summary>
    private JsonNode? SendFile(RecordedCall call, string kind)
    {
        var chatId = JsonArgs.RequireLong(call, "chat_id");
        // The file is a part of its own, named by the parameter or by "attach://<part>" in it, as the Bot API allows.
        var upload = call.Param(kind) is { ValueKind: JsonValueKind.String } named && named.GetString()!.StartsWith("attach://", StringComparison.Ordinal)
            ? call.Param(named.GetString()!["attach://".Length..])
            : call.Param(kind);
        if (upload is not { ValueKind: JsonValueKind.Object } part || !part.TryGetProperty("base64", out var data))
            throw BotApiError.BadRequest($"there is no {kind} in the request");
        var caption = call.Str("caption");
        if (caption is { Length: > 1024 }) throw BotApiError.BadRequest("message caption is too long");
        var bytes = Convert.FromBase64String(data.GetString()!);
        var name = part.GetProperty("file_name").GetString() ?? "file";
        lock (_gate)
        {
            if (_blockedChats.Contains(chatId)) throw new BotApiError(403, "Forbidden: bot can't initiate conversation with a user");
            var chat = ChatFor(chatId);
            var message = new StoredMessage { ChatId = chatId, Id = chat.NextMessageId++, Author = null, Date = Time.GetUtcNow(), Text = caption ?? "" };
            chat.Messages.Add(message);
            _files.Add(new SentFile(chatId, message.Id, kind, name, bytes, caption));
            var result = ToMessage(message);
            result.Text = null;
            result.Caption = caption;
            if (kind == "document") result.Document = new Document { FileId = $"doc{message.Id}", FileUniqueId = $"d{message.Id}", FileName = name, FileSize = bytes.Length };
            else result.Photo = [new PhotoSize { FileId = $"photo{message.Id}", FileUniqueId = $"p{message.Id}", Width = 1, Height = 1, FileSize = bytes.Length }];
            return ToNode(result);
        }
    }

    private JsonNode? SendChatAction(RecordedCall call)
    {
        JsonArgs.RequireLong(call, "chat_id");
        if (!ChatActions.Contains(call.Str("action"))) throw BotApiError.BadRequest("wrong parameter action in request");
        return true;
    }
}
