using System.Text;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Reports;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Flows;

/// <summary>
/// Seed 002's figures in the chat: each member's attendance and speaking (/thamgia), members absent from many meetings
/// (/vangnhieu), the targets cell by cell (/chitieu) and a year of dues per member (/dangphi nam). Who may ask is
/// who may read the results (<see cref="QueryFlow.Place"/>, <see cref="QueryFlow.PickCell"/>); the figures are
/// <see cref="Participation"/>'s, from posted records only.
/// </summary>
public sealed class ParticipationFlow(Database db, QueryFlow query, IOptions<ChiBoOptions> options, Clock clock, ThematicFlow thematic)
{
    public Reply? Handle(ChatEvent ev, Command cmd)
    {
        Func<ChatEvent, string, string>? answer = cmd.Name switch
        {
            "thamgia" => Attendance,
            "vangnhieu" => Absentees,
            "chitieu" => Targets,
            "dangphi" when Periods.SplitKind(cmd.Args).Kind == "nam" => (e, a) => Dues(e, Periods.SplitKind(a).Tail),
            _ => null,
        };
        return answer is null ? null : new Reply().Say(ev.Chat, answer(ev, cmd.Args));
    }

    private YearMonth Today => query.ThisMonth;

    // ---- /thamgia [mã] [năm]

    private string Attendance(ChatEvent ev, string args)
    {
        if (PickCellAndYear(ev, args, "/thamgia", out var cell, out var year) is { } answer) return answer;
        var records = RecordsOf(cell.Id, year);
        var tallies = Participation.Tally(Members(cell.Id), records).Where(t => !t.Member.Exempt).ToList();
        var sb = new StringBuilder($"👥 {cell.Name} — tham gia sinh hoạt năm {year} ({records.Count} kỳ họp đã công bố)\n");
        sb.Append($"Chỉ tiêu: mỗi đảng viên phát biểu ý kiến ở ít nhất {Participation.SpeakingTarget} kỳ họp trong năm.");
        if (records.Count > 0 && records.All(r => r.Record.Speakers.Count == 0))
            sb.Append("\nChưa kỳ họp nào ghi người phát biểu: khi đánh giá, ở bước điểm danh gõ \"phát biểu 1 3 5\".");
        var below = tallies.Where(t => !t.MeetsSpeakingTarget).OrderBy(t => t.Spoke).ThenBy(t => t.Number).ToList();
        var met = tallies.Where(t => t.MeetsSpeakingTarget).ToList();
        if (below.Count > 0) sb.Append($"\n\nChưa đạt ({below.Count}):\n" + string.Join("\n", below.Select(Line)));
        if (met.Count > 0) sb.Append($"\n\nĐã đạt ({met.Count}):\n" + string.Join("\n", met.Select(Line)));
        return sb.ToString();

        static string Line(MemberTally t) =>
            $"{t.Number}. {t.Member.Name} — dự {t.Present}/{t.Expected} kỳ, vắng có lý do {t.AbsentWithReason}, vắng không lý do {t.AbsentWithoutReason}, phát biểu {t.Spoke} kỳ";
    }

    // ---- /vangnhieu [quý|năm]

    private string Absentees(ChatEvent ev, string args)
    {
        if (query.Place(ev, out var scope) is { } refusal) return refusal;
        var text = args.Trim();
        var year = Today.Year;
        Quarter? quarter = null;
        if (Quarter.TryParse(text, out var q)) quarter = q;
        else if (!Periods.TryYear(text, "/vangnhieu", Today, out year, out var error))
            return error + $" Hoặc một quý: /vangnhieu {Today.Quarter}.";
        if (quarter is { } qq) year = qq.Year;
        var period = quarter?.ToVietnamese() ?? $"năm {year}";
        var threshold = options.Value.AbsenceThreshold;
        var sb = new StringBuilder($"📋 {scope.Title} — đảng viên vắng sinh hoạt nhiều kỳ, {period}\n");
        sb.Append($"Danh sách những đồng chí vắng từ {threshold} kỳ trở lên (có lý do và không lý do), để báo cáo cấp ủy.");
        var any = false;
        foreach (var cell in scope.Cells)
        {
            var records = RecordsOf(cell.Id, year).Where(r => quarter is not { } x || new YearMonth(r.Year, r.Month).Quarter == x).ToList();
            var list = Participation.Absentees(Participation.Tally(Members(cell.Id), records), threshold);
            if (list.Count == 0) continue;
            any = true;
            if (scope.Cells.Count > 1) sb.Append($"\n\n{cell.Name} ({records.Count} kỳ họp):");
            else sb.Append($"\n\n{records.Count} kỳ họp đã công bố:");
            foreach (var t in list)
                sb.Append($"\n• {t.Member.Name} — vắng {t.Absences}/{t.Expected} kỳ (không lý do {t.AbsentWithoutReason})");
        }
        if (!any) sb.Append($"\n\nKhông có đồng chí nào vắng từ {threshold} kỳ trở lên.");
        return sb.ToString();
    }

    // ---- /chitieu [năm]

