using System.Text.Json;
using ChiBo.Bot.Channels;

namespace ChiBo.Bot.Zalo;

/// <summary>Who the Zalo bot is, from getMe: its id (its own messages come back as events from it), its name (the
/// "@name" members type in a group) and whether it can be in groups at all.</summary>
public sealed class ZaloBot
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public bool CanJoinGroups { get; set; } = true;
}

/// <summary>Zalo events as channel-neutral <see cref="ChatEvent"/>s, read as real clients found them (../shared/ZALO_BOT_API.md).</summary>
public static class ZaloEvents
{
    public const string TextReceived = "message.text.received";

    /// <summary>
    /// An event from getUpdates or a webhook ({"event_name", "message"}, or that wrapped in {"ok", "result"}).
    /// Zalo has no update ids, so the message id is the update id the pipeline deduplicates on.
    /// Null for what the bot ignores: its own messages coming back (from.id is the bot's), other bots, an empty poll result
    /// ({}), and anything but text in a group; anything but text in a private chat is an <see cref="ChatEvent.IsUnsupported"/>
    /// event (the bot answers with a hint). A leading "@BotName" is stripped: in a group that is how members address the bot.
    /// The sender's name is display_name, or name in older payloads; the date is in milliseconds, or seconds (below 10^12).
    /// A reply names the message it answers in reply_to_message.message_id (or quote.message_id) — the field is not documented.
    /// Throws <see cref="JsonException"/> for a body that is no event at all.
    /// </summary>
    public static ChatEvent? ToEvent(JsonElement body, ZaloBot bot)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("result", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object) body = wrapped;
        if (body.ValueKind == JsonValueKind.Object && !body.EnumerateObject().Any()) return null; // an empty poll
        if (body.ValueKind != JsonValueKind.Object || Str(body, "event_name") is not { } name || !body.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object)
            throw new JsonException("The body is not a Zalo event (event_name and message).");
        if (!m.TryGetProperty("chat", out var chat) || !m.TryGetProperty("from", out var from)
            || Str(m, "message_id") is not { Length: > 0 } messageId || Str(chat, "id") is not { Length: > 0 } chatId || Str(from, "id") is not { Length: > 0 } userId)
            throw new JsonException("A Zalo message needs message_id, chat.id and from.id.");
        if (userId == bot.Id || from.TryGetProperty("is_bot", out var isBot) && isBot.ValueKind == JsonValueKind.True) return null;
        var kind = string.Equals(Str(chat, "chat_type"), "GROUP", StringComparison.OrdinalIgnoreCase) ? ChatKind.Group : ChatKind.Private;
        var unsupported = name != TextReceived;
        if (unsupported && kind == ChatKind.Group) return null;
        var user = new ChatUser(ZaloChannel.Name, userId, Str(from, "display_name") ?? Str(from, "name") ?? "");
        var text = unsupported ? null : StripMention(Str(m, "text") ?? "", bot.Name);
        return new ChatEvent(messageId, new ChatRef(ZaloChannel.Name, chatId, kind), user, text, null, messageId, Date(m), ReplyTo: ReplyTo(m), IsUnsupported: unsupported);
    }

    /// <summary>"@ChiBo /diemdanh" → "/diemdanh"; other text as it is.</summary>
    public static string StripMention(string text, string botName)
    {
        var t = text.TrimStart();
        if (botName.Length == 0 || !t.StartsWith('@') || !t[1..].StartsWith(botName, StringComparison.OrdinalIgnoreCase)) return text;
        return t[(1 + botName.Length)..].TrimStart(' ', ',', ':', '\n');
    }

    private static DateTimeOffset Date(JsonElement m)
    {
        if (!m.TryGetProperty("date", out var date) || !date.TryGetInt64(out var n)) return DateTimeOffset.UnixEpoch;
        return n >= 1_000_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(n) : DateTimeOffset.FromUnixTimeSeconds(n);
    }

    private static string? ReplyTo(JsonElement m)
    {
        foreach (var field in new[] { "reply_to_message", "quote" })
            if (m.TryGetProperty(field, out var quoted) && Str(quoted, "message_id") is { Length: > 0 } id) return id;
        return null;
    }

    /// <summary>A property as text: strings as they are, numbers as written (ids may come either way).</summary>
    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number => v.GetRawText(), _ => null }
            : null;
}
