using System.Globalization;
using System.Text.Json.Nodes;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>Chats and the bot's sendMessage: plain text of 1 to 2000 characters, to a chat that someone wrote in.</summary>
public sealed partial class ZaloEmulator
{
    public const int MaxTextLength = 2000;
    private readonly Dictionary<string, List<ZaloChatMessage>> _chats = [];
    private long _nextBotMessageId = 9_000_000_001;

    /// <summary>The bot's messages in a chat, oldest first.</summary>
    public IReadOnlyList<ZaloChatMessage> MessagesIn(string chatId)
    {
        lock (_gate) return _chats.TryGetValue(chatId, out var chat) ? [.. chat.Where(m => m.Author is null)] : [];
    }

    public ZaloChatMessage? LastMessageIn(string chatId) => MessagesIn(chatId).LastOrDefault();

    /// <summary>Whether <paramref name="messageId"/> is one of the bot's messages in the chat. Call under the lock.</summary>
    private bool IsBotMessage(string chatId, string messageId) =>
        _chats.TryGetValue(chatId, out var chat) && chat.Any(m => m.Author is null && m.MessageId == messageId);

    /// <summary>Everything in a chat, users' messages (delivered or not) and the bot's, oldest first.</summary>
    public IReadOnlyList<ZaloChatMessage> AllMessagesIn(string chatId)
    {
        lock (_gate) return _chats.TryGetValue(chatId, out var chat) ? [.. chat] : [];
    }

    /// <summary>Call under the lock.</summary>
    private List<ZaloChatMessage> ChatFor(string chatId)
    {
        if (!_chats.TryGetValue(chatId, out var chat)) _chats[chatId] = chat = [];
        return chat;
    }

    private JsonNode? SendMessage(RecordedCall call)
    {
        var chatId = call.Str("chat_id");
        var text = call.Str("text");
        if (string.IsNullOrEmpty(chatId)) throw BotApiError.BadRequest("chat_id is empty");
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength) throw BotApiError.BadRequest($"text must be 1 to {MaxTextLength} characters");
        lock (_gate)
        {
            if (!_chats.TryGetValue(chatId, out var chat)) throw BotApiError.BadRequest("chat not found");
            var isPrivate = chat.Any(m => m.Author?.PrivateChatId == chatId);
            if (!isPrivate && !CanJoinGroups) throw BotApiError.BadRequest("the bot is not a member of this group");
            var message = new ZaloChatMessage(chatId, (_nextBotMessageId++).ToString(CultureInfo.InvariantCulture), text, Time.GetUtcNow(), null);
            chat.Add(message);
            Echo(message, isPrivate);
            return new JsonObject { ["message_id"] = message.MessageId, ["date"] = message.At.ToUnixTimeMilliseconds() };
        }
    }
}
