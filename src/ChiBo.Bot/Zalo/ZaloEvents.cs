using System.Text.Json;
using ChiBo.Bot.Channels;

namespace ChiBo.Bot.Zalo;

/// <summary>Zalo events as channel-neutral <see cref="ChatEvent"/>s.</summary>
public static class ZaloEvents
{
    public const string TextReceived = "message.text.received";

    /// <summary>
    /// An event from getUpdates or a webhook ({"event_name", "message"}, or that wrapped in {"ok", "result"}).
    /// Zalo has no update ids, so the message id is the update id the pipeline deduplicates on.
    /// Null for what the bot ignores: images, stickers, unsupported messages, other bots.
    /// Throws <see cref="JsonException"/> for a body that is no event at all.
    /// </summary>
    public static ChatEvent? ToEvent(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("result", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object) body = wrapped;
        if (body.ValueKind != JsonValueKind.Object || Str(body, "event_name") is not { } name || !body.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object)
            throw new JsonException("The body is not a Zalo event (event_name and message).");
        if (name != TextReceived) return null;
        if (!m.TryGetProperty("chat", out var chat) || !m.TryGetProperty("from", out var from)
            || Str(m, "message_id") is not { Length: > 0 } messageId || Str(chat, "id") is not { Length: > 0 } chatId || Str(from, "id") is not { Length: > 0 } userId)
            throw new JsonException("A Zalo message needs message_id, chat.id and from.id.");
        if (from.TryGetProperty("is_bot", out var isBot) && isBot.ValueKind == JsonValueKind.True) return null;
        var kind = string.Equals(Str(chat, "chat_type"), "GROUP", StringComparison.OrdinalIgnoreCase) ? ChatKind.Group : ChatKind.Private;
        var at = m.TryGetProperty("date", out var date) && date.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UnixEpoch;
        var user = new ChatUser(ZaloChannel.Name, userId, Str(from, "display_name") ?? "");
        return new ChatEvent(messageId, new ChatRef(ZaloChannel.Name, chatId, kind), user, Str(m, "text") ?? "", null, messageId, at);
    }

    /// <summary>A property as text: strings as they are, numbers as written (ids may come either way).</summary>
    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number => v.GetRawText(), _ => null }
            : null;
}
