using System.Text.Json;
using System.Text.Json.Nodes;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>Chats, the messages in them, and the bot's sendMessage / edit / delete / answer / commands methods.</summary>
public sealed partial class TelegramEmulator
{
    public const int MaxTextLength = 4096;
    private const string NotModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

    private readonly Dictionary<long, ChatState> _chats = [];
    private readonly HashSet<long> _blockedChats = [];
    private readonly Dictionary<string, CallbackAnswer?> _callbackAnswers = [];
    private readonly Dictionary<string, IReadOnlyList<RegisteredCommand>> _commands = [];

    private sealed class ChatState(long id)
    {
        public long Id { get; } = id;
        public string? Title { get; set; }
        public TgUser? User { get; set; }
        public int NextMessageId { get; set; } = 1;
        public List<StoredMessage> Messages { get; } = [];
    }

    private sealed class StoredMessage
    {
        public required long ChatId { get; init; }
        public required int Id { get; init; }
        /// <summary>Null for the bot's own messages.</summary>
        public required TgUser? Author { get; init; }
        public required DateTimeOffset Date { get; init; }
        public DateTimeOffset? EditDate { get; set; }
        public string Text { get; set; } = "";
        public InlineKeyboardMarkup? Markup { get; set; }
        public List<BotMessageVersion> History { get; } = [];
        public bool Deleted { get; set; }
    }

    /// <summary>sendMessage to this chat fails with 403 "bot can't initiate conversation with a user"
    /// (someone who never opened the private chat) until the user writes to the bot there.</summary>
    public void BlockChat(long chatId)
    {
        lock (_gate) _blockedChats.Add(chatId);
    }

    public void UnblockChat(long chatId)
    {
        lock (_gate) _blockedChats.Remove(chatId);
    }

    /// <summary>The bot's messages in a chat, oldest first (snapshots).</summary>
    public IReadOnlyList<BotMessage> MessagesIn(long chatId, bool includeDeleted = false)
    {
        lock (_gate)
            return _chats.TryGetValue(chatId, out var chat)
                ? [.. chat.Messages.Where(m => m.Author is null && (includeDeleted || !m.Deleted)).Select(Snapshot)]
                : [];
    }

    /// <summary>The bot's latest message in a chat, or null.</summary>
    public BotMessage? LastMessageIn(long chatId) => MessagesIn(chatId).LastOrDefault();

    /// <summary>One bot message by id, deleted or not; null if the bot never sent it.</summary>
    public BotMessage? MessageById(long chatId, int messageId)
    {
        lock (_gate)
            return _chats.TryGetValue(chatId, out var chat) && chat.Messages.Find(m => m.Id == messageId && m.Author is null) is { } m ? Snapshot(m) : null;
    }

    /// <summary>How the bot answered a callback query; null if it did not (yet).</summary>
    public CallbackAnswer? AnswerOf(string callbackQueryId)
    {
        lock (_gate) return _callbackAnswers.GetValueOrDefault(callbackQueryId);
    }

    /// <summary>The commands registered for a scope type ("default", "all_private_chats", "all_group_chats" …).</summary>
    public IReadOnlyList<RegisteredCommand>? CommandsFor(string scopeType, string? languageCode = null)
    {
        lock (_gate) return _commands.GetValueOrDefault(CommandsKey(scopeType, languageCode));
    }

    private static string CommandsKey(string scopeType, string? languageCode) =>
        string.IsNullOrEmpty(languageCode) ? scopeType : $"{scopeType}|{languageCode}";

    private static BotMessage Snapshot(StoredMessage m) =>
        new(m.ChatId, m.Id, m.Text, Buttons(m.Markup), [.. m.History], m.Deleted);

    private static IReadOnlyList<IReadOnlyList<BotButton>> Buttons(InlineKeyboardMarkup? markup) =>
        markup is null ? [] : [.. markup.InlineKeyboard.Select(r => (IReadOnlyList<BotButton>)[.. r.Select(b => new BotButton(b.Text, b.CallbackData, b.Url, b.WebApp?.Url))])];

    /// <summary>Call under the lock. Creates the chat on first use; private chat ids are user ids.</summary>
    private ChatState ChatFor(long chatId)
    {
        if (!_chats.TryGetValue(chatId, out var chat)) _chats[chatId] = chat = new ChatState(chatId);
        return chat;
    }

