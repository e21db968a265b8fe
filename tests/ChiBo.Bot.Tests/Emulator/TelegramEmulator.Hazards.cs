using System.Globalization;
using System.Text.Json.Nodes;
using Telegram.Bot.Types;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>What Telegram does that a bot must survive: a group upgraded to a supergroup (a new chat id, service messages,
/// and 400 with migrate_to_chat_id for the old id) and updates a strict JSON reader cannot read.</summary>
public sealed partial class TelegramEmulator
{
    private readonly Dictionary<long, long> _migratedTo = [];
    private readonly HashSet<int> _rawUpdates = [];

    /// <summary>The group <paramref name="groupId"/> becomes the supergroup <paramref name="supergroupId"/>, with the same title.
    /// From now on sending or editing in the old id fails with 400 and parameters.migrate_to_chat_id, as on Telegram. With
    /// <paramref name="serviceMessages"/>, the two service messages are delivered (migrate_to_chat_id in the old chat, then
    /// migrate_from_chat_id in the new one); returns their update ids, or an empty array.</summary>
    public int[] MigrateToSupergroup(TgUser by, long groupId, long supergroupId, bool serviceMessages = true)
    {
        lock (_gate)
        {
            var old = ChatFor(groupId);
            var created = ChatFor(supergroupId);
            created.Title = old.Title;
            _migratedTo[groupId] = supergroupId;
            if (!serviceMessages) return [];
            var now = Time.GetUtcNow().UtcDateTime;
            var to = EnqueueUpdate(new Update { Message = new Message { Id = old.NextMessageId++, From = ToUser(by), Chat = ToChat(old), Date = now, MigrateToChatId = supergroupId } });
            var from = EnqueueUpdate(new Update { Message = new Message { Id = created.NextMessageId++, From = ToUser(by), Chat = ToChat(created), Date = now, MigrateFromChatId = groupId } });
            return [to, from];
        }
    }

    /// <summary>Call under the lock: the error Telegram answers for a chat that became a supergroup.</summary>
    private void ThrowIfMigrated(long chatId)
    {
        if (_migratedTo.TryGetValue(chatId, out var to))
            throw new BotApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", new JsonObject { ["migrate_to_chat_id"] = to });
    }

    /// <summary>Enqueues a text message whose JSON holds a lone UTF-16 surrogate (<c>\ud83d</c> with no low half), served
    /// byte for byte as given: Telegram can send it, System.Text.Json refuses to read it. Returns its update id.</summary>
    public int EnqueueLoneSurrogateText(TgUser from, long chatId)
    {
        lock (_gate)
        {
            var chat = ChatOf(from, chatId, null);
            var id = _nextUpdateId++;
            var date = Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var json = $$$"""{"update_id":{{{id}}},"message":{"message_id":{{{chat.NextMessageId++}}},"from":{"id":{{{from.Id}}},"is_bot":false,"first_name":"{{{from.FirstName}}}"},"chat":{"id":{{{chatId}}},"type":"{{{(chatId > 0 ? "private" : "group")}}}"},"date":{{{date}}},"text":"/help \ud83d"}}""";
            _rawUpdates.Add(id);
            Enqueue(new PendingUpdate(id, json, redelivery: false));
            return id;
        }
    }

    /// <summary>Call under the lock: a batch holding a raw update is answered byte for byte (<see cref="RawResult"/>).</summary>
    private void ThrowIfRaw(IReadOnlyList<PendingUpdate> batch)
    {
        if (batch.Any(p => _rawUpdates.Contains(p.UpdateId)))
            throw new RawResult("[" + string.Join(",", batch.Select(p => p.Json)) + "]");
    }
}
