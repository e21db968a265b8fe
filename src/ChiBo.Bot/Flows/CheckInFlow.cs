using System.Globalization;
using System.Text;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;

namespace ChiBo.Bot.Flows;

/// <summary>
/// Members confirm their own attendance in the group. An officer opens check-in (/diemdanh); the bot posts one
/// message with "Có mặt" and "Xin vắng"; each linked member answers for themselves by button or by typing
/// "có mặt" / "vắng: lý do" or as people write it (<see cref="CheckInWords"/>), and may change the answer until check-in
/// closes. An apology without a reason stays "chưa nêu lý do" (criterion 6 counts no reason until one is recorded).
/// The message is edited after every answer to show who is present, who sent apologies and who has not answered,
/// in roster order. Closing (/dongdiemdanh, or the secretary starting the month's review) freezes it; the review's
/// attendance starts from it (<see cref="Prefill"/>). Each answer is one update, so one transaction: none is lost.
/// </summary>
public sealed class CheckInFlow(Database db, Access access, Clock clock)
{
    public const string ButtonPrefix = "ci:";
    private const string Present = "p";
    private const string Absent = "a";
    private const string Invalid = "Nút này không hợp lệ.";
    private const string NotLinked = "Đồng chí chưa có trong danh sách chi bộ hoặc chưa liên kết tài khoản, nên không điểm danh được. Gõ /lienket trong nhóm để liên kết.";
    private const string Closed = "Điểm danh đã kết thúc. Nếu cần sửa, hãy báo bí thư để sửa trong phần đánh giá.";

    /// <summary>/diemdanh [tháng]: opens the month's check-in, or posts it again at the bottom of the chat if it is open.</summary>
    public Reply Open(ChatEvent ev, Cell? cell, string args)
    {
        if (!access.AllowsInGroup(ev, cell, Permission.ManageCheckIn, out var refusal)) return new Reply().Say(ev.Chat, refusal);
        if (MonthFrom(args, cell) is not { } month)
            return new Reply().Say(ev.Chat, $"Không hiểu tháng \"{args.Trim()}\". Hãy gõ theo mẫu: /{BotCommands.CheckIn.Command} {DefaultMonth(cell)}");
        var id = Id(cell, month);
        if (db.Review(id) is { Status: not ReviewStatus.Cancelled })
            return new Reply().Say(ev.Chat, $"Phần đánh giá {month.ToVietnamese()} đã bắt đầu nên điểm danh đã khóa. Hãy sửa điểm danh trong phần đánh giá (/danhgia {month}).");
        var checkIn = db.CheckIns.FindById(id) ?? new CheckIn { Id = id, CellId = cell.Id, Year = month.Year, Month = month.Month };
        checkIn.Status = CheckInStatus.Open;
        checkIn.OpenedBy = ev.User.Key;
        checkIn.OpenedAt = clock.UtcNow;
        checkIn.ClosedAt = null;
        checkIn.ClosedBy = null;
        db.CheckIns.Upsert(checkIn);
        return Show(cell, checkIn, Placement.NewWizard);
    }

    /// <summary>/dongdiemdanh [tháng]: an officer closes the month's check-in.</summary>
    public Reply CloseCommand(ChatEvent ev, Cell? cell, string args)
    {
        if (!access.AllowsInGroup(ev, cell, Permission.ManageCheckIn, out var refusal)) return new Reply().Say(ev.Chat, refusal);
        if (MonthFrom(args, cell) is not { } month || db.CheckIns.FindById(Id(cell, month)) is not { Status: CheckInStatus.Open } checkIn)
            return new Reply().Say(ev.Chat, "Không có điểm danh nào đang mở. Cán bộ chi bộ gõ /diemdanh để mở.");
        var reply = Close(cell, checkIn, ev.User.Key);
        return reply.Say(ev.Chat, $"Đã kết thúc điểm danh {month.ToVietnamese()}. {Counts(cell, checkIn)}.");
    }