    private static Chat ToChat(ChatState c) => c.Id > 0
        ? new Chat { Id = c.Id, Type = ChatType.Private, FirstName = c.User?.FirstName ?? $"User {c.Id}", LastName = c.User?.LastName, Username = c.User?.Username }
        : new Chat { Id = c.Id, Type = c.Id <= -1_000_000_000_000 ? ChatType.Supergroup : ChatType.Group, Title = c.Title ?? $"Test group {-c.Id}" };

    private static User ToUser(TgUser u) => new() { Id = u.Id, IsBot = false, FirstName = u.FirstName, LastName = u.LastName, Username = u.Username, LanguageCode = "vi" };

    /// <summary>Call under the lock: the message as the Bot API shows it.</summary>
    private Message ToMessage(StoredMessage m)
    {
        var message = new Message
        {
            Id = m.Id,
            From = m.Author is null ? BotUser : ToUser(m.Author),
            Chat = ToChat(_chats[m.ChatId]),
            Date = m.Date.UtcDateTime,
            EditDate = m.EditDate?.UtcDateTime,
            Text = m.Text,
            ReplyMarkup = m.Markup,
        };
        if (m.Author is not null && m.Text.StartsWith('/'))
        {
            var end = m.Text.IndexOfAny([' ', '\n']);
            message.Entities = [new MessageEntity { Type = MessageEntityType.BotCommand, Offset = 0, Length = end < 0 ? m.Text.Length : end }];
        }
        return message;
    }

    /// <summary>Reads reply_markup; only inline keyboards are kept. An empty keyboard counts as none, as on Telegram.</summary>
    private static InlineKeyboardMarkup? ReadMarkup(RecordedCall call)
    {
        if (call.Param("reply_markup") is not { ValueKind: JsonValueKind.Object } raw || !raw.TryGetProperty("inline_keyboard", out _)) return null;
        var markup = raw.Deserialize<InlineKeyboardMarkup>(Json) ?? throw BotApiError.BadRequest("can't parse reply keyboard markup JSON object");
        foreach (var button in markup.InlineKeyboard.SelectMany(r => r))
        {
            if (button.CallbackData is { } data && System.Text.Encoding.UTF8.GetByteCount(data) is < 1 or > 64)
                throw BotApiError.BadRequest("BUTTON_DATA_INVALID");
            if (button.WebApp is { } app && (!app.Url.StartsWith("https://", StringComparison.Ordinal) || call.Param("chat_id") is { ValueKind: JsonValueKind.Number } chat && chat.GetInt64() < 0))
                throw BotApiError.BadRequest("BUTTON_TYPE_INVALID"); // Telegram opens Mini Apps over HTTPS only, from private chats only
            if (button.CallbackData is null && button.Url is null && button.WebApp is null)
                throw BotApiError.BadRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        }
        return markup.InlineKeyboard.Any(r => r.Any()) ? markup : null;
    }

    private static string MarkupKey(InlineKeyboardMarkup? markup) => markup is null ? "" : JsonSerializer.Serialize(markup, Json);

    private static string ReadText(RecordedCall call)
    {
        var text = call.Str("text");
        if (string.IsNullOrEmpty(text)) throw BotApiError.BadRequest("message text is empty");
        if (text.Length > MaxTextLength) throw BotApiError.BadRequest("message is too long");
        return text;
    }

    private JsonNode? SendMessage(RecordedCall call)
    {
        if (call.Param("chat_id") is { ValueKind: JsonValueKind.String } named && named.GetString()!.StartsWith('@'))
            throw BotApiError.BadRequest("chat not found");
        var chatId = JsonArgs.RequireLong(call, "chat_id");
        var text = ReadText(call);
        var markup = ReadMarkup(call);
        lock (_gate)
        {
            if (_blockedChats.Contains(chatId)) throw new BotApiError(403, "Forbidden: bot can't initiate conversation with a user");
            ThrowIfMigrated(chatId);
            var chat = ChatFor(chatId);
            var message = new StoredMessage { ChatId = chatId, Id = chat.NextMessageId++, Author = null, Date = Time.GetUtcNow(), Text = text, Markup = markup };
            chat.Messages.Add(message);
            return ToNode(ToMessage(message));
        }
    }

