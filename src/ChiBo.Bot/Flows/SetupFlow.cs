using System.Globalization;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core.Meetings;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Flows;

/// <summary>
/// Setting up a cell in its group chat: registering it, its rubric and meeting day, officers,
/// the roster, and linking members' chat accounts to roster entries (asked by the member,
/// confirmed by an officer). Every command checks <see cref="Access"/> first.
/// </summary>
public sealed class SetupFlow(Database db, Access access, Rubrics rubrics, IOptions<ChiBoOptions> options, TimeProvider time, Zalo.ZaloBot zaloBot)
{
    public const string ButtonPrefix = "lk:";
    private const string NotRegistered = "Nhóm này chưa được đăng ký là chi bộ. Quản trị viên gõ /taochibo Tên chi bộ để đăng ký.";
    private const string GroupOnly = "Lệnh này dùng trong nhóm chat của chi bộ.";

    /// <summary>Handles a setup command; null when the command is not a setup command.</summary>
    public Reply? Handle(ChatEvent ev, Cell? cell, Command cmd)
    {
        Func<ChatEvent, Cell, string, string>? action = cmd.Name switch
        {
            "khungdiem" => SetRubric,
            "ngayhop" => SetMeetingDay,
            "dangphi" => SetDues,
            "bonhiem" => Appoint,
            "themdv" => AddMembers,
            "mien" => ToggleExempt,
            "xoadv" => RemoveMember,
            "golienket" => Unlink,
            "danhsach" => ListRoster,
            _ => null,
        };
        var zaloPrivate = ev.Chat.Kind == ChatKind.Private && ev.Chat.Channel == Zalo.ZaloChannel.Name;
        var here = ev.Chat.Kind == ChatKind.Group || cell is { IsGroupless: true }; // where the cell's commands work
        if (cmd.Name == "taochibo") return new Reply().Say(ev.Chat, RegisterCell(ev, cell, cmd.Args, groupless: zaloPrivate && !zaloBot.CanJoinGroups));
        if (cmd.Name == "lienket" && zaloPrivate) return LinkByCode(ev, cmd.Args);
        if (cmd.Name == "lienket") return LinkMenu(ev, cell);
        if (cmd.Name == "toila" && here && cell is not null) return ClaimByNumber(ev, cell, cmd.Args);
        if (cmd.Name is "xacnhan" or "tuchoi" && here && cell is not null) return DecideTyped(ev, cell, cmd.Args, accept: cmd.Name == "xacnhan");
        if (cmd.Name == "noichibo") return new Reply().Say(ev.Chat, JoinGroup(ev, cell, cmd.Args));
        if (action is null) return null;
        if (!here) return new Reply().Say(ev.Chat, GroupOnly);
        if (cell is null) return new Reply().Say(ev.Chat, NotRegistered);
        return new Reply().Say(ev.Chat, action(ev, cell, cmd.Args));
    }