    private string Targets(ChatEvent ev, string args)
    {
        if (query.Place(ev, out var scope) is { } refusal) return refusal;
        if (!Periods.TryYear(args, "/chitieu", Today, out var year, out var error)) return error;
        if (scope.Cells.Count == 0) return $"{scope.Title} chưa có chi bộ nào.";
        var targets = scope.Cells.Select(c => Participation.Targets(c, Members(c.Id), RecordsOf(c.Id, year), year, Today,
            at => DateOnly.FromDateTime(clock.ToLocal(at).DateTime), q => thematic.HeldIn(c, q))).ToList();
        var n = targets.Count;
        var sb = new StringBuilder($"🎯 {scope.Title} — chỉ tiêu sinh hoạt chi bộ năm {year}" + (year >= Today.Year ? " (đến nay)" : "") + "\n");
        sb.Append($"• {targets.Count(t => t.MeetsAttendance)}/{n} chi bộ đạt tỷ lệ dự họp trên 95%\n");
        sb.Append($"• {targets.Count(t => t.MeetsSpeaking)}/{n} chi bộ có mọi đảng viên phát biểu ở {Participation.SpeakingTarget} kỳ họp trở lên\n");
        sb.Append($"• {targets.Count(t => t.MeetsThematic)}/{n} chi bộ sinh hoạt chuyên đề đủ mỗi quý\n");
        sb.Append($"• {targets.Count(t => t.MeetsOnTime)}/{n} chi bộ công bố kết quả đúng hạn mọi tháng");
        foreach (var t in targets)
        {
            sb.Append($"\n\n{t.Cell.Name}\n");
            sb.Append($"Dự họp: {(t.AttendanceRate is { } rate ? $"{t.Present}/{t.Expected} lượt ({Percent(rate)})" : "chưa có số liệu")} {Mark(t.MeetsAttendance)}\n");
            sb.Append($"Phát biểu từ {Participation.SpeakingTarget} kỳ: {t.MembersAtSpeakingTarget}/{t.MembersCounted} đảng viên"
                + (t.SpeakingShare is { } share ? $" ({Percent(share)})" : "") + $" {Mark(t.MeetsSpeaking)}\n");
            sb.Append($"Chuyên đề: {t.QuartersWithThematic}/{t.QuartersDue} quý đã qua {Mark(t.MeetsThematic)}\n");
            sb.Append($"Công bố đúng hạn: {t.MonthsOnTime}/{t.MonthsDue} tháng {Mark(t.MeetsOnTime)}");
        }
        return sb.ToString();

        static string Mark(bool met) => met ? "✅" : "❌";
    }

    // ---- /dangphi nam [mã] [năm]

    private string Dues(ChatEvent ev, string args)
    {
        if (PickCellAndYear(ev, args, "/dangphi nam", out var cell, out var year) is { } answer) return answer;
        var records = RecordsOf(cell.Id, year);
        var dues = Participation.Dues(Members(cell.Id), records);
        var sb = new StringBuilder($"💰 {cell.Name} — đảng phí năm {year} ({records.Count} tháng đã công bố)\n");
        sb.Append($"Đã thu: {Vietnamese.Money(dues.Sum(d => d.Paid))}; còn thiếu: {Vietnamese.Money(dues.Sum(d => d.Owed))}.\n");
        foreach (var d in dues.Where(d => d.PaidMonths + d.OwedMonths.Count > 0))
            sb.Append($"\n{d.Number}. {d.Member.Name} — đã nộp {d.PaidMonths} tháng ({Vietnamese.Money(d.Paid)})"
                + (d.OwedMonths.Count == 0 ? "" : $"; còn nợ {string.Join(", ", d.OwedMonths.Select(m => $"T{m}"))} ({Vietnamese.Money(d.Owed)})"));
        var arrears = dues.Where(d => d.OwedMonths.Count > 0).ToList();
        sb.Append(arrears.Count == 0 ? "\n\nKhông có đồng chí nào nợ đảng phí."
            : $"\n\nĐang nợ đảng phí ({arrears.Count}): " + string.Join(", ", arrears.Select(d => $"{d.Member.Name} ({Vietnamese.Money(d.Owed)})")) + ".");
        return sb.ToString();
    }

    // ---- shared pieces

    private string? PickCellAndYear(ChatEvent ev, string args, string command, out Cell cell, out int year)
    {
        var (selector, yearText) = Periods.SplitYear(args);
        year = Today.Year;
        cell = null!;
        if (query.PickCell(ev, selector, command, out var picked, out _) is { } answer) return answer;
        cell = picked!;
        return Periods.TryYear(yearText, command, Today, out year, out var error) ? null : error;
    }

    private List<Member> Members(int cellId) => Roster.Of(db, cellId);

    private List<PostedRecord> RecordsOf(int cellId, int year) =>
        db.Records.Find(r => r.CellId == cellId && r.Year == year).OrderBy(r => r.Month).ToList();

    /// <summary>"95,5%" (DOMAIN.md: no space before the sign).</summary>
    private static string Percent(decimal ratio) => (ratio * 100m).ToString("0.#", Vietnamese.Culture) + "%";
}
