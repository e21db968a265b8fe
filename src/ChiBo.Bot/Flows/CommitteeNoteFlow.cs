using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Scoring;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Flows;

/// <summary>
/// The committee's own review of a cell's posted month (seed 000 §3.3.2–3.3.3) and the month's history:
/// /nhanxet adds a comment, /dieuchinh sets the committee's total with a reason (when ChiBo:CommitteeMayAdjustScores),
/// both by a member of the committee the cell belongs to, kept as <see cref="CommitteeNote"/>s beside the cell's
/// self-assessment (never over it) with an <see cref="AuditEntry"/>, and posted to the cell's groups.
/// /lichsu reads a posted month's audit trail back.
/// </summary>
public sealed partial class CommitteeNoteFlow(Database db, Access access, QueryFlow query, Rubrics rubrics, IOptions<ChiBoOptions> options, Clock clock)
{
    public const string NoteAction = "committee-note";
    public const string AdjustAction = "committee-adjust";

    public Reply? Handle(ChatEvent ev, Command cmd) => cmd.Name switch
    {
        "nhanxet" => Note(ev, cmd.Args, adjust: false),
        "dieuchinh" => Note(ev, cmd.Args, adjust: true),
        "lichsu" => new Reply().Say(ev.Chat, History(ev, cmd.Args)),
        _ => null,
    };

    /// <summary>A posted month's committee notes, oldest first (for /ketqua, /lichsu and the files).</summary>
    public static List<CommitteeNote> NotesFor(Database db, string recordId) => db.CommitteeNotes.Find(n => n.RecordId == recordId).OrderBy(n => n.At).ThenBy(n => n.Id).ToList();

    /// <summary>The committee's latest adjusted total among <paramref name="notes"/>, if it set one.</summary>
    public static decimal? AdjustedTotal(IEnumerable<CommitteeNote> notes) => notes.LastOrDefault(n => n.AdjustedTotal != null)?.AdjustedTotal;

    // ---- /nhanxet <mã> <tháng> <nội dung>, /dieuchinh <mã> <tháng> <tổng điểm> <lý do>

