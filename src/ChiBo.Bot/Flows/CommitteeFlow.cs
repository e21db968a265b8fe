using System.Globalization;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;

namespace ChiBo.Bot.Flows;

/// <summary>
/// Setting up a committee (cấp ủy cấp trên) in its own group chat: an admin registers the chat, attaches
/// cells to it and appoints committee members. A person asks to be appointed with /uyvien in the
/// committee's chat; an admin confirms with a button. Every action checks <see cref="Access"/> first.
/// </summary>
public sealed class CommitteeFlow(Database db, Access access, TimeProvider time)
{
    public const string ButtonPrefix = "cu:";
    private const string GroupOnly = "Lệnh này dùng trong nhóm chat của cấp ủy.";
    private const string NotRegistered = "Nhóm này chưa được đăng ký là cấp ủy. Quản trị viên gõ /taocapuy Tên cấp ủy để đăng ký.";

    /// <summary>Handles a committee setup command; null when the command is not one.</summary>
    public Reply? Handle(ChatEvent ev, Command cmd)
    {
        Func<ChatEvent, Committee, string, Reply>? action = cmd.Name switch
        {
            "ganchibo" => (e, c, a) => Say(e, AttachCells(e, c, a)),
            "gochibo" => (e, c, a) => Say(e, DetachCells(e, c, a)),
            "uyvien" => Members,
            "xoauyvien" => (e, c, a) => Say(e, RemoveMember(e, c, a)),
            _ => null,
        };
        if (cmd.Name == "taocapuy") return Say(ev, Register(ev, cmd.Args));
        if (action is null) return null;
        if (ev.Chat.Kind != ChatKind.Group) return Say(ev, GroupOnly);
        if (Of(ev.Chat) is not { } committee) return Say(ev, NotRegistered);
        return action(ev, committee, cmd.Args);
    }

    public Committee? Of(ChatRef chat) => db.Committees.FindOne(c => c.ChatKey == chat.Key);

    private static Reply Say(ChatEvent ev, string text) => new Reply().Say(ev.Chat, text);

    private string Register(ChatEvent ev, string name)
    {
        if (ev.Chat.Kind != ChatKind.Group) return GroupOnly;
        var existing = Of(ev.Chat);
        if (access.Check(existing, ev.User, Permission.RegisterCommittee) is { } refusal) return refusal;
        if (existing is not null) return $"Nhóm này đã được đăng ký là {existing.Name}.";
        if (db.Cells.FindOne(c => c.ChatKey == ev.Chat.Key) is { } cell)
            return $"Nhóm này là nhóm của {cell.Name}. Cấp ủy cần một nhóm chat riêng.";
        name = name.Trim();
        if (name.Length is 0 or > 100) return "Hãy gõ tên cấp ủy sau lệnh, ví dụ: /taocapuy Đảng ủy phường Tân Mai.";
        db.Committees.Insert(new Committee
        {
            Name = name, ChatKey = ev.Chat.Key, Channel = ev.Chat.Channel, ChatId = ev.Chat.Id, CreatedAt = time.GetUtcNow(),
        });
        return $"Đã đăng ký nhóm này là {name}.\n\nTiếp theo: gắn các chi bộ bằng /ganchibo (gõ không kèm số để xem mã các chi bộ), "
            + "và mỗi ủy viên gõ /uyvien trong nhóm này để quản trị viên bổ nhiệm.";
    }

    private string AttachCells(ChatEvent ev, Committee committee, string args)
    {
        if (access.Check(committee, ev.User, Permission.AttachCell) is { } refusal) return refusal;
        var cells = db.Cells.FindAll().OrderBy(c => c.Id).ToList();
        if (string.IsNullOrWhiteSpace(args))
        {
            if (cells.Count == 0) return "Chưa có chi bộ nào được đăng ký. Quản trị viên gõ /taochibo trong nhóm của từng chi bộ trước.";
            var names = db.Committees.FindAll().ToDictionary(c => c.Id, c => c.Name);
            var lines = cells.Select(c => $"• mã {c.Id} — {c.Name} ("
                + (c.CommitteeId is { } id && names.TryGetValue(id, out var n) ? $"thuộc {n}" : "chưa thuộc cấp ủy nào") + ")");
            return $"Các chi bộ đã đăng ký:\n{string.Join("\n", lines)}\n\nGắn vào {committee.Name}: /ganchibo <mã>, ví dụ /ganchibo {cells[0].Id}.";
        }
        if (!TryParseIds(args, out var ids, out var error)) return error + " Ví dụ: /ganchibo 3 5.";
        var said = new List<string>();
        foreach (var id in ids)
        {
            var cell = cells.Find(c => c.Id == id);
            if (cell is null) { said.Add($"Không có chi bộ mã {id}."); continue; }
            if (cell.CommitteeId == committee.Id) { said.Add($"{cell.Name} đã thuộc {committee.Name}."); continue; }
            var from = cell.CommitteeId is { } old ? db.Committees.FindById(old)?.Name : null;
            cell.CommitteeId = committee.Id;
            db.Cells.Update(cell);
            said.Add($"Đã gắn {cell.Name} vào {committee.Name}" + (from is null ? "." : $" (chuyển từ {from})."));
        }
        return string.Join("\n", said);
    }

