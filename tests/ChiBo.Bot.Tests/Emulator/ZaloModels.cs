namespace ChiBo.Bot.Tests.Emulator;

/// <summary>A Zalo user as a test defines them. Their private chat with the bot has an id of its own (<see cref="PrivateChatId"/>),
/// not their user id: the platform does not promise the two are equal, so the emulator makes them differ.</summary>
public sealed record ZaloUser(string Id, string DisplayName)
{
    /// <summary>The user key ChiBo stores for this user: "zalo:{id}".</summary>
    public string Key => $"zalo:{Id}";

    /// <summary>The id of this user's private chat with the bot.</summary>
    public string PrivateChatId => $"dm{Id}";
}

/// <summary>A message in a Zalo chat: the bot's (<see cref="Author"/> null) or a user's. <see cref="Delivered"/> is false for a group
/// message the bot never received (it neither mentioned the bot nor replied to it, or the bot is not in groups).</summary>
public sealed record ZaloChatMessage(string ChatId, string MessageId, string Text, DateTimeOffset At, ZaloUser? Author, bool Delivered = true)
{
    public override string ToString() => $"{MessageId} {(Author is null ? "bot" : Author.DisplayName)}{(Delivered ? "" : " (not delivered)")}: {Text}";
}

/// <summary>What getUpdates answers when no event comes.</summary>
public enum ZaloEmptyPoll
{
    /// <summary>Waits for the timeout, then 408 Request timeout.</summary>
    TimeoutAfterWaiting,
    /// <summary>408 Request timeout at once, whatever the timeout asked.</summary>
    TimeoutAtOnce,
    /// <summary>{"ok": true, "result": {}} at once.</summary>
    EmptyResult,
}