    /// <summary>/taochibo in a group: the group becomes a cell. In a private chat with a Zalo bot that cannot join groups
    /// (<paramref name="groupless"/>): a cell without a group, run from private chats (Flows/CellPosts.cs).</summary>
    private string RegisterCell(ChatEvent ev, Cell? cell, string name, bool groupless = false)
    {
        if (ev.Chat.Kind != ChatKind.Group && !groupless) return GroupOnly;
        if (access.Check(cell, ev.User, Permission.RegisterCell) is { } refusal) return refusal;
        if (cell is not null && !groupless) return $"Nhóm này đã được đăng ký là {cell.Name}.";
        if (db.Committees.FindOne(c => c.ChatKey == ev.Chat.Key) is { } committee) return $"Nhóm này là nhóm của {committee.Name}. Chi bộ cần một nhóm chat riêng.";
        name = name.Trim();
        if (name.Length is 0 or > 100) return "Hãy gõ tên chi bộ sau lệnh, ví dụ: /taochibo Chi bộ Khu phố 3.";
        var rubric = rubrics.Get(options.Value.DefaultRubric);
        var created = new Cell
        {
            Name = name, RubricId = rubric.Id, ChatKey = groupless ? "" : ev.Chat.Key, Channel = ev.Chat.Channel, ChatId = groupless ? "" : ev.Chat.Id,
            DefaultDues = options.Value.DefaultDues, CreatedAt = time.GetUtcNow(), RegisteredBy = ev.User.Key,
        };
        db.Cells.Insert(created);
        var settings = $"Khung tiêu chí: {rubric.Title} ({rubric.Id}).\nNgày sinh hoạt: ngày 03 hằng tháng.\n\n";
        if (groupless)
            return $"Đã đăng ký {name}, không có nhóm: bot Zalo của ChiBo không vào được nhóm, nên mọi việc làm trong tin nhắn riêng với ChiBo. "
                + $"Thông báo, điểm danh và kết quả sẽ được gửi cho cán bộ chi bộ để chuyển tiếp tới đảng viên.\n{settings}"
                + "Tiếp theo (gõ ngay tại đây): thêm đảng viên bằng /themdv, phân công bí thư bằng /bonhiem; "
                + $"mỗi đảng viên nhắn riêng cho ChiBo: /lienket {created.Id} Họ và tên.\nMã chi bộ: {created.Id}.";
        return $"Đã đăng ký nhóm này là {name}.\n{settings}"
            + "Tiếp theo: thêm đảng viên bằng /themdv, phân công bí thư bằng /bonhiem, và mỗi đảng viên gõ /lienket để liên kết tài khoản."
            + $"\nMã chi bộ: {created.Id} (nhóm của chi bộ trên Zalo hoặc Telegram khác gõ /noichibo {created.Id} để nối vào).";
    }

    /// <summary>On Zalo, in private: "/lienket 3 Trần Thị Bình" asks to be linked to that roster entry of cell 3. The name is
    /// typed, not picked from a list, so a stranger guessing codes learns no roster.</summary>
    private Reply LinkByCode(ChatEvent ev, string args)
    {
        var parts = args.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        const string usage = "Hãy gõ mã chi bộ và họ tên của đồng chí như trong danh sách chi bộ, ví dụ: /lienket 3 Trần Thị Bình. Mã chi bộ do cán bộ chi bộ cho biết (trong nhóm: /lienket).";
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return new Reply().Say(ev.Chat, usage);
        if (db.Cell(id) is not { } cell) return new Reply().Say(ev.Chat, $"Không có chi bộ mã {id}. {usage}");
        if (parts.Length < 2) return new Reply().Say(ev.Chat, $"Hãy gõ thêm họ tên của đồng chí, ví dụ: /lienket {id} Trần Thị Bình.");
        var member = Roster.Of(db, cell.Id).FirstOrDefault(m => Roster.Fold(m.Name) == Roster.Fold(parts[1]));
        if (member is null) return new Reply().Say(ev.Chat, $"Không thấy \"{parts[1]}\" trong danh sách {cell.Name}. Hãy gõ đúng họ tên như trong danh sách, hoặc hỏi cán bộ chi bộ.");
        var (said, request) = RequestLink(ev, cell, member);
        var reply = new Reply().Say(ev.Chat, said);
        reply.Messages.AddRange(request.Messages);
        return reply;
    }

    private string SetRubric(ChatEvent ev, Cell cell, string args)
    {
        if (access.Check(cell, ev.User, Permission.ConfigureCell) is { } refusal) return refusal;
        var list = string.Join("\n", rubrics.All.Select(r => $"• {r.Id} — {r.Title}" + (r.Title.Contains("tiêu chí", StringComparison.Ordinal) ? "" : $" ({r.Criteria.Count} tiêu chí)")));
        if (rubrics.Find(args.Trim()) is not { } rubric)
            return (args.Length == 0 ? "" : $"Không có khung tiêu chí \"{args.Trim()}\". ") + $"Các khung hiện có:\n{list}\n\nVí dụ: /khungdiem thai-binh-2019";
        cell.RubricId = rubric.Id;
        db.Cells.Update(cell);
        return $"{cell.Name} chấm điểm theo: {rubric.Title} ({rubric.Id}). Áp dụng cho các lần đánh giá bắt đầu từ bây giờ.";
    }

