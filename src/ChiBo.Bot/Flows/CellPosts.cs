using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Flows;

/// <summary>
/// Where what is meant for a cell's group goes: every group of the cell; for a group-less cell (a Zalo bot that cannot join
/// groups), the officers' private chats instead — or the admin who registered it while no officer is linked — under a line
/// asking them to forward it to the members.
/// </summary>
public static class CellPosts
{
    public const string ForwardHeader = "📨 Chi bộ chưa có nhóm để ChiBo gửi vào. Đề nghị đồng chí chuyển tiếp tin dưới đây tới các đảng viên:";

    /// <summary>The chats, and the text each one gets.</summary>
    public static List<(ChatRef Chat, string Text)> For(Database db, Cell cell, string text)
    {
        if (!cell.IsGroupless) return cell.Chats().Select(c => (c, text)).ToList();
        var officers = Roster.Of(db, cell.Id).Where(m => m.Role != OfficerRole.None).SelectMany(m => m.Accounts).ToList();
        if (officers.Count == 0 && cell.RegisteredBy.Length > 0) officers.Add(cell.RegisteredBy);
        return officers.Select(a => Direct.ChatOf(db, a)).OfType<ChatRef>().Distinct().Select(c => (c, $"{ForwardHeader}\n\n{text}")).ToList();
    }

    public static Reply Post(this Reply reply, Database db, Cell cell, string text, MessagePriority priority = MessagePriority.Normal)
    {
        foreach (var (chat, said) in For(db, cell, text))
        {
            reply.Say(chat, said);
            reply.Messages[^1].Priority = priority;
        }
        return reply;
    }
}
