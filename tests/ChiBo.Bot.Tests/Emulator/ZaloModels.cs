namespace ChiBo.Bot.Tests.Emulator;

/// <summary>A Zalo user as a test defines them; their private chat with the bot has the same id.</summary>
public sealed record ZaloUser(string Id, string DisplayName)
{
    /// <summary>The user key ChiBo stores for this user: "zalo:{id}".</summary>
    public string Key => $"zalo:{Id}";
}

/// <summary>A message in a Zalo chat: the bot's (<see cref="Author"/> null) or a user's.</summary>
public sealed record ZaloChatMessage(string ChatId, string MessageId, string Text, DateTimeOffset At, ZaloUser? Author)
{
    public override string ToString() => $"{MessageId} {(Author is null ? "bot" : Author.DisplayName)}: {Text}";
}