    private string SetMeetingDay(ChatEvent ev, Cell cell, string args)
    {
        if (access.Check(cell, ev.User, Permission.ConfigureCell) is { } refusal) return refusal;
        var a = args.Trim();
        if (a is "25-5" or "25 - 5")
        {
            cell.MeetingWindow = MeetingWindow.LateOrEarly;
            db.Cells.Update(cell);
            return $"{cell.Name} sinh hoạt trong khoảng từ ngày 25 tháng trước đến ngày 05 hằng tháng.";
        }
        if (int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 28)
        {
            cell.MeetingWindow = MeetingWindow.FixedDay;
            cell.MeetingDay = day;
            db.Cells.Update(cell);
            return $"{cell.Name} sinh hoạt ngày {day:D2} hằng tháng (gặp ngày nghỉ lễ thì lùi sang ngày kế tiếp, không quá 2 ngày).";
        }
        return "Hãy gõ ngày sinh hoạt từ 1 đến 28, ví dụ /ngayhop 3, hoặc /ngayhop 25-5 (từ ngày 25 tháng trước đến ngày 05).";
    }

    private string SetDues(ChatEvent ev, Cell cell, string args)
    {
        if (access.Check(cell, ev.User, Permission.SetDues) is { } refusal) return refusal;
        if (!TryParseMoney(args, out var amount)) return "Hãy gõ mức đảng phí bằng số, ví dụ: /dangphi 20000.";
        cell.DefaultDues = amount;
        db.Cells.Update(cell);
        return $"Mức đảng phí mặc định của {cell.Name}: {ChiBo.Core.Vietnamese.Money(amount)} mỗi đảng viên mỗi tháng.";
    }

    private string Appoint(ChatEvent ev, Cell cell, string args)
    {
        if (access.Check(cell, ev.User, Permission.AppointOfficer) is { } refusal) return refusal;
        var parts = args.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var roster = Roster.Of(db, cell.Id);
        const string usage = "Cách dùng: /bonhiem <số thứ tự> <bithu|phobithu|thuky|bo>, ví dụ /bonhiem 1 bithu. Xem số thứ tự bằng /danhsach.";
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return usage;
        if (n < 1 || n > roster.Count) return $"Không có số thứ tự {n} trong danh sách (từ 1 đến {roster.Count}).";
        OfficerRole? role = Roster.Fold(parts[1]).Replace(" ", "") switch
        {
            "bithu" => OfficerRole.Secretary,
            "phobithu" => OfficerRole.DeputySecretary,
            "thuky" => OfficerRole.MinuteTaker,
            "bo" or "khong" => OfficerRole.None,
            _ => null,
        };
        if (role is null) return usage;
        var member = roster[n - 1];
        member.Role = role.Value;
        db.Members.Update(member);
        var linked = member.Accounts.Count > 0 ? "" : "\nLưu ý: đảng viên này chưa liên kết tài khoản; hãy gõ /lienket trong nhóm để liên kết rồi mới dùng được quyền cán bộ.";
        return role == OfficerRole.None ? $"{member.Name} không còn là cán bộ chi bộ." : $"{member.Name} là {Roster.RoleName(role.Value).ToLowerInvariant()} của {cell.Name}.{linked}";
    }

