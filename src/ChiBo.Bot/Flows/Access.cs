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
    /// <summary>An appointed member of the committee following the cell: sees every cell of that committee.</summary>
    CommitteeMember,
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
    RegisterCommittee,
    AttachCell,
    AppointCommitteeMember,
    RequestCommitteeMembership,
    ViewCellResults,
    ViewCommitteeResults,
    ManageCheckIn,
    AnswerCheckIn,
    ScheduleMeeting,
    ImportResults,
    /// <summary>Comment on (or adjust) a cell's posted month as its committee: checked against the committee only.</summary>
    CommentAsCommittee,
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
        [Permission.RegisterCommittee] = Role.Admin,
        [Permission.AttachCell] = Role.Admin,
        [Permission.AppointCommitteeMember] = Role.Admin,
        [Permission.RequestCommitteeMembership] = Role.Stranger,
        [Permission.ViewCellResults] = Role.Member,
        [Permission.ViewCommitteeResults] = Role.CommitteeMember,
        [Permission.ManageCheckIn] = Role.Officer,
        [Permission.AnswerCheckIn] = Role.Member,
        [Permission.ScheduleMeeting] = Role.Officer,
        // An officer of the cell, or a member of the committee following it (it holds the paper records too).
        [Permission.ImportResults] = Role.CommitteeMember,
        [Permission.CommentAsCommittee] = Role.CommitteeMember,
    };

    private static readonly IReadOnlyDictionary<Role, string> Who = new Dictionary<Role, string>
    {
        [Role.Admin] = "quản trị viên ChiBo",
        [Role.Officer] = "cán bộ chi bộ (bí thư, phó bí thư, thư ký)",
        [Role.CommitteeMember] = "ủy viên của cấp ủy",
        [Role.Member] = "đảng viên của chi bộ",
        [Role.Stranger] = "mọi người",
    };

    public bool IsAdmin(ChatUser user) => options.Value.IsAdmin(user.Key);

    public Member? MemberOf(int cellId, ChatUser user) =>
        db.ActiveMember(cellId, m => m.Accounts.Contains(user.Key));

    public Role RoleIn(Cell? cell, ChatUser user)
    {
        if (IsAdmin(user)) return Role.Admin;
        if (cell is null) return Role.Stranger;
        var member = MemberOf(cell.Id, user);
        var inCell = member is null ? Role.Stranger : member.Role == OfficerRole.None ? Role.Member : Role.Officer;
        var inCommittee = cell.CommitteeId is { } id ? RoleIn(db.Committees.FindById(id), user) : Role.Stranger;
        return inCell > inCommittee ? inCell : inCommittee;
    }

    /// <summary>Admin, committee member, or stranger to the committee.</summary>
    public Role RoleIn(Committee? committee, ChatUser user) =>
        IsAdmin(user) ? Role.Admin : committee is not null && committee.HasMember(user.Key) ? Role.CommitteeMember : Role.Stranger;

    public bool Allows(Cell? cell, ChatUser user, Permission permission) => RoleIn(cell, user) >= Table[permission];

    /// <summary>Null when allowed; otherwise the polite refusal naming who may do it.</summary>
    public string? Check(Cell? cell, ChatUser user, Permission permission) =>
        Allows(cell, user, permission) ? null : Refusal(permission);

    /// <summary>The same check against a committee (committee-wide actions).</summary>
    public string? Check(Committee? committee, ChatUser user, Permission permission) =>
        RoleIn(committee, user) >= Table[permission] ? null : Refusal(permission);

    private static string Refusal(Permission permission) => $"Xin lỗi, chỉ {Who[Table[permission]]} mới được làm việc này.";

    /// <summary>The committees the user was appointed to.</summary>
    public List<Committee> CommitteesOf(ChatUser user) => db.Committees.FindAll().Where(c => c.HasMember(user.Key)).ToList();

    /// <summary>The cells whose roster links the user's account.</summary>
    public List<Cell> CellsWhereMember(ChatUser user) => CellsWhere(user, officersOnly: false);

    /// <summary>For a command used in a cell's group (or in private for a group-less cell): true when allowed; otherwise why not
    /// (not a group, not a cell, not allowed).</summary>
    public bool AllowsInGroup(ChatEvent ev, [NotNullWhen(true)] Cell? cell, Permission permission, [NotNullWhen(false)] out string? refusal)
    {
        refusal = ev.Chat.Kind != ChatKind.Group && cell is not { IsGroupless: true } ? "Lệnh này dùng trong nhóm chat của chi bộ."
            : cell is null ? "Nhóm này chưa được đăng ký là chi bộ. Quản trị viên gõ /taochibo Tên chi bộ để đăng ký."
            : Check(cell, ev.User, permission);
        return refusal is null;
    }

    /// <summary>The group-less cell a private chat acts on (Flows/CellPosts.cs): the one such cell the user is a member of, else
    /// the last one an admin registered; null when there is none, or several.</summary>
    public Cell? GrouplessCellOf(ChatUser user)
    {
        var mine = CellsWhereMember(user).Where(c => c.IsGroupless).ToList();
        if (mine.Count == 1) return mine[0];
        if (mine.Count > 1 || !IsAdmin(user)) return null;
        return db.Cells.Find(c => c.RegisteredBy == user.Key).Where(c => c.IsGroupless).OrderByDescending(c => c.Id).FirstOrDefault();
    }

    /// <summary>The cells in which the user is an officer (admins: none unless they are officers too).</summary>
    public List<Cell> CellsWhereOfficer(ChatUser user) => CellsWhere(user, officersOnly: true);

    private List<Cell> CellsWhere(ChatUser user, bool officersOnly)
    {
        // On the Accounts index, with an expression LiteDB compiles once and keeps (it parses the short text each call; a LINQ predicate is translated on every call, far dearer).
        var ids = db.Members.Find(LiteDB.BsonExpression.Create("$.Accounts[*] ANY = @0", user.Key)).Where(m => m.Active && (!officersOnly || m.Role != OfficerRole.None))
            .Select(m => m.CellId).Distinct().OrderBy(id => id);
        return ids.Select(id => db.Cell(id)).OfType<Cell>().ToList();
    }
}