    /// <summary>Buttons carry "ci:{cell}:{yyyyMM}:{p|a}"; anything else, or a press by someone not linked to the cell, changes nothing.</summary>
    public Reply HandleButton(ChatEvent ev)
    {
        var parts = ev.ButtonData![ButtonPrefix.Length..].Split(':');
        if (parts.Length != 3 || parts[2] is not (Present or Absent)
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var cellId)
            || parts[1].Length != 6 || !YearMonth.TryParse($"{parts[1][4..]}/{parts[1][..4]}", out var month))
            return new Reply { Toast = Invalid };
        var cell = db.Cell(cellId);
        if (cell is null || !cell.Has(ev.Chat) || db.CheckIns.FindById(Id(cell, month)) is not { } checkIn) return new Reply { Toast = Invalid };
        return Answer(ev, cell, checkIn, parts[2] == Present ? AttendanceStatus.Present : AttendanceStatus.AbsentUnexplained, reason: null, typed: false);
    }

    /// <summary>Typed answers in the group while a check-in is open: "có mặt", "vắng: lý do". Null when the text is not one.
    /// On Zalo a reply to the check-in message is an answer to that check-in; one that does not read as an answer is told what to type.</summary>
    public Reply? HandleText(ChatEvent ev, Cell? cell)
    {
        if (cell is null || ev.Text is not { } text) return null;
        var repliedTo = ev.ReplyTo is { } quoted ? RepliedCheckIn(ev.Chat, quoted) : null;
        if (!TryParseAnswer(text, out var status, out var reason))
            return repliedTo is null ? null : new Reply().Say(ev.Chat, $"{ev.User.DisplayName}: {ReplyHint}");
        var open = repliedTo ?? db.CheckIns.Find(c => c.CellId == cell.Id && c.Status == CheckInStatus.Open).OrderByDescending(c => c.OpenedAt).FirstOrDefault();
        if (open is null) return null; // ordinary group talk
        return Answer(ev, cell, open, status, reason, typed: true);
    }

    private const string ReplyHint = "để điểm danh, đồng chí trả lời tin nhắn điểm danh bằng: có mặt, hoặc vắng: lý do (ví dụ: vắng: đi công tác).";

    /// <summary>On Zalo, an answer in the private chat with the bot: to the open check-in of the member's cell. Null when the
    /// text is not an answer.</summary>
    public Reply? HandlePrivate(ChatEvent ev)
    {
        if (ev.Text is not { } text || !TryParseAnswer(text, out var status, out var reason)) return null;
        var open = access.CellsWhereMember(ev.User)
            .Select(c => (Cell: c, CheckIn: db.CheckIns.Find(x => x.CellId == c.Id && x.Status == CheckInStatus.Open).OrderByDescending(x => x.OpenedAt).FirstOrDefault()))
            .Where(x => x.CheckIn is not null).ToList();
        return open.Count switch
        {
            0 => new Reply().Say(ev.Chat, access.CellsWhereMember(ev.User).Count == 0 ? NotLinked : "Hiện chưa có điểm danh nào đang mở. Khi cán bộ chi bộ mở điểm danh, đồng chí nhắn lại: có mặt, hoặc vắng: lý do."),
            1 => Answer(ev, open[0].Cell, open[0].CheckIn!, status, reason, typed: true),
            _ => new Reply().Say(ev.Chat, $"Đồng chí đang ở {open.Count} chi bộ có điểm danh đang mở ({string.Join(", ", open.Select(x => x.Cell.Name))}). Hãy trả lời tin nhắn điểm danh trong nhóm của chi bộ đó."),
        };
    }

    /// <summary>An answer as people write it (<see cref="CheckInWords"/>): "có", "Em có mặt ạ", "xin phép vắng vì ốm".</summary>
    private static bool TryParseAnswer(string text, out AttendanceStatus status, out string? reason)
    {
        var parsed = CheckInWords.Parse(text);
        status = parsed?.Status ?? AttendanceStatus.Unknown;
        reason = parsed?.Reason;
        return parsed is not null;
    }

    /// <summary>The check-in whose message (as sent in this chat) <paramref name="messageId"/> is; null when it is another message.</summary>
    private CheckIn? RepliedCheckIn(ChatRef chat, string messageId)
    {
        var prefix = $"{chat.Channel}:{chat.Id}:checkin:";
        var shown = db.Wizards.Find(w => w.MessageId == messageId).FirstOrDefault(w => w.Id.StartsWith(prefix, StringComparison.Ordinal));
        return shown is null ? null : db.CheckIns.FindById(shown.Id[prefix.Length..]);
    }

    /// <summary>Closes the month's open check-in, if any (the review starting), editing its message; null when none was open.</summary>
    public Reply? CloseFor(Cell cell, YearMonth month, string by) =>
        db.CheckIns.FindById(Id(cell, month)) is { Status: CheckInStatus.Open } checkIn ? Close(cell, checkIn, by) : null;

    /// <summary>Fills the review's attendance from the month's check-in, for members the secretary has not marked yet.
    /// Exempt members keep "exempt" unless they came. Returns a line for the secretary, or null when nothing was filled.</summary>
    public string? Prefill(Cell cell, MeetingRecord record)
    {
        if (db.CheckIns.FindById(Id(cell, record.GetMonth())) is not { } checkIn) return null;
        var filled = 0;
        foreach (var answer in checkIn.Answers)
        {
            var entry = record.Attendance.FirstOrDefault(e => e.MemberId == answer.MemberId);
            if (entry is null || !(entry.Status == AttendanceStatus.Unknown || entry.Status == AttendanceStatus.Exempt && answer.Status == AttendanceStatus.Present)) continue;
            entry.Status = answer.Status;
            entry.Reason = answer.Reason;
            filled++;
        }
        if (filled == 0) return null;
        var roster = Roster.Of(db, cell.Id);
        var missing = roster.Select((m, i) => (m, n: i + 1))
            .Where(x => record.Attendance.FirstOrDefault(e => e.MemberId == x.m.Id) is { Status: AttendanceStatus.Unknown }).Select(x => x.n).ToList();
        return $"Điểm danh trong nhóm đã khóa; đã điền sẵn {filled} câu trả lời vào bước Điểm danh ({Counts(cell, checkIn)})."
            + (missing.Count > 0 ? $" Chỉ cần hỏi thêm người chưa trả lời: số {string.Join(", ", missing)}." : "");
    }

    private Reply Answer(ChatEvent ev, Cell cell, CheckIn checkIn, AttendanceStatus status, string? reason, bool typed)
    {
        Reply Refuse(string text) => typed ? new Reply().Say(ev.Chat, $"{ev.User.DisplayName}: {text}") : new Reply { Toast = text };
        if (!access.Allows(cell, ev.User, Permission.AnswerCheckIn) || access.MemberOf(cell.Id, ev.User) is not { } member) return Refuse(NotLinked);
        if (checkIn.Status != CheckInStatus.Open) return Refuse(Closed);

        var answer = checkIn.Answers.FirstOrDefault(a => a.MemberId == member.Id);
        if (answer is null) checkIn.Answers.Add(answer = new CheckInAnswer { MemberId = member.Id });
        // An apology without a reason keeps a reason given earlier; a typed reason replaces it. Without any, the absence
        // stays "chưa rõ lý do" until the secretary decides it in the review.
        var keptReason = status != AttendanceStatus.Present && answer.Status == AttendanceStatus.AbsentWithReason ? answer.Reason : null;
        reason = status == AttendanceStatus.Present ? null : reason ?? keptReason;
        answer.Status = status == AttendanceStatus.Present ? status : reason is null ? AttendanceStatus.AbsentUnexplained : AttendanceStatus.AbsentWithReason;
        answer.Reason = reason;
        answer.UserKey = ev.User.Key;
        answer.At = clock.UtcNow;
        db.CheckIns.Update(checkIn);

        // The list is refreshed where it can be edited in place; a typed answer is also confirmed in one line, which is
        // all a channel without editing shows until check-in closes.
        var reply = Show(cell, checkIn, Placement.RefreshWizard);
        reply.Toast = status == AttendanceStatus.Present ? $"Đã ghi: đồng chí {member.Name} có mặt."
            : answer.Reason is null ? $"Đã ghi: đồng chí {member.Name} xin vắng, chưa nêu lý do. Đề nghị đồng chí gõ «vắng: lý do»."
            : $"Đã ghi: đồng chí {member.Name} vắng có lý do ({answer.Reason}).";
        if (typed) reply.Say(ev.Chat, $"{reply.Toast} {Counts(cell, checkIn)}.");
        return reply;
    }

    private Reply Close(Cell cell, CheckIn checkIn, string by)
    {
        checkIn.Status = CheckInStatus.Closed;
        checkIn.ClosedAt = clock.UtcNow;
        checkIn.ClosedBy = by;
        db.CheckIns.Update(checkIn);
        return Show(cell, checkIn, Placement.EditWizard);
    }

    /// <summary>The check-in message, in every group of the cell: posted anew, refreshed after an answer, or edited once when it closes.</summary>
    private Reply Show(Cell cell, CheckIn checkIn, Placement placement)
    {
        var month = new YearMonth(checkIn.Year, checkIn.Month);
        var roster = Roster.Of(db, cell.Id).Select((m, i) => (Member: m, Number: i + 1)).ToList();
        var notice = db.Notice(checkIn.Id);
        var open = checkIn.Status == CheckInStatus.Open;
        var sb = new StringBuilder(open ? "📋 ĐIỂM DANH SINH HOẠT CHI BỘ\n" : "📋 ĐIỂM DANH SINH HOẠT CHI BỘ — ĐÃ KẾT THÚC\n");
        sb.Append($"{cell.Name} — {month.ToVietnamese()}");
        if (notice is not null) sb.Append($" (họp {NoticeFlow.When(notice)})");
        sb.Append('\n');
        if (open) sb.Append(InstructionSlot);

        string Line((Member Member, int Number) x) => $"{x.Number}. {x.Member.Name}";
        var answers = checkIn.Answers.ToDictionary(a => a.MemberId);
        void Section(string title, List<string> lines)
        {
            if (lines.Count > 0) sb.Append($"\n{title} ({lines.Count}):\n{string.Join("\n", lines)}\n");
        }
        Section("✅ Có mặt", roster.Where(x => answers.GetValueOrDefault(x.Member.Id)?.Status == AttendanceStatus.Present).Select(Line).ToList());
        Section("🟡 Vắng có lý do", roster.Where(x => answers.GetValueOrDefault(x.Member.Id)?.Status == AttendanceStatus.AbsentWithReason)
            .Select(x => $"{Line(x)} — {answers[x.Member.Id].Reason}").ToList());
        Section("🟠 Xin vắng, chưa nêu lý do", roster.Where(x => answers.GetValueOrDefault(x.Member.Id)?.Status == AttendanceStatus.AbsentUnexplained).Select(Line).ToList());
        Section("▫️ Chưa trả lời", roster.Where(x => !answers.ContainsKey(x.Member.Id) && !x.Member.Exempt).Select(Line).ToList());
        Section("⚪ Miễn sinh hoạt", roster.Where(x => !answers.ContainsKey(x.Member.Id) && x.Member.Exempt).Select(Line).ToList());
        sb.Append($"\n{Counts(cell, checkIn)}.");
        if (!open && checkIn.ClosedAt is { } closed) sb.Append($"\nĐã khóa lúc {Vietnamese.DateTime(clock.ToLocal(closed))}.");

        List<List<Choice>> buttons = open
            ? [[new Choice("✅ Có mặt", Data(checkIn, Present)), new Choice("🟡 Xin vắng", Data(checkIn, Absent))]]
            : [];
        var reply = new Reply();
        var key = $"checkin:{checkIn.Id}";
        string Text(string instruction) => sb.ToString().TrimEnd().Replace(InstructionSlot, instruction + "\n", StringComparison.Ordinal);
        if (cell.IsGroupless)
            foreach (var (chat, text) in CellPosts.For(db, cell, Text(PrivateInstruction))) reply.Wizard(chat, key, text, buttons, placement);
        else
            foreach (var chat in cell.Chats()) reply.Wizard(chat, key, Text(chat.Channel == Zalo.ZaloChannel.Name ? ZaloInstruction : ButtonInstruction), buttons, placement);
        return reply;
    }

    private const string InstructionSlot = "\u0001";
    private const string ButtonInstruction = "Mỗi đồng chí bấm cho chính mình: \"Có mặt\" hoặc \"Xin vắng\" (hoặc gõ: có mặt / vắng: lý do).";
    /// <summary>A Zalo group only passes the bot replies to its messages and mentions of it.</summary>
    private const string ZaloInstruction = "Mỗi đồng chí trả lời tin nhắn này: có mặt / vắng: lý do (hoặc nhắn riêng cho ChiBo như vậy).";
    private const string PrivateInstruction = "Mỗi đồng chí nhắn riêng cho ChiBo: có mặt / vắng: lý do.";

    /// <summary>"Đã trả lời 18/20: 17 có mặt, 1 vắng có lý do" (exempt members who did not answer are not expected).</summary>
    private string Counts(Cell cell, CheckIn checkIn)
    {
        var roster = Roster.Of(db, cell.Id);
        var ids = roster.Select(m => m.Id).ToHashSet();
        var answers = checkIn.Answers.Where(a => ids.Contains(a.MemberId)).ToList();
        var expected = roster.Count(m => !m.Exempt || answers.Any(a => a.MemberId == m.Id));
        var unexplained = answers.Count(a => a.Status == AttendanceStatus.AbsentUnexplained);
        return $"Đã trả lời {answers.Count}/{expected}: {answers.Count(a => a.Status == AttendanceStatus.Present)} có mặt, "
            + $"{answers.Count(a => a.Status == AttendanceStatus.AbsentWithReason)} vắng có lý do"
            + (unexplained > 0 ? $", {unexplained} xin vắng chưa nêu lý do" : "");
    }

    private static string Data(CheckIn c, string action) => $"{ButtonPrefix}{c.CellId}:{c.Year:D4}{c.Month:D2}:{action}";

    private static string Id(Cell cell, YearMonth month) => $"{cell.Id}:{month.Key}";

    private YearMonth DefaultMonth(Cell cell) => cell.Schedule().MonthOf(clock.Today);

    private YearMonth? MonthFrom(string args, Cell cell) =>
        string.IsNullOrWhiteSpace(args) ? DefaultMonth(cell) : YearMonth.TryParse(args, out var month) ? month : null;
}
