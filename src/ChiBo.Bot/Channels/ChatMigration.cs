using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Channels;

/// <summary>
/// A group chat that changed its id (Telegram turns a group into a supergroup with a new id, and says so with
/// <c>migrate_to_chat_id</c> in a send error and in service messages): every cell and committee bound to the old
/// chat, the notices that name it and the messages still waiting for it move to the new one. Following the same
/// migration again changes nothing.
/// </summary>
public sealed class ChatMigration(Database db, ILogger<ChatMigration> log)
{
    /// <summary>Moves everything bound to <paramref name="oldId"/> on <paramref name="channel"/> to <paramref name="newId"/>;
    /// returns how many cells and committees moved.</summary>
    public int Follow(string channel, string oldId, string newId)
    {
        if (oldId == newId) return 0;
        var (oldKey, newKey) = ($"{channel}:{oldId}", $"{channel}:{newId}");
        var moved = db.InTransaction(() =>
        {
            var count = 0;
            foreach (var cell in db.Cells.Find(c => c.ChatKey == oldKey).ToList())
            {
                (cell.ChatKey, cell.ChatId) = (newKey, newId);
                db.Cells.Update(cell);
                count++;
            }
            foreach (var cell in db.Cells.Find(c => c.LinkedChats.Contains(oldKey)).ToList())
            {
                cell.LinkedChats = cell.LinkedChats.Select(k => k == oldKey ? newKey : k).Distinct().ToList();
                db.Cells.Update(cell);
                count++;
            }
            foreach (var committee in db.Committees.Find(c => c.ChatKey == oldKey).ToList())
            {
                (committee.ChatKey, committee.ChatId) = (newKey, newId);
                db.Committees.Update(committee);
                count++;
            }
            foreach (var notice in db.Notices.Find(n => n.CommitteeChatKey == oldKey).ToList())
            {
                notice.CommitteeChatKey = newKey;
                db.Notices.Update(notice);
            }
            foreach (var item in db.Outbox.Find(i => i.Message.Channel == channel && i.Message.ChatId == oldId).ToList())
            {
                item.Message.ChatId = newId;
                db.Outbox.Update(item);
            }
            return count;
        });
        if (moved > 0) log.LogInformation("Chat {OldChat} became {NewChat} (upgraded to a supergroup); {Count} cells and committees follow it", oldKey, newKey, moved);
        return moved;
    }
}
