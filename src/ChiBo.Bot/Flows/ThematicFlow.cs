using System.Globalization;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows.Review;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;

namespace ChiBo.Bot.Flows;

/// <summary>
/// Thematic meetings (sinh hoạt chuyên đề, DOMAIN.md: at least one a quarter, seed 002) as records of their own.
/// <c>/chuyende 15/11/2026 Học tập và làm theo tư tưởng Hồ Chí Minh</c> records one (an officer); <c>/chuyende</c> lists
/// the year's, numbered; <c>/xoachuyende 2</c> removes one. Recording and removing are audited. A thematic meeting
/// combined with the regular one is also recorded in that month's review ("chuyên đề: …", or from the notice's agenda);
/// <see cref="Of"/> gives both kinds: the one source of "the quarter's thematic meetings" for /quy, /chitieu and /xuat quy.
/// </summary>
public sealed class ThematicFlow(Database db, Access access, Clock clock)
{
    public const string Usage = "Cách dùng: /chuyende <ngày> <chủ đề>, ví dụ /chuyende 15/11/2026 Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n"
        + "/chuyende (không kèm gì): xem các buổi đã ghi trong năm; /xoachuyende <số>: xóa một buổi ghi nhầm.";

    /// <summary>One thematic meeting as the reports show it, from either source.</summary>
    public sealed record Held(DateOnly? Date, string? Topic, bool Combined, int? Number);

    public Reply Record(ChatEvent ev, Cell? cell, string args)
    {
        if (args.Trim().Length == 0) return List(ev, cell);
        if (!access.AllowsInGroup(ev, cell, Permission.ScheduleMeeting, out var refusal)) return new Reply().Say(ev.Chat, refusal);
        var parts = args.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var today = clock.Today;
        if (!ReviewAnswers.TryParseDue(parts[0], today.Year, out var date))
            return new Reply().Say(ev.Chat, $"Không hiểu ngày \"{parts[0]}\".\n{Usage}");
        if (date > today) return new Reply().Say(ev.Chat, $"Ngày {Vietnamese.Date(date)} chưa đến. Chỉ ghi buổi sinh hoạt chuyên đề đã tổ chức.");
        var topic = parts.Length == 2 ? parts[1].Trim().TrimStart(':', '-', ' ') : "";
        if (topic.Length < 3) return new Reply().Say(ev.Chat, $"Thiếu chủ đề.\n{Usage}");
        if (topic.Length > 300) return new Reply().Say(ev.Chat, "Chủ đề quá dài (tối đa 300 ký tự).");

        var month = YearMonth.Of(date);
        var regular = db.Records.FindById($"{cell.Id}:{month.Key}");
        var combined = regular?.Record.Date == date;
        var existing = db.Thematics.FindOne(t => t.CellId == cell.Id && t.Date == date);
        var meeting = existing ?? new ThematicMeeting { CellId = cell.Id, Date = date };
        var old = existing?.Topic;
        meeting.Topic = topic;
        meeting.Combined = combined;
        meeting.RecordedBy = ev.User.Key;
        meeting.RecordedByName = ev.User.DisplayName;
        meeting.RecordedAt = clock.UtcNow;
        db.Thematics.Upsert(meeting);
        Audit(ev, meeting, existing is null ? "thematic" : "thematic-edit", old is null ? $"Sinh hoạt chuyên đề ngày {Vietnamese.Date(date)}: {topic}" : $"Chủ đề ngày {Vietnamese.Date(date)}: {old} → {topic}");
        var quarter = month.Quarter;
        return new Reply().Say(ev.Chat, $"📚 Đã ghi buổi sinh hoạt chuyên đề ngày {Vietnamese.Date(date)} "
            + (combined ? "(kết hợp buổi sinh hoạt thường kỳ)" : "(tổ chức riêng)") + $": {topic}."
            + (existing is null ? "" : " (thay chủ đề đã ghi cho ngày này)")
            + $"\nQuý {quarter.Number}/{quarter.Year} đã có {Of(cell, quarter).Count} buổi. Gõ /chuyende để xem các buổi đã ghi.");
    }

