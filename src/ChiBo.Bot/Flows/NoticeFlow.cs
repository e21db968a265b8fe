using System.Globalization;
using System.Text;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows.Review;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Flows;

/// <summary>
/// /thongbao: an officer schedules the month's meeting (date, start time, place, agenda, one per line).
/// The bot checks the date against the cell's meeting day (<see cref="ChiBo.Core.Meetings.MeetingSchedule"/>) and warns
/// when it is off, posts the notice to the group and to the committee's chat, and keeps when it was sent: criterion 3
/// is suggested from that time, and <see cref="Scheduling.Reminders"/> times its reminders from the stored notice.
/// A second notice for the same month replaces the first; if the date or time changed, it counts as newly sent.
/// </summary>
public sealed class NoticeFlow(Database db, Access access, Clock clock)
{
    public const string Usage = "Cách dùng: gõ /thongbao rồi mỗi dòng một mục — ngày, giờ bắt đầu, địa điểm, nội dung (mỗi nội dung một dòng). Ví dụ:\n"
        + "/thongbao\n03/11/2026\n14:00\nHội trường khu phố 3\nKiểm điểm công tác tháng 10\nTriển khai nhiệm vụ tháng 11\n\n"
        + "Hoặc trên một dòng, các mục cách nhau bằng dấu phẩy: /thongbao 03/11/2026 14:00, Hội trường khu phố 3, Kiểm điểm công tác tháng 10";

    private const int MaxAgendaLines = 20;

    /// <summary>Labels a line may start with ("Địa điểm: …"), folded; they are dropped.</summary>
    private static readonly string[] Labels = ["ngay hop", "ngay", "gio bat dau", "gio hop", "gio", "thoi gian", "dia diem", "noi dung", "chuong trinh"];

    public Reply Schedule(ChatEvent ev, Cell? cell, string args)
    {
        if (!access.AllowsInGroup(ev, cell, Permission.ScheduleMeeting, out var refusal)) return new Reply().Say(ev.Chat, refusal);
        if (Parse(args) is not { } parsed) return new Reply().Say(ev.Chat, Usage);
        if (parsed.Error is { } error) return new Reply().Say(ev.Chat, $"⚠️ {error}\n\n{Usage}");

        var startsAt = clock.At(parsed.Date, parsed.Start).ToUniversalTime();
        var now = clock.UtcNow;
        if (startsAt <= now)
            return new Reply().Say(ev.Chat, $"⚠️ Giờ họp {Time(parsed.Start)} ngày {Vietnamese.Date(parsed.Date)} đã qua. Hãy gõ ngày và giờ sắp tới.\n\n{Usage}");

        var schedule = cell.Schedule();
        var month = schedule.MonthOf(parsed.Date);
        var id = $"{cell.Id}:{month.Key}";
        var previous = db.Notices.FindById(id);
        var sameTime = previous is not null && previous.Date == parsed.Date && previous.Start == parsed.Start;
        var committee = cell.CommitteeId is { } committeeId ? db.Committees.FindById(committeeId) : null;
        var committeeChat = committee?.ChatKey is { Length: > 0 } key ? ChatOf(key) : null;
        var notice = new MeetingNotice
        {
            Id = id, CellId = cell.Id, Year = month.Year, Month = month.Month,
            Date = parsed.Date, Start = parsed.Start, StartsAt = startsAt, Place = parsed.Place, Agenda = parsed.Agenda,
            SentBy = ev.User.Key, CommitteeChatKey = committeeChat?.Key,
            // Only a new date or time needs a new lead time and new reminders; correcting the place or agenda keeps them.
            SentAt = sameTime ? previous!.SentAt : now,
            DayBeforeDoneAt = sameTime ? previous!.DayBeforeDoneAt : null,
            HourBeforeDoneAt = sameTime ? previous!.HourBeforeDoneAt : null,
            MorningAfterDoneAt = sameTime ? previous!.MorningAfterDoneAt : null,
        };
        db.Notices.Upsert(notice);

        var title = previous is null ? "📢 THÔNG BÁO SINH HOẠT CHI BỘ"
            : sameTime ? "📢 THÔNG BÁO SINH HOẠT CHI BỘ (cập nhật)" : "📢 THÔNG BÁO THAY ĐỔI LỊCH SINH HOẠT CHI BỘ";
        var text = Text(cell, notice, title);
        var reply = new Reply().Post(db, cell, text);
        if (committeeChat is not null) reply.Say(committeeChat, $"Kính gửi {committee!.Name}:\n{text}");

        var check = schedule.Check(parsed.Date, month, clock.Holidays);
        var notes = new List<string>
        {
            cell.IsGroupless ? "Đã gửi thông báo cho cán bộ chi bộ để chuyển tiếp tới đảng viên (chi bộ không có nhóm)." + (committeeChat is not null ? $" Đã gửi cho {committee!.Name}." : "")
            : committeeChat is not null ? $"Đã gửi thông báo vào nhóm và cho {committee!.Name}."
                : "Đã gửi thông báo vào nhóm. Chi bộ chưa gắn với cấp ủy cấp trên có nhóm chat trong ChiBo, nên cấp ủy chưa nhận được thông báo này.",
        };
        if (!check.OnSchedule) notes.Add($"⚠️ Ngày họp không đúng lịch của chi bộ: {check.Reason} Nếu cần đổi, gõ lại /thongbao với ngày mới; thông báo mới sẽ thay thế thông báo này.");
        if (DateOnly.FromDateTime(clock.ToLocal(notice.SentAt).DateTime) >= parsed.Date)
            notes.Add("⚠️ Thông báo gửi ngay trong ngày họp (tiêu chí 3 cần báo trước ít nhất 01 ngày, chậm nhất là ngày hôm trước).");
        notes.Add("ChiBo sẽ nhắc lịch trong nhóm trước 1 ngày và trước 1 giờ.");
        return reply.Say(ev.Chat, string.Join("\n", notes));
    }