    private string AddMembers(ChatEvent ev, Cell cell, string args)
    {
        if (access.Check(cell, ev.User, Permission.ManageRoster) is { } refusal) return refusal;
        var lines = args.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return "Hãy gõ họ tên sau lệnh, mỗi dòng một người, ví dụ:\n/themdv Nguyễn Văn An\nTrần Thị Bình, dự bị\nLê Văn Cường, miễn";
        var existing = Roster.Of(db, cell.Id).Select(m => Roster.Fold(m.Name)).ToHashSet();
        var added = new List<string>();
        var skipped = new List<string>();
        foreach (var line in lines)
        {
            var fields = line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var name = fields.Length > 0 ? fields[0] : "";
            var flags = fields.Skip(1).Select(Roster.Fold).ToList();
            if (name.Length is 0 or > 100 || name.Any(char.IsDigit)) { skipped.Add($"\"{line}\" (họ tên không hợp lệ)"); continue; }
            if (!existing.Add(Roster.Fold(name))) { skipped.Add($"{name} (đã có trong danh sách)"); continue; }
            db.Members.Insert(new Member
            {
                CellId = cell.Id, Name = name,
                Probationary = flags.Any(f => f.Contains("du bi")), Exempt = flags.Any(f => f.StartsWith("mien")),
            });
            added.Add(name);
        }
        var roster = Roster.Of(db, cell.Id);
        var text = added.Count > 0 ? $"Đã thêm {added.Count} đảng viên: {string.Join(", ", added)}." : "Không thêm được ai.";
        if (skipped.Count > 0) text += $"\nBỏ qua: {string.Join("; ", skipped)}.";
        return text + $"\nChi bộ hiện có {roster.Count} đảng viên. Xem danh sách: /danhsach";
    }

    private string ToggleExempt(ChatEvent ev, Cell cell, string args) => WithMember(ev, cell, args, Permission.ManageRoster, "/mien 4", m =>
    {
        m.Exempt = !m.Exempt;
        db.Members.Update(m);
        return m.Exempt ? $"{m.Name} được miễn công tác và sinh hoạt (không tính vào tỷ lệ dự họp)." : $"{m.Name} không còn được miễn sinh hoạt.";
    });

    private string RemoveMember(ChatEvent ev, Cell cell, string args) => WithMember(ev, cell, args, Permission.ManageRoster, "/xoadv 4", m =>
    {
        m.Active = false;
        db.Members.Update(m);
        return $"Đã xóa {m.Name} khỏi danh sách chi bộ. Các kết quả đã ghi trước đây vẫn được giữ.";
    });

    private Reply ClaimByNumber(ChatEvent ev, Cell cell, string args)
    {
        Reply? request = null;
        var text = WithMember(ev, cell, args, Permission.RequestLink, "/toila 4", m =>
        {
            (var said, request) = RequestLink(ev, cell, m);
            return said;
        });
        var reply = new Reply().Say(ev.Chat, text);
        if (request is not null) reply.Messages.AddRange(request.Messages);
        return reply;
    }

