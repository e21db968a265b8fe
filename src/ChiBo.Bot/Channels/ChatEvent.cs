namespace ChiBo.Bot.Channels;

public enum ChatKind
{
    Private,
    Group,
}

/// <summary>Who sent an event, as the channel knows them. <see cref="Key"/> is "telegram:123"; <see cref="Handle"/> is the
/// channel's unique user name (Telegram's @username) when there is one.</summary>
public sealed record ChatUser(string Channel, string Id, string DisplayName, string? Handle = null)
{
    public string Key => $"{Channel}:{Id}";
}

/// <summary>A chat on a channel. <see cref="Key"/> is "telegram:-100123".</summary>
public sealed record ChatRef(string Channel, string Id, ChatKind Kind)
{
    public string Key => $"{Channel}:{Id}";
}

/// <summary>
/// What every channel turns its input into: a typed text or a pressed button, by a user, in a chat.
/// Nothing past this point knows which messenger it came from. <paramref name="ReplyTo"/> is the id of the message
/// this one replies to, where the channel reports it (Zalo); <paramref name="IsUnsupported"/> marks something that is
/// not text (a picture, a sticker) sent where the bot should say what it reads.
/// </summary>
public sealed record ChatEvent(
    string UpdateId,
    ChatRef Chat,
    ChatUser User,
    string? Text,
    string? ButtonData,
    string? MessageId,
    DateTimeOffset At,
    bool IsEdit = false,
    string? ReplyTo = null,
    bool IsUnsupported = false)
{
    public bool IsButton => ButtonData is not null;

    /// <summary>The key that makes an update count once: "telegram:42".</summary>
    public string DedupeKey => $"{Chat.Channel}:{UpdateId}";
}

/// <summary>A button: what it says and the data it sends back. <paramref name="Typed"/> is what to type for the same
/// effect on a channel without buttons (Zalo, the console); null when the message text already says what to type.
/// <paramref name="WebAppUrl"/>: on Telegram the button opens this page as a Mini App instead of sending data back.</summary>
public sealed record Choice(string Label, string Data, string? Typed = null, string? WebAppUrl = null);

/// <summary>How a message relates to the conversation's wizard message.</summary>
public enum Placement
{
    /// <summary>A plain new message.</summary>
    New,
    /// <summary>Replace the wizard message in place (after a button press).</summary>
    EditWizard,
    /// <summary>Send the wizard message anew at the bottom of the chat (after a typed answer).</summary>
    NewWizard,
    /// <summary>Keep a shared message up to date where the channel can edit it in place (Telegram); a channel that
    /// cannot edit sends nothing, so twenty answers are not twenty copies of a list (the flow says each change briefly).</summary>
    RefreshWizard,
}

/// <summary>How much a message matters when a channel must ration what it sends (Zalo's monthly quota).</summary>
public enum MessagePriority
{
    /// <summary>Answers, prompts, the posted rating: always sent.</summary>
    Normal,
    /// <summary>Reminders: left out once a quota is nearly used, so the essentials still fit.</summary>
    Low,
}

/// <summary>What the flows produce; each channel renders it as well as it can.</summary>
public sealed class OutgoingMessage
{
    public MessagePriority Priority { get; set; }
    /// <summary>Sent to a group (where Zalo passes the bot only replies and mentions, so its typed choices read "reply").</summary>
    public bool InGroup { get; set; }
    public string Channel { get; set; } = "";
    public string ChatId { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>Rows of buttons; channels without buttons list what to type instead.</summary>
    public List<List<Choice>> Choices { get; set; } = [];
    public Placement Placement { get; set; }
    /// <summary>Which wizard message this is, per chat ("review:3:2026-11").</summary>
    public string? WizardKey { get; set; }
    /// <summary>A file sent with the text as its caption (an export, a chart); its bytes are in the database (<see cref="Storage.FileStore"/>).</summary>
    public FileAttachment? Attachment { get; set; }
}

/// <summary>A stored file an outgoing message carries: a document (XLSX, DOCX) or a photo (PNG chart).</summary>
public sealed class FileAttachment
{
    public string FileId { get; set; } = "";
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public bool IsPhoto { get; set; }
}

/// <summary>A flow's answer to one event: messages to send and a short toast for a pressed button.</summary>
public sealed class Reply
{
    public List<OutgoingMessage> Messages { get; } = [];
    public string? Toast { get; set; }

    public Reply Say(ChatRef chat, string text, List<List<Choice>>? choices = null)
    {
        Messages.Add(new OutgoingMessage { Channel = chat.Channel, ChatId = chat.Id, Text = text, Choices = choices ?? [], InGroup = chat.Kind == ChatKind.Group });
        return this;
    }

    /// <summary>The same text to several chats, e.g. every group of a cell (Telegram and Zalo).</summary>
    public Reply SayTo(IEnumerable<ChatRef> chats, string text)
    {
        foreach (var chat in chats) Say(chat, text);
        return this;
    }

    /// <summary>A file with <paramref name="caption"/>; the bytes were stored with <see cref="Storage.FileStore.Save"/>.</summary>
    public Reply File(ChatRef chat, string caption, FileAttachment file)
    {
        Messages.Add(new OutgoingMessage { Channel = chat.Channel, ChatId = chat.Id, Text = caption, Attachment = file });
        return this;
    }

    public Reply Wizard(ChatRef chat, string key, string text, List<List<Choice>> choices, bool inPlace) =>
        Wizard(chat, key, text, choices, inPlace ? Placement.EditWizard : Placement.NewWizard);

    public Reply Wizard(ChatRef chat, string key, string text, List<List<Choice>> choices, Placement placement)
    {
        Messages.Add(new OutgoingMessage { Channel = chat.Channel, ChatId = chat.Id, Text = text, Choices = choices, WizardKey = key, Placement = placement, InGroup = chat.Kind == ChatKind.Group });
        return this;
    }
}