    private Reply Note(ChatEvent ev, string args, bool adjust)
    {
        var command = adjust ? "/dieuchinh" : "/nhanxet";
        var example = adjust ? $"{command} 3 {query.ThisMonth.Previous} 80 Chưa kiểm điểm việc thực hiện nhiệm vụ tháng trước"
                             : $"{command} 3 {query.ThisMonth.Previous} Chi bộ cần chuẩn bị kỹ nội dung sinh hoạt";
        var m = (adjust ? AdjustPattern() : NotePattern()).Match(args.Trim());
        if (!m.Success) return Say(ev, $"Hãy gõ theo mẫu: {example} (mã chi bộ, tháng, {(adjust ? "tổng điểm cấp ủy chấm, lý do" : "nội dung nhận xét")}).");
        if (adjust && !options.Value.CommitteeMayAdjustScores)
            return Say(ev, "Theo quy định đang áp dụng, cấp ủy không điều chỉnh điểm chi bộ tự chấm; đồng chí có thể ghi nhận xét bằng /nhanxet.");
        var cell = int.TryParse(m.Groups["cell"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? db.Cell(id) : null;
        if (cell is null) return Say(ev, $"Không có chi bộ mã {m.Groups["cell"].Value}. Gõ /ganchibo trong nhóm cấp ủy để xem mã các chi bộ.");
        var committee = cell.CommitteeId is { } cid ? db.Committees.FindById(cid) : null;
        if (committee is null) return Say(ev, $"{cell.Name} chưa thuộc cấp ủy nào, nên chưa có nhận xét của cấp ủy.");
        if (access.Check(committee, ev.User, Permission.CommentAsCommittee) is { } refusal) return Say(ev, refusal);
        if (!YearMonth.TryParse(m.Groups["month"].Value, out var month)) return Say(ev, $"Không hiểu tháng \"{m.Groups["month"].Value}\". Hãy gõ theo mẫu: {example}.");
        if (db.Records.FindById($"{cell.Id}:{month.Key}") is not { } posted)
            return Say(ev, $"{cell.Name} chưa công bố kết quả {month.ToVietnamese()}, nên chưa nhận xét được.");
        var text = m.Groups["text"].Value.Trim();
        if (text.Length is < 5 or > 1000) return Say(ev, "Nội dung nhận xét hoặc lý do cần từ 5 đến 1000 ký tự.");

        decimal? total = null;
        if (adjust)
        {
            var max = rubrics.Get(posted.Record.RubricId).MaxTotal;
            if (!decimal.TryParse(m.Groups["total"].Value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var t)
                || t < 0 || t > max || t % Points.Step != 0)
                return Say(ev, $"Tổng điểm \"{m.Groups["total"].Value}\" không hợp lệ: hãy gõ từ 0 đến {Vietnamese.Points(max)}, điểm nguyên hoặc nửa điểm.");
            total = t;
        }
        var now = clock.UtcNow;
        var note = new CommitteeNote
        {
            RecordId = posted.Id, CellId = cell.Id, CommitteeId = committee.Id, At = now, By = ev.User.Key,
            ByName = committee.Members.FirstOrDefault(x => x.UserKey == ev.User.Key)?.DisplayName ?? ev.User.DisplayName, Text = text, AdjustedTotal = total,
        };
        var before = AdjustedTotal(NotesFor(db, posted.Id));
        db.CommitteeNotes.Insert(note);
        db.Audit.Insert(new AuditEntry
        {
            RecordId = posted.Id, At = now, By = ev.User.Key, ByName = note.ByName, Action = adjust ? AdjustAction : NoteAction,
            Changes = adjust
                ? [$"Tổng điểm theo cấp ủy: {(before is { } b ? Vietnamese.Points(b) : $"chưa có (chi bộ tự chấm {Vietnamese.Points(posted.Total)})")} → {Vietnamese.Points(total!.Value)}; lý do: {text}"]
                : [$"Nhận xét: {text}"],
        });
        var labels = rubrics.Get(posted.Record.RubricId).Labels;
        var announcement = $"📝 {(adjust ? "Cấp ủy điều chỉnh điểm" : "Nhận xét của cấp ủy")} — {committee.Name}\n{cell.Name}, {month.ToVietnamese()}\n"
            + (adjust ? $"Tổng điểm theo cấp ủy: {Vietnamese.Points(total!.Value)} — {labels.For(MonthlyRating.For(total.Value))} (chi bộ tự chấm {Vietnamese.Points(posted.Total)})\nLý do: {text}"
                      : text)
            + $"\nĐồng chí {note.ByName}, {Vietnamese.DateTime(clock.ToLocal(now))}";
        var reply = new Reply().SayTo(cell.Chats(), announcement);
        if (!cell.Has(ev.Chat)) reply.Say(ev.Chat, $"Đã ghi {(adjust ? "điều chỉnh điểm" : "nhận xét")} của cấp ủy cho {cell.Name}, {month.ToVietnamese()}, và gửi vào nhóm chi bộ. Điểm chi bộ tự chấm vẫn được giữ nguyên.");
        return reply;
    }

    // ---- /lichsu [mã] [tháng]

    private string History(ChatEvent ev, string args)
    {
        if (query.PickCell(ev, args, "/lichsu", out var cell, out var month) is { } answer) return answer;
        if (db.Records.FindById($"{cell!.Id}:{month.Key}") is not { } posted) return $"{cell.Name} chưa công bố kết quả {month.ToVietnamese()}.";
        var entries = db.Audit.Find(a => a.RecordId == posted.Id).OrderBy(a => a.At).ThenBy(a => a.Id).ToList();
        var sb = new StringBuilder($"🕘 Lịch sử kết quả {cell.Name} — {month.ToVietnamese()}\n");
        sb.Append($"Hiện tại: {Vietnamese.Points(posted.Total)} điểm ({posted.Rating}), công bố lần {posted.Revision} bởi {posted.PostedByName} lúc {Vietnamese.DateTime(clock.ToLocal(posted.PostedAt))}.");
        if (entries.Count == 0) sb.Append("\nChưa có thay đổi nào sau lần công bố đầu.");
        foreach (var (e, i) in entries.Select((e, i) => (e, i + 1)))
        {
            var what = e.Action switch { NoteAction => "Nhận xét của cấp ủy", AdjustAction => "Cấp ủy điều chỉnh điểm", _ => "Sửa và công bố lại" };
            sb.Append($"\n\n{i}. {Vietnamese.DateTime(clock.ToLocal(e.At))} — {e.ByName} — {what}");
            foreach (var change in e.Changes) sb.Append($"\n• {change}");
        }
        return sb.ToString();
    }

    private static Reply Say(ChatEvent ev, string text) => new Reply().Say(ev.Chat, text);

    [GeneratedRegex(@"^(?<cell>\d+)\s+(?<month>\d{1,2}\s*/\s*\d{4})\s+(?<text>.+)$", RegexOptions.Singleline)] private static partial Regex NotePattern();

    [GeneratedRegex(@"^(?<cell>\d+)\s+(?<month>\d{1,2}\s*/\s*\d{4})\s+(?<total>\d{1,3}(?:[.,]\d)?)\s+(?<text>.+)$", RegexOptions.Singleline)] private static partial Regex AdjustPattern();
}