    private string WithMember(ChatEvent ev, Cell cell, string args, Permission permission, string example, Func<Member, string> act)
    {
        if (access.Check(cell, ev.User, permission) is { } refusal) return refusal;
        var roster = Roster.Of(db, cell.Id);
        if (!int.TryParse(args.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return $"Hãy gõ số thứ tự trong danh sách, ví dụ: {example}. Xem số thứ tự bằng /danhsach.";
        if (n < 1 || n > roster.Count) return $"Không có số thứ tự {n} trong danh sách (từ 1 đến {roster.Count}).";
        return act(roster[n - 1]);
    }

    private string ListRoster(ChatEvent ev, Cell cell, string args)
    {
        if (access.Check(cell, ev.User, Permission.ViewRoster) is { } refusal) return refusal;
        var roster = Roster.Of(db, cell.Id);
        if (roster.Count == 0) return $"{cell.Name} chưa có đảng viên nào. Cán bộ chi bộ thêm bằng /themdv Họ và tên.";
        var lines = roster.Select((m, i) => Roster.Line(i + 1, m) + (m.Accounts.Count > 0 ? " ✓" : ""));
        return $"Danh sách {cell.Name} ({roster.Count} đảng viên; ✓ = đã liên kết tài khoản):\n" + string.Join("\n", lines);
    }

    private Reply LinkMenu(ChatEvent ev, Cell? cell)
    {
        if (ev.Chat.Kind != ChatKind.Group) return new Reply().Say(ev.Chat, GroupOnly);
        if (cell is null) return new Reply().Say(ev.Chat, NotRegistered);
        var roster = Roster.Of(db, cell.Id);
        if (access.MemberOf(cell.Id, ev.User) is { } me)
            return new Reply().Say(ev.Chat, $"{ev.User.DisplayName}: đồng chí đã liên kết với {roster.IndexOf(roster.First(m => m.Id == me.Id)) + 1}. {me.Name}.");
        var choices = roster.Select((m, i) => (m, i)).Where(x => !Roster.HasAccountOn(x.m, ev.User.Channel))
            .Select(x => new Choice($"{x.i + 1}. {x.m.Name}", $"{ButtonPrefix}c:{x.m.Id}", $"/toila {x.i + 1}")).Chunk(2).Select(r => r.ToList()).ToList();
        if (choices.Count == 0) return new Reply().Say(ev.Chat, "Mọi đảng viên trong danh sách đều đã liên kết tài khoản.");
        var privately = ev.Chat.Channel == Zalo.ZaloChannel.Name ? $" Trên Zalo cũng có thể nhắn riêng cho ChiBo: /lienket {cell.Id} Họ và tên." : "";
        return new Reply().Say(ev.Chat, "Liên kết tài khoản: mỗi đảng viên bấm vào tên của chính mình (hoặc gõ /toila <số thứ tự>). Cán bộ chi bộ sẽ xác nhận." + privately, choices);
    }

    private (string Text, Reply Reply) RequestLink(ChatEvent ev, Cell cell, Member member)
    {
        var reply = new Reply();
        if (access.MemberOf(cell.Id, ev.User) is { } me) return ($"Đồng chí đã liên kết với {me.Name}.", reply);
        if (Roster.HasAccountOn(member, ev.User.Channel)) return ($"{member.Name} đã được liên kết với một tài khoản khác. Nếu có nhầm lẫn, hãy báo cán bộ chi bộ.", reply);
        var request = member.PendingLinks.FirstOrDefault(p => p.UserKey == ev.User.Key);
        if (request is null)
        {
            member.PendingLinks.Add(request = new PendingLink { UserKey = ev.User.Key, DisplayName = ev.User.DisplayName, Handle = ev.User.Handle });
            db.Members.Update(member);
        }
        var data = $"{member.Id}:{ev.User.Key}";
        var number = Roster.Of(db, cell.Id).FindIndex(m => m.Id == member.Id) + 1;
        if (ev.Chat.Kind == ChatKind.Private)
        {
            reply.Post(db, cell, $"{request.Who()} xin liên kết tài khoản với đảng viên {member.Name}. Cán bộ chi bộ gõ /xacnhan {number} hoặc /tuchoi {number}.");
            return ("Đã gửi yêu cầu liên kết, chờ cán bộ chi bộ xác nhận.", reply);
        }
        reply.Say(ev.Chat, $"{request.Who()} xin liên kết tài khoản với đảng viên {member.Name}. Cán bộ chi bộ bấm Xác nhận hoặc Từ chối.",
            [[new Choice("✅ Xác nhận", $"{ButtonPrefix}y:{data}", $"/xacnhan {number}"), new Choice("✖ Từ chối", $"{ButtonPrefix}n:{data}", $"/tuchoi {number}")]]);
        return ("Đã gửi yêu cầu liên kết, chờ cán bộ chi bộ xác nhận.", reply);
    }

    /// <summary>Link buttons: "lk:c:{member}" (claim), "lk:y:{member}:{user}" (confirm), "lk:n:{member}:{user}" (refuse).</summary>
    public Reply HandleButton(ChatEvent ev)
    {
        var invalid = new Reply { Toast = "Nút này không hợp lệ hoặc đã cũ." };
        var parts = ev.ButtonData![ButtonPrefix.Length..].Split(':', 3);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var memberId)) return invalid;
        var member = db.Members.FindById(memberId);
        var cell = member is null ? null : db.Cell(member.CellId);
        if (member is null || cell is null || !member.Active || !cell.Has(ev.Chat)) return invalid;

        switch (parts[0])
        {
            case "c" when parts.Length == 2:
                var (text, reply) = RequestLink(ev, cell, member);
                reply.Toast = text;
                return reply;
            case "y" or "n" when parts.Length == 3:
                if (access.Check(cell, ev.User, Permission.ConfirmLink) is { } refusal) return new Reply { Toast = refusal };
                var pending = member.PendingLinks.FirstOrDefault(p => p.UserKey == parts[2]);
                if (pending is null) return new Reply { Toast = "Yêu cầu này đã được xử lý." };
                return Decide(ev, cell, member, pending, accept: parts[0] == "y");
            default:
                return invalid;
        }
    }