    /// <summary>editMessageText (<paramref name="textChanges"/>) or editMessageReplyMarkup. Editing the text without
    /// reply_markup removes the keyboard, as on Telegram.</summary>
    private JsonNode? EditMessage(RecordedCall call, bool textChanges)
    {
        if (call.Param("inline_message_id") is not null) throw BotApiError.BadRequest("inline messages are not emulated");
        var chatId = JsonArgs.RequireLong(call, "chat_id");
        var messageId = JsonArgs.RequireInt(call, "message_id");
        var newText = textChanges ? ReadText(call) : null;
        var newMarkup = ReadMarkup(call);
        lock (_gate)
        {
            ThrowIfMigrated(chatId);
            var message = _chats.TryGetValue(chatId, out var chat) ? chat.Messages.Find(m => m.Id == messageId && !m.Deleted) : null;
            if (message is null) throw BotApiError.BadRequest("message to edit not found");
            if (message.Author is not null) throw BotApiError.BadRequest("message can't be edited");
            var text = newText ?? message.Text;
            if (text == message.Text && MarkupKey(newMarkup) == MarkupKey(message.Markup)) throw BotApiError.BadRequest(NotModified);
            message.History.Add(new BotMessageVersion(message.Text, Buttons(message.Markup), message.EditDate ?? message.Date));
            message.Text = text;
            message.Markup = newMarkup;
            message.EditDate = Time.GetUtcNow();
            return ToNode(ToMessage(message));
        }
    }

    private JsonNode? DeleteMessage(RecordedCall call)
    {
        var chatId = JsonArgs.RequireLong(call, "chat_id");
        var messageId = JsonArgs.RequireInt(call, "message_id");
        lock (_gate)
        {
            var message = _chats.TryGetValue(chatId, out var chat) ? chat.Messages.Find(m => m.Id == messageId && !m.Deleted) : null;
            if (message is null) throw BotApiError.BadRequest("message to delete not found");
            message.Deleted = true;
            return true;
        }
    }

    /// <summary>A query can be answered once; an unknown or already answered id gets Telegram's "query is too old".</summary>
    private JsonNode? AnswerCallbackQuery(RecordedCall call)
    {
        var id = call.Str("callback_query_id") ?? throw BotApiError.BadRequest("query_id is empty");
        lock (_gate)
        {
            if (!_callbackAnswers.TryGetValue(id, out var earlier) || earlier is not null)
                throw BotApiError.BadRequest("query is too old and response timeout expired or query ID is invalid");
            _callbackAnswers[id] = new CallbackAnswer(id, call.Str("text"), call.Param("show_alert") is { } alert && JsonArgs.AsBool(alert));
            return true;
        }
    }

    private JsonNode? SetMyCommands(RecordedCall call)
    {
        if (call.Param("commands") is not { ValueKind: JsonValueKind.Array } raw) throw BotApiError.BadRequest("commands is empty");
        var commands = new List<RegisteredCommand>();
        foreach (var c in raw.EnumerateArray())
        {
            var command = c.TryGetProperty("command", out var n) ? n.GetString() ?? "" : "";
            var description = c.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
            if (command.Length is < 1 or > 32 || !command.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
                throw BotApiError.BadRequest("BOT_COMMAND_INVALID");
            if (description.Length is < 1 or > 256) throw BotApiError.BadRequest("BOT_COMMAND_DESCRIPTION_INVALID");
            commands.Add(new RegisteredCommand(command, description));
        }
        lock (_gate) _commands[CommandsKey(ScopeType(call), call.Str("language_code"))] = commands;
        return true;
    }

    private JsonNode? GetMyCommands(RecordedCall call)
    {
        var commands = CommandsFor(ScopeType(call), call.Str("language_code")) ?? [];
        return new JsonArray([.. commands.Select(c => (JsonNode)new JsonObject { ["command"] = c.Command, ["description"] = c.Description })]);
    }

    private static string ScopeType(RecordedCall call) =>
        call.Param("scope") is { ValueKind: JsonValueKind.Object } scope && scope.TryGetProperty("type", out var type) ? type.GetString() ?? "default" : "default";
}
