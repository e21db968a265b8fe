using System.Globalization;
using Telegram.Bot.Types;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>What the test's users do: type, press buttons, edit what they typed. Each action enqueues one
/// update and returns its update_id; the …AndWaitAsync forms also wait until the bot processed it.</summary>
public sealed partial class TelegramEmulator
{
    private readonly Dictionary<int, string> _callbackIdByUpdate = [];
    private readonly Dictionary<int, (long ChatId, int MessageId)> _userMessageByUpdate = [];
    private long _nextCallbackId = 4_000_000_000_000_000_001;

    /// <summary>A user types <paramref name="text"/> in a chat: the private chat when <paramref name="chatId"/> is
    /// their own id, otherwise a group (negative id) whose title is remembered from <paramref name="groupTitle"/>.
    /// Writing in the private chat lifts a <see cref="BlockChat"/>.</summary>
    public int SendText(TgUser from, long chatId, string text, string? groupTitle = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        lock (_gate)
        {
            var chat = ChatOf(from, chatId, groupTitle);
            if (chatId > 0) _blockedChats.Remove(chatId);
            var message = new StoredMessage { ChatId = chatId, Id = chat.NextMessageId++, Author = from, Date = Time.GetUtcNow(), Text = text };
            chat.Messages.Add(message);
            var id = EnqueueUpdate(new Update { Message = ToMessage(message) });
            _userMessageByUpdate[id] = (chatId, message.Id);
            return id;
        }
    }

    /// <summary>A user writes to the bot in their private chat.</summary>
    public int SendPrivateText(TgUser from, string text) => SendText(from, from.Id, text);

    /// <summary>A user edits a message they typed earlier (an edited_message update).</summary>
    public int EditText(TgUser from, long chatId, int messageId, string newText)
    {
        ArgumentException.ThrowIfNullOrEmpty(newText);
        lock (_gate)
        {
            var message = (_chats.TryGetValue(chatId, out var chat) ? chat.Messages.Find(m => m.Id == messageId) : null)
                ?? throw new ArgumentException($"There is no message {messageId} in chat {chatId}.", nameof(messageId));
            if (message.Author?.Id != from.Id) throw new ArgumentException($"Message {messageId} in chat {chatId} was not written by user {from.Id}.", nameof(from));
            message.History.Add(new BotMessageVersion(message.Text, [], message.EditDate ?? message.Date));
            message.Text = newText;
            message.EditDate = Time.GetUtcNow();
            return EnqueueUpdate(new Update { EditedMessage = ToMessage(message) });
        }
    }

    /// <summary>The message id the user's text got, from the update id <see cref="SendText"/> returned.</summary>
    public int UserMessageIdOf(int updateId)
    {
        lock (_gate)
            return _userMessageByUpdate.TryGetValue(updateId, out var m) ? m.MessageId : throw new ArgumentException($"Update {updateId} is not a typed message.", nameof(updateId));
    }

    /// <summary>A user presses the button with callback data <paramref name="data"/> under a bot message. The button
    /// must be on the message's current keyboard unless <paramref name="allowMissingButton"/> (a stale client).</summary>
    public int PressButton(TgUser from, long chatId, int messageId, string data, bool allowMissingButton = false)
    {
        lock (_gate)
        {
            var message = (_chats.TryGetValue(chatId, out var chat) ? chat.Messages.Find(m => m.Id == messageId && m.Author is null && !m.Deleted) : null)
                ?? throw new ArgumentException($"The bot has no message {messageId} in chat {chatId}.", nameof(messageId));
            var buttons = Buttons(message.Markup).SelectMany(r => r).ToList();
            if (!allowMissingButton && buttons.All(b => b.Data != data))
                throw new InvalidOperationException($"Message {messageId} in chat {chatId} has no button with data \"{data}\"; it has: "
                    + (buttons.Count == 0 ? "no buttons" : string.Join(" | ", buttons.Select(b => $"{b.Text} [{b.Data}]"))));
            var callbackId = (_nextCallbackId++).ToString(CultureInfo.InvariantCulture);
            _callbackAnswers[callbackId] = null;
            var query = new CallbackQuery
            {
                Id = callbackId,
                From = ToUser(from),
                Message = ToMessage(message),
                ChatInstance = $"ci{chatId}",
                Data = data,
            };
            var id = EnqueueUpdate(new Update { CallbackQuery = query });
            _callbackIdByUpdate[id] = callbackId;
            return id;
        }
    }

    /// <summary>A user presses the button labelled <paramref name="label"/> (exact, or the single one containing it).</summary>
    public int PressButton(TgUser from, BotMessage message, string label) =>
        PressButton(from, message.ChatId, message.MessageId, message.Button(label).Data
            ?? throw new InvalidOperationException($"Button \"{label}\" has no callback data."));

    /// <summary>The callback query id of a <see cref="PressButton(TgUser,long,int,string,bool)"/> update.</summary>
    public string CallbackQueryIdOf(int updateId)
    {
        lock (_gate)
            return _callbackIdByUpdate.TryGetValue(updateId, out var id) ? id : throw new ArgumentException($"Update {updateId} is not a button press.", nameof(updateId));
    }

    /// <summary>The toast the bot showed for a button press (answerCallbackQuery text); null if none or not answered.</summary>
    public string? ToastFor(int updateId) => AnswerOf(CallbackQueryIdOf(updateId))?.Text;

    /// <summary>Whether the bot answered the callback query of a button press at all.</summary>
    public bool WasAnswered(int updateId) => AnswerOf(CallbackQueryIdOf(updateId)) is not null;

    public async Task<int> SendTextAndWaitAsync(TgUser from, long chatId, string text, string? groupTitle = null, TimeSpan? timeout = null)
    {
        var id = SendText(from, chatId, text, groupTitle);
        await WaitUntilProcessedAsync(id, timeout);
        return id;
    }

    public Task<int> SendPrivateTextAndWaitAsync(TgUser from, string text, TimeSpan? timeout = null) =>
        SendTextAndWaitAsync(from, from.Id, text, null, timeout);

    public async Task<int> EditTextAndWaitAsync(TgUser from, long chatId, int messageId, string newText, TimeSpan? timeout = null)
    {
        var id = EditText(from, chatId, messageId, newText);
        await WaitUntilProcessedAsync(id, timeout);
        return id;
    }

    public async Task<int> PressAndWaitAsync(TgUser from, long chatId, int messageId, string data, TimeSpan? timeout = null)
    {
        var id = PressButton(from, chatId, messageId, data);
        await WaitUntilProcessedAsync(id, timeout);
        return id;
    }

    public async Task<int> PressAndWaitAsync(TgUser from, BotMessage message, string label, TimeSpan? timeout = null)
    {
        var id = PressButton(from, message, label);
        await WaitUntilProcessedAsync(id, timeout);
        return id;
    }

    /// <summary>Call under the lock: the chat a user acts in, remembering who they are and the group's title.</summary>
    private ChatState ChatOf(TgUser from, long chatId, string? groupTitle)
    {
        if (chatId > 0 && chatId != from.Id)
            throw new ArgumentException($"Chat {chatId} is positive, so it is a private chat, but user {from.Id} is not its owner; groups have negative ids.", nameof(chatId));
        var chat = ChatFor(chatId);
        if (chatId > 0) chat.User = from;
        else if (groupTitle is not null) chat.Title = groupTitle;
        return chat;
    }
}