    /// <summary>The notice as posted.</summary>
    public static string Text(Cell cell, MeetingNotice n, string title)
    {
        var sb = new StringBuilder($"{title}\n{cell.Name} — {new YearMonth(n.Year, n.Month).ToVietnamese()}\n\n");
        sb.Append($"🗓 Thời gian: {When(n)}\n📍 Địa điểm: {n.Place}\n📝 Nội dung:\n");
        sb.Append(string.Join("\n", n.Agenda.Select((line, i) => $"{i + 1}. {line}")));
        sb.Append("\n\nĐề nghị các đồng chí đảng viên tham dự đầy đủ, đúng giờ.");
        return sb.ToString();
    }

    /// <summary>"14:00, Thứ Ba 03/11/2026".</summary>
    public static string When(MeetingNotice n) => $"{Time(n.Start)}, {Vietnamese.Weekday(n.Date)} {Vietnamese.Date(n.Date)}";

    private static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"telegram:-100123" → the chat it names (a user key, "telegram:42", names the user's private chat).</summary>
    public static ChatRef? ChatOf(string key, ChatKind kind = ChatKind.Group)
    {
        var colon = key.IndexOf(':');
        return colon > 0 && colon < key.Length - 1 ? new ChatRef(key[..colon], key[(colon + 1)..], kind) : null;
    }

    private sealed record Parsed(DateOnly Date, TimeOnly Start, string Place, List<string> Agenda, string? Error = null);

    /// <summary>Null when nothing was given (show the usage); otherwise the fields or the first error.</summary>
    private Parsed? Parse(string args)
    {
        var lines = args.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(StripLabel).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return null;
        if (lines.Count == 1) lines = OneLine(lines[0]);
        Parsed Fail(string error) => new(default, default, "", [], error);

        // The date may carry the time on the same line: "03/11/2026 14:00".
        var first = lines[0].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (first.Length == 2 && TryParseStart(first[1], out _)) lines.Insert(1, first[1]);
        if (!TryParseDate(first[0], out var date)) return Fail($"Không hiểu ngày họp \"{lines[0]}\". Hãy gõ ngày theo mẫu 03/11/2026.");
        if (lines.Count < 2 || !TryParseStart(lines[1], out var start))
            return Fail(lines.Count < 2 ? "Thiếu giờ bắt đầu." : $"Không hiểu giờ bắt đầu \"{lines[1]}\". Hãy gõ theo mẫu 14:00.");
        if (lines.Count < 3) return Fail("Thiếu địa điểm họp.");
        var place = lines[2];
        if (place.Length > 200) return Fail("Địa điểm quá dài (tối đa 200 ký tự).");
        var agenda = lines.Skip(3).ToList();
        if (agenda.Count == 0) return Fail("Thiếu nội dung buổi họp (mỗi nội dung một dòng).");
        if (agenda.Count > MaxAgendaLines || agenda.Any(a => a.Length > 300)) return Fail($"Nội dung quá dài (tối đa {MaxAgendaLines} dòng, mỗi dòng 300 ký tự).");
        return new Parsed(date, start, place, agenda);
    }

    /// <summary>The one-line form: "03/12/2026 14:00, Hội trường khu phố 3, Kiểm điểm tháng 11; Triển khai tháng 12" —
    /// date, time, the place up to the first comma, then agenda items separated by semicolons (or, with none, commas).</summary>
    private static List<string> OneLine(string line)
    {
        const StringSplitOptions Clean = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        var words = line.Split(' ', 3, Clean);
        var list = words.Take(2).Select(w => w.TrimEnd(',', ';')).ToList();
        if (words.Length < 3) return list;
        var placeAndAgenda = words[2].TrimStart(',', ';', ' ').Split([',', ';'], 2, Clean);
        list.Add(placeAndAgenda[0]);
        if (placeAndAgenda.Length == 2)
            list.AddRange(placeAndAgenda[1].Split(placeAndAgenda[1].Contains(';') ? [';'] : [','], Clean));
        return list;
    }

    private bool TryParseDate(string text, out DateOnly date)
    {
        var today = clock.Today;
        if (!ReviewAnswers.TryParseDue(text, today.Year, out date)) return false;
        // "05/01" typed in December means next January; an explicit year stays as typed.
        if (date < today && ReviewAnswers.TryParseDue(text, today.Year + 1, out var next)) date = next;
        return true;
    }

    private static bool TryParseStart(string text, out TimeOnly start) =>
        ReviewAnswers.TryParseTime(Roster.Fold(text).Replace("gio", "h").Replace('g', 'h').Replace('.', ':').Replace(" ", ""), out start);

    private static string StripLabel(string line)
    {
        var colon = line.IndexOf(':');
        if (colon <= 0) return line;
        var label = Roster.Fold(line[..colon]);
        return Labels.Contains(label) ? line[(colon + 1)..].Trim() : line;
    }
}