    /// <summary>An officer confirms or refuses a link request. Confirming closes the entry's other requests on that channel
    /// (a stale "Xác nhận" under one of them does nothing), and a confirmed account leaves any other roster entry. An entry
    /// already linked on that channel is never taken over by a confirmation: it is unlinked first (/golienket).</summary>
    private Reply Decide(ChatEvent ev, Cell cell, Member member, PendingLink pending, bool accept)
    {
        var channel = pending.UserKey.Split(':', 2)[0];
        if (accept && Roster.HasAccountOn(member, channel) && !member.Accounts.Contains(pending.UserKey))
        {
            var number = Roster.Of(db, cell.Id).FindIndex(m => m.Id == member.Id) + 1;
            var text = $"{member.Name} đã liên kết với một tài khoản {pending.ChannelName} khác. "
                + $"Nếu cần đổi, trước hết gỡ liên kết bằng /golienket {number}, rồi xác nhận lại.";
            return new Reply { Toast = "Đảng viên này đã liên kết tài khoản khác." }.Say(ev.Chat, text);
        }
        member.PendingLinks.Remove(pending);
        var closed = 0;
        if (accept)
        {
            foreach (var other in db.Members.Find(m => m.CellId == cell.Id).Where(m => m.Accounts.Remove(pending.UserKey)).ToList()) db.Members.Update(other);
            member.Accounts.Add(pending.UserKey);
            closed = member.PendingLinks.RemoveAll(p => p.UserKey.StartsWith(channel + ":", StringComparison.Ordinal));
        }
        db.Members.Update(member);
        var outcome = accept ? $"Đã liên kết {pending.Who()} với đảng viên {member.Name}." : $"Đã từ chối yêu cầu liên kết của {pending.Who()} với {member.Name}.";
        if (closed > 0) outcome += $" {closed} yêu cầu khác cho {member.Name} đã được đóng.";
        var reply = new Reply { Toast = accept ? "Đã xác nhận." : "Đã từ chối." }.Say(ev.Chat, outcome);
        // A Zalo member may have asked in private: tell them there too.
        if (pending.UserKey.StartsWith(Zalo.ZaloChannel.Name + ":", StringComparison.Ordinal) && Direct.ChatOf(db, pending.UserKey) is { } asker && asker != ev.Chat)
            reply.Say(asker, accept ? $"Đồng chí đã được liên kết với {member.Name} ({cell.Name})." : $"Yêu cầu liên kết với {member.Name} ({cell.Name}) chưa được chấp nhận; đồng chí hãy hỏi cán bộ chi bộ.");
        return reply;
    }

