using System.Globalization;
using System.Text.RegularExpressions;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Flows;

/// <summary>
/// /nhapketqua: a cell that joins mid-year brings its earlier months from paper, one line per month, month and total
/// ("10/2026 92,5"). Each month becomes a <see cref="PostedRecord"/> marked <see cref="PostedRecord.Imported"/>: the
/// rating follows from the total, it counts like a posted month (DOMAIN.md, "Which months count"), every view says it was
/// imported, and each import is audited. Bad lines are named; the good ones are kept.
/// </summary>
public sealed partial class ImportFlow(Database db, Access access, Rubrics rubrics, Clock clock)
{
    public const string Usage = "Cách dùng: gõ /nhapketqua rồi mỗi dòng một tháng: tháng và tổng điểm đã chấm trên sổ sách. Ví dụ:\n"
        + "/nhapketqua\n9/2026 88\n10/2026 92,5";

    private const int MaxLines = 24;

    public Reply Import(ChatEvent ev, Cell? cell, string args)
    {
        if (!access.AllowsInGroup(ev, cell, Permission.ImportResults, out var refusal)) return new Reply().Say(ev.Chat, refusal);
        var lines = args.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return new Reply().Say(ev.Chat, Usage);
        if (lines.Length > MaxLines) return new Reply().Say(ev.Chat, $"Mỗi lần nhập tối đa {MaxLines} tháng.\n\n{Usage}");

        var labels = rubrics.Get(cell.RubricId).Labels;
        var current = YearMonth.Of(clock.Today);
        var done = new List<string>();
        var errors = new List<string>();
        var seen = new HashSet<YearMonth>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var error = Parse(line, current, out var month, out var total);
            if (error is null && !seen.Add(month)) error = $"{month.ToVietnamese()} đã có ở dòng trên.";
            var id = $"{cell.Id}:{month.Key}";
            var existing = error is null ? db.Records.FindById(id) : null;
            if (existing is { Imported: false })
                error = $"{month.ToVietnamese()} đã có kết quả đánh giá trong ChiBo ({Vietnamese.Points(existing.Total)} điểm); sửa bằng /danhgia {month}.";
            if (error is not null)
            {
                errors.Add($"• Dòng {i + 1} «{Shorten(line)}»: {error}");
                continue;
            }
            var rating = labels.For(MonthlyRating.For(total));
            var record = new PostedRecord
            {
                Id = id, CellId = cell.Id, Year = month.Year, Month = month.Month, Imported = true,
                Record = new MeetingRecord { CellId = cell.Id.ToString(CultureInfo.InvariantCulture), Year = month.Year, Month = month.Month, RubricId = cell.RubricId },
                Total = total, Rating = rating, PostedBy = ev.User.Key, PostedByName = ev.User.DisplayName, PostedAt = clock.UtcNow,
                Revision = (existing?.Revision ?? 0) + 1,
            };
            db.Records.Upsert(record);
            var change = existing is null ? $"{Vietnamese.Points(total)} ({rating})" : $"{Vietnamese.Points(existing.Total)} ({existing.Rating}) → {Vietnamese.Points(total)} ({rating})";
            db.Audit.Insert(new AuditEntry { RecordId = id, At = clock.UtcNow, By = ev.User.Key, ByName = ev.User.DisplayName, Action = "import", Changes = [$"Tổng điểm nhập từ sổ sách: {change}"] });
            done.Add($"• {month.ToVietnamese()}: {change}");
        }

        var text = done.Count > 0
            ? $"📥 Đã nhập kết quả từ sổ sách của {cell.Name} ({done.Count} tháng, ghi là \"nhập từ sổ sách\" ở mọi báo cáo):\n{string.Join("\n", done)}"
            : "Chưa nhập được tháng nào.";
        if (errors.Count > 0) text += $"\n\n⚠️ Các dòng sau không nhập được:\n{string.Join("\n", errors)}\nHãy gõ lại các dòng này theo mẫu: 10/2026 92,5";
        return new Reply().Say(ev.Chat, text);
    }

    /// <summary>"10/2026 92,5" (also "10/2026: 92.5", "tháng 10/2026 92,5 điểm"); null when valid, else why not.</summary>
    private static string? Parse(string line, YearMonth current, out YearMonth month, out decimal total)
    {
        month = default;
        total = 0;
        var m = Line().Match(Roster.Fold(line));
        if (!m.Success) return "hãy gõ tháng và tổng điểm, ví dụ: 10/2026 92,5.";
        if (!YearMonth.TryParse(m.Groups["month"].Value, out month)) return $"\"{m.Groups["month"].Value}\" không phải tháng (ví dụ 10/2026).";
        if (month >= current) return $"{month.ToVietnamese()} chưa kết thúc; chỉ nhập các tháng đã qua.";
        if (!decimal.TryParse(m.Groups["total"].Value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out total) || total > 100)
            return $"tổng điểm \"{m.Groups["total"].Value}\" phải là số từ 0 đến 100.";
        if (total % Points.Step != 0) return $"tổng điểm {Vietnamese.Number(total)} không hợp lệ: chỉ có điểm nguyên hoặc nửa điểm.";
        return null;
    }

    private static string Shorten(string line) => line.Length > 40 ? line[..40] + "…" : line;

    [GeneratedRegex(@"^(?:thang\s*)?(?<month>[0-9]{1,2}\s*[/\-.]\s*[0-9]{4})\s*[:=\-–]?\s*(?<total>[0-9]{1,3}(?:[.,][0-9]{1,2})?)\s*(?:diem)?$")]
    private static partial Regex Line();
}