    public Reply Remove(ChatEvent ev, Cell? cell, string args)
    {
        if (!access.AllowsInGroup(ev, cell, Permission.ScheduleMeeting, out var refusal)) return new Reply().Say(ev.Chat, refusal);
        var mine = Recorded(cell, clock.Today.Year);
        if (!int.TryParse(args.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > mine.Count)
            return new Reply().Say(ev.Chat, mine.Count == 0 ? "Năm nay chưa ghi buổi sinh hoạt chuyên đề nào bằng /chuyende."
                : $"Hãy gõ số thứ tự của buổi cần xóa (từ 1 đến {mine.Count}), ví dụ /xoachuyende 1. Gõ /chuyende để xem danh sách.");
        var meeting = mine[n - 1];
        db.Thematics.Delete(meeting.Id);
        Audit(ev, meeting, "thematic-remove", $"Xóa sinh hoạt chuyên đề ngày {Vietnamese.Date(meeting.Date)}: {meeting.Topic}");
        return new Reply().Say(ev.Chat, $"Đã xóa buổi sinh hoạt chuyên đề ngày {Vietnamese.Date(meeting.Date)}: {meeting.Topic}.");
    }

    private Reply List(ChatEvent ev, Cell? cell)
    {
        if (!access.AllowsInGroup(ev, cell, Permission.ViewCellResults, out var refusal)) return new Reply().Say(ev.Chat, refusal);
        var year = clock.Today.Year;
        var lines = new List<string>();
        for (var q = 1; q <= 4; q++)
        {
            var quarter = new YearMonth(year, q * 3).Quarter;
            var held = Of(cell, quarter);
            lines.Add($"Quý {q}:" + (held.Count > 0 ? "" : new YearMonth(year, q * 3 - 2) <= YearMonth.Of(clock.Today) ? " ⚠️ chưa có" : " chưa đến"));
            lines.AddRange(held.Select(h => "  " + (h.Number is { } num ? $"{num}. " : "• ") + Describe(h)));
        }
        return new Reply().Say(ev.Chat, $"📚 Sinh hoạt chuyên đề năm {year} — {cell.Name} (mỗi quý ít nhất một buổi):\n{string.Join("\n", lines)}\n\n{Usage}");
    }

    /// <summary>"Học tập … (ngày 15/11/2026, tổ chức riêng)".</summary>
    public static string Describe(Held h) =>
        $"{h.Topic ?? "chưa ghi chủ đề"} ({(h.Date is { } d ? $"ngày {Vietnamese.Date(d)}, " : "")}{(h.Combined ? "kết hợp sinh hoạt thường kỳ" : "tổ chức riêng")})";

    /// <summary>The quarter's thematic meetings, by date: those recorded with /chuyende (numbered as in the year's list) and
    /// those of a posted review (combined with the regular meeting, or a thematic meeting's own review) that has none
    /// recorded for its date.</summary>
    public List<Held> Of(Cell cell, Quarter quarter)
    {
        var numbered = Recorded(cell, quarter.Year).Select((t, i) => (t, n: i + 1)).Where(x => YearMonth.Of(x.t.Date).Quarter == quarter).ToList();
        var fromReviews = db.Records.Find(r => r.CellId == cell.Id && r.Year == quarter.Year)
            .Where(r => new YearMonth(r.Year, r.Month).Quarter == quarter && (r.Record.WithThematic || r.Record.Kind == MeetingKind.Thematic) && numbered.All(x => x.t.Date != r.Record.Date))
            .Select(r => new Held(r.Record.Date, r.Record.ThematicTopic, true, null));
        return numbered.Select(x => new Held(x.t.Date, x.t.Topic, x.t.Combined, x.n)).Concat(fromReviews)
            .OrderBy(h => h.Date ?? DateOnly.MaxValue).ToList();
    }

    /// <summary>Whether the cell held at least one thematic meeting in the quarter (seed 002's target).</summary>
    public bool HeldIn(Cell cell, Quarter quarter) => Of(cell, quarter).Count > 0;

    private List<ThematicMeeting> Recorded(Cell cell, int year) =>
        db.Thematics.Find(t => t.CellId == cell.Id).Where(t => t.Date.Year == year).OrderBy(t => t.Date).ThenBy(t => t.Id).ToList();

    private void Audit(ChatEvent ev, ThematicMeeting m, string action, string change) =>
        db.Audit.Insert(new AuditEntry { RecordId = $"{m.CellId}:thematic:{m.Date:yyyy-MM-dd}", At = clock.UtcNow, By = ev.User.Key, ByName = ev.User.DisplayName, Action = action, Changes = [change] });
}