    private string DetachCells(ChatEvent ev, Committee committee, string args)
    {
        if (access.Check(committee, ev.User, Permission.AttachCell) is { } refusal) return refusal;
        if (!TryParseIds(args, out var ids, out var error)) return error + " Ví dụ: /gochibo 3. Xem mã các chi bộ bằng /ganchibo.";
        return string.Join("\n", ids.Select(id =>
        {
            var cell = db.Cell(id);
            if (cell is null || cell.CommitteeId != committee.Id) return $"Chi bộ mã {id} không thuộc {committee.Name}.";
            cell.CommitteeId = null;
            db.Cells.Update(cell);
            return $"Đã gỡ {cell.Name} khỏi {committee.Name}. Các kết quả đã ghi của chi bộ vẫn được giữ.";
        }));
    }

    /// <summary>/uyvien: an admin sees the members; anyone else asks to be appointed.</summary>
    private Reply Members(ChatEvent ev, Committee committee, string args)
    {
        if (access.IsAdmin(ev.User))
        {
            var list = committee.Members.Count == 0
                ? " chưa có ai"
                : "\n" + string.Join("\n", committee.Members.Select((m, i) => $"{i + 1}. {m.DisplayName}"));
            return Say(ev, $"Ủy viên của {committee.Name}:{list}\n\n"
                + "Để bổ nhiệm: người đó gõ /uyvien trong nhóm này, rồi quản trị viên bấm Bổ nhiệm. Bỏ bổ nhiệm: /xoauyvien <số thứ tự>.");
        }
        if (access.Check(committee, ev.User, Permission.RequestCommitteeMembership) is { } refusal) return Say(ev, refusal);
        if (committee.HasMember(ev.User.Key)) return Say(ev, $"{ev.User.DisplayName}: đồng chí đã là ủy viên của {committee.Name}.");
        if (committee.PendingMembers.All(p => p.UserKey != ev.User.Key))
        {
            committee.PendingMembers.Add(new PendingLink { UserKey = ev.User.Key, DisplayName = ev.User.DisplayName });
            db.Committees.Update(committee);
        }
        var data = $"{committee.Id}:{ev.User.Key}";
        return new Reply().Say(ev.Chat, $"{ev.User.DisplayName} xin được bổ nhiệm là ủy viên của {committee.Name}. Quản trị viên bấm Bổ nhiệm hoặc Từ chối.",
            [[new Choice("✅ Bổ nhiệm", $"{ButtonPrefix}y:{data}"), new Choice("✖ Từ chối", $"{ButtonPrefix}n:{data}")]]);
    }

    private string RemoveMember(ChatEvent ev, Committee committee, string args)
    {
        if (access.Check(committee, ev.User, Permission.AppointCommitteeMember) is { } refusal) return refusal;
        if (!int.TryParse(args.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > committee.Members.Count)
            return committee.Members.Count == 0
                ? $"{committee.Name} chưa có ủy viên nào."
                : $"Hãy gõ số thứ tự từ 1 đến {committee.Members.Count}, ví dụ: /xoauyvien 1. Xem danh sách bằng /uyvien.";
        var member = committee.Members[n - 1];
        committee.Members.RemoveAt(n - 1);
        db.Committees.Update(committee);
        return $"{member.DisplayName} không còn là ủy viên của {committee.Name}.";
    }

    /// <summary>"cu:y:{committee}:{user}" appoints, "cu:n:{committee}:{user}" refuses; only an admin may press them.</summary>
    public Reply HandleButton(ChatEvent ev)
    {
        var invalid = new Reply { Toast = "Nút này không hợp lệ hoặc đã cũ." };
        var parts = ev.ButtonData![ButtonPrefix.Length..].Split(':', 3);
        if (parts.Length != 3 || parts[0] is not ("y" or "n") || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return invalid;
        var committee = db.Committees.FindById(id);
        if (committee is null || committee.ChatKey != ev.Chat.Key) return invalid;
        if (access.Check(committee, ev.User, Permission.AppointCommitteeMember) is { } refusal) return new Reply { Toast = refusal };
        var pending = committee.PendingMembers.FirstOrDefault(p => p.UserKey == parts[2]);
        if (pending is null) return new Reply { Toast = "Yêu cầu này đã được xử lý." };
        committee.PendingMembers.Remove(pending);
        var appoint = parts[0] == "y";
        if (appoint && !committee.HasMember(pending.UserKey))
            committee.Members.Add(new CommitteeMember { UserKey = pending.UserKey, DisplayName = pending.DisplayName, AppointedAt = time.GetUtcNow() });
        db.Committees.Update(committee);
        var outcome = appoint
            ? $"Đã bổ nhiệm {pending.DisplayName} là ủy viên của {committee.Name}. Từ nay {pending.DisplayName} xem được kết quả các chi bộ của cấp ủy (/thang, /quy, /nam, /ketqua)."
            : $"Đã từ chối yêu cầu của {pending.DisplayName}.";
        return new Reply { Toast = appoint ? "Đã bổ nhiệm." : "Đã từ chối." }.Say(ev.Chat, outcome);
    }

    private static bool TryParseIds(string args, out List<int> ids, out string error)
    {
        ids = [];
        error = "";
        foreach (var token in args.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = $"\"{Vietnamese.Shorten(token, 20)}\" không phải mã chi bộ.";
                return false;
            }
            ids.Add(id);
        }
        if (ids.Count == 0) error = "Hãy gõ mã chi bộ sau lệnh.";
        ids = ids.Distinct().ToList();
        return error.Length == 0;
    }
}
