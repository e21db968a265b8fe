using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Flows;

/// <summary>Where a direct message to a user goes: the private chat recorded when they last wrote to the bot
/// (<see cref="PrivateChat"/>; Zalo's private chat ids are not user ids), else, on channels where the private chat is the
/// user id (Telegram, the console), the user id. Null for a Zalo user who never wrote to the bot: they cannot be reached.</summary>
public static class Direct
{
    public static ChatRef? ChatOf(Database db, string userKey)
    {
        if (db.PrivateChats.FindById(userKey) is { } recorded) return Parse(userKey) is { } u ? new ChatRef(u.Channel, recorded.ChatId, ChatKind.Private) : null;
        return Parse(userKey) is { Channel: not Zalo.ZaloChannel.Name } user ? new ChatRef(user.Channel, user.Id, ChatKind.Private) : null;
    }

    public static ChatRef? ChatOf(Database db, ChatUser user) => ChatOf(db, user.Key);

    /// <summary>Records a private chat the user wrote in (only where it can differ from the user id).</summary>
    public static void Record(Database db, ChatUser user, ChatRef chat)
    {
        if (chat.Kind != ChatKind.Private || db.PrivateChats.FindById(user.Key)?.ChatId == chat.Id) return;
        db.PrivateChats.Upsert(new PrivateChat { Id = user.Key, ChatId = chat.Id });
    }

    /// <summary>"telegram:42" or a bare Telegram id "42" (ChiBo:Admins) → (channel, id).</summary>
    private static (string Channel, string Id)? Parse(string key)
    {
        var colon = key.IndexOf(':');
        if (colon < 0) return key.Length > 0 ? ("telegram", key) : null;
        return colon > 0 && colon < key.Length - 1 ? (key[..colon], key[(colon + 1)..]) : null;
    }
}