    /// <summary>"/golienket 4": member 4's linked accounts are removed, so the entry can be linked anew. An officer's entry
    /// (whose account carries the officer's rights) only by an admin.</summary>
    private string Unlink(ChatEvent ev, Cell cell, string args) => WithMember(ev, cell, args, Permission.ConfirmLink, "/golienket 4", m =>
    {
        if (m.Role != OfficerRole.None && access.Check(cell, ev.User, Permission.AppointOfficer) is not null)
            return $"{m.Name} là {Roster.RoleName(m.Role).ToLowerInvariant()}: chỉ quản trị viên được gỡ liên kết tài khoản của cán bộ chi bộ.";
        if (m.Accounts.Count == 0) return $"{m.Name} chưa liên kết tài khoản nào.";
        var count = m.Accounts.Count;
        m.Accounts.Clear();
        db.Members.Update(m);
        return $"Đã gỡ {count} tài khoản khỏi {m.Name}. Đảng viên gõ /lienket trong nhóm để liên kết lại.";
    });

    /// <summary>"/xacnhan 4" or "/tuchoi 4" (the typed form of the buttons): the request for member 4;
    /// with several requests for the same member, "/xacnhan 4 2" picks the second.</summary>
    private Reply DecideTyped(ChatEvent ev, Cell cell, string args, bool accept)
    {
        var command = accept ? "/xacnhan" : "/tuchoi";
        if (access.Check(cell, ev.User, Permission.ConfirmLink) is { } refusal) return new Reply().Say(ev.Chat, refusal);
        var parts = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var roster = Roster.Of(db, cell.Id);
        if (parts.Length is 0 or > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return new Reply().Say(ev.Chat, $"Hãy gõ số thứ tự của đảng viên đang chờ liên kết, ví dụ: {command} 4.");
        if (n < 1 || n > roster.Count) return new Reply().Say(ev.Chat, $"Không có số thứ tự {n} trong danh sách (từ 1 đến {roster.Count}).");
        var member = roster[n - 1];
        var requests = member.PendingLinks;
        if (requests.Count == 0) return new Reply().Say(ev.Chat, $"{member.Name} không có yêu cầu liên kết nào đang chờ.");
        var pick = 1;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out pick) || pick < 1 || pick > requests.Count) || parts.Length == 1 && requests.Count > 1)
            return new Reply().Say(ev.Chat, $"{member.Name} có {requests.Count} yêu cầu liên kết:\n"
                + string.Join("\n", requests.Select((p, i) => $"{i + 1}. {p.Who()}"))
                + $"\nGõ {command} {n} <số yêu cầu>, ví dụ: {command} {n} 1.");
        return Decide(ev, cell, member, requests[pick - 1], accept);
    }

    /// <summary>"/noichibo 3" in a group on another channel: the group becomes one more group of cell 3, whose roster it shares.</summary>
    private string JoinGroup(ChatEvent ev, Cell? cell, string args)
    {
        if (ev.Chat.Kind != ChatKind.Group) return GroupOnly;
        if (access.Check(cell, ev.User, Permission.RegisterCell) is { } refusal) return refusal;
        if (cell is not null) return $"Nhóm này đã thuộc {cell.Name}.";
        if (!int.TryParse(args.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || db.Cell(id) is not { } target)
            return "Hãy gõ mã chi bộ sau lệnh, ví dụ: /noichibo 3. Mã chi bộ được báo khi đăng ký bằng /taochibo trong nhóm chính của chi bộ.";
        target.LinkedChats.Add(ev.Chat.Key);
        db.Cells.Update(target);
        return $"Đã nối nhóm này vào {target.Name}: dùng chung danh sách đảng viên, kết quả sinh hoạt được công bố ở mọi nhóm của chi bộ.\n"
            + "Mỗi đảng viên gõ /lienket trong nhóm này để liên kết tài khoản ở đây với tên của mình.";
    }

    private static bool TryParseMoney(string text, out decimal amount)
    {
        var s = Roster.Fold(text).Replace("dong", "").Replace("d", "").Replace(".", "").Replace(",", "").Replace(" ", "");
        var multiplier = 1m;
        if (s.EndsWith('k')) { multiplier = 1000m; s = s[..^1]; }
        amount = 0;
        if (!decimal.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v * multiplier > 100_000_000) return false;
        amount = v * multiplier;
        return true;
    }
}
