using System.Diagnostics.CodeAnalysis;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Flows;

/// <summary>A person's standing in one cell, from least to most.</summary>
public enum Role
{
    Stranger,
    Member,
    Officer,
    Admin,
}

public enum Permission
{
    RegisterCell,
    ConfigureCell,
    AppointOfficer,
    SetDues,
    ManageRoster,
    ViewRoster,
    RequestLink,
    ConfirmLink,
    Review,
    ManageCheckIn,
    AnswerCheckIn,
    ScheduleMeeting,
}

/// <summary>Who may do what: one table, checked in one place (<see cref="Check"/>).</summary>
public sealed class Access(Database db, IOptions<ChiBoOptions> options)
{
    /// <summary>The least role each action needs; every higher role may do it too.</summary>
    public static readonly IReadOnlyDictionary<Permission, Role> Table = new Dictionary<Permission, Role>
    {
        [Permission.RegisterCell] = Role.Admin,
        [Permission.ConfigureCell] = Role.Admin,
        [Permission.AppointOfficer] = Role.Admin,
        [Permission.SetDues] = Role.Officer,
        [Permission.ManageRoster] = Role.Officer,
        [Permission.ViewRoster] = Role.Member,
        [Permission.RequestLink] = Role.Stranger,
        [Permission.ConfirmLink] = Role.Officer,
        [Permission.Review] = Role.Officer,
        [Permission.ManageCheckIn] = Role.Officer,
        [Permission.AnswerCheckIn] = Role.Member,
        [Permission.ScheduleMeeting] = Role.Officer,
    };

    private static readonly IReadOnlyDictionary<Role, string> Who = new Dictionary<Role, string>
    {
        [Role.Admin] = "quản trị viên ChiBo",
        [Role.Officer] = "cán bộ chi bộ (bí thư, phó bí thư, thư ký)",
        [Role.Member] = "đảng viên của chi bộ",
        [Role.Stranger] = "mọi người",
    };

    public bool IsAdmin(ChatUser user) => options.Value.IsAdmin(user.Key);

    public Member? MemberOf(int cellId, ChatUser user) =>
        db.Members.Find(m => m.CellId == cellId && m.Active).FirstOrDefault(m => m.Accounts.Contains(user.Key));

    public Role RoleIn(Cell? cell, ChatUser user)
    {
        if (IsAdmin(user)) return Role.Admin;
        if (cell is null) return Role.Stranger;
        var member = MemberOf(cell.Id, user);
        if (member is null) return Role.Stranger;
        return member.Role == OfficerRole.None ? Role.Member : Role.Officer;
    }

    public bool Allows(Cell? cell, ChatUser user, Permission permission) => RoleIn(cell, user) >= Table[permission];

    /// <summary>Null when allowed; otherwise the polite refusal naming who may do it.</summary>
    public string? Check(Cell? cell, ChatUser user, Permission permission) =>
        Allows(cell, user, permission) ? null : $"Xin lỗi, chỉ {Who[Table[permission]]} mới được làm việc này.";

    /// <summary>For a command used in a cell's group: true when allowed; otherwise why not (not a group, not a cell, not allowed).</summary>
    public bool AllowsInGroup(ChatEvent ev, [NotNullWhen(true)] Cell? cell, Permission permission, [NotNullWhen(false)] out string? refusal)
    {
        refusal = ev.Chat.Kind != ChatKind.Group ? "Lệnh này dùng trong nhóm chat của chi bộ."
            : cell is null ? "Nhóm này chưa được đăng ký là chi bộ. Quản trị viên gõ /taochibo Tên chi bộ để đăng ký."
            : Check(cell, ev.User, permission);
        return refusal is null;
    }

    /// <summary>The cells in which the user is an officer (admins: none unless they are officers too).</summary>
    public List<Cell> CellsWhereOfficer(ChatUser user)
    {
        var ids = db.Members.Find(m => m.Active && m.Role != OfficerRole.None).Where(m => m.Accounts.Contains(user.Key)).Select(m => m.CellId).ToHashSet();
        return db.Cells.FindAll().Where(c => ids.Contains(c.Id)).ToList();
    }
}
