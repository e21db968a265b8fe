using System.Globalization;
using System.Text;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Ratings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Flows;

/// <summary>
/// The committee's reports: /thang (every cell's month), /quy (three months, average, thematic meeting) and /nam (the
/// annual rating with the rule and its source). Which months count is Core's (DOMAIN.md, "Which months count"): the
/// current month is not due until it ends, months before a cell joined ChiBo are "chưa theo dõi", imported months count.
/// </summary>
public sealed partial class QueryFlow
{
    private string MonthReport(Scope scope, string args)
    {
        if (!TryMonth(args, "/thang", out var month, out var error)) return error;
        var rows = scope.Cells
            .Select(c => (Cell: c, Record: db.Records.FindById($"{c.Id}:{month.Key}")))
            .ToList();
        var posted = rows.Where(r => r.Record is not null).OrderByDescending(r => r.Record!.Total).ThenBy(r => r.Cell.Name, NameOrder).ToList();
        var missing = rows.Where(r => r.Record is null).Select(r => r.Cell).ToList();
        var counts = posted.GroupBy(r => MonthlyRating.For(r.Record!.Total)).ToDictionary(g => g.Key, g => g.Count());

        var sb = new StringBuilder($"📊 {scope.Title} — {month.ToVietnamese()}\n");
        sb.Append($"Đã có kết quả: {posted.Count}/{rows.Count} chi bộ — {CountsText(r => counts.GetValueOrDefault(r), LabelsOf(scope.Cells))}");
        if (posted.Count > 0)
        {
            sb.Append("\n\nXếp theo điểm:\n");
            sb.Append(string.Join("\n", posted.Select((r, i) =>
                $"{i + 1}. {r.Cell.Name} — {Vietnamese.Points(r.Record!.Total)} điểm — {rubrics.Get(r.Record.Record.RubricId).Labels.For(MonthlyRating.For(r.Record.Total))}"
                + (r.Record.Imported ? " (nhập từ sổ sách)" : ""))));
        }
        if (missing.Count > 0)
        {
            var state = MonthStateOf(month);
            sb.Append($"\n\nChưa có kết quả ({missing.Count}){(month == ThisMonth ? ", tháng chưa kết thúc" : "")}:\n"
                + string.Join("\n", missing.Select(c => $"• {c.Name}" + (state == MonthState.Missing && month < TrackedFrom(c) ? " (chưa theo dõi)" : ""))));
        }
        sb.Append($"\n\nXem chi tiết một chi bộ: /ketqua <tên hoặc mã chi bộ> {month}");
        return sb.ToString();
    }

    private string QuarterReport(Scope scope, string args)
    {
        var current = ThisMonth;
        var quarter = current.Quarter;
        if (args.Length > 0 && !Quarter.TryParse(args, out quarter))
            return $"Không hiểu quý \"{Quote(args)}\". Hãy gõ theo mẫu: /quy {current.Quarter} (quý {current.Quarter.Number} năm {current.Year}).";
        if (quarter.FirstMonth > current) return $"{Capital(quarter.ToVietnamese())} chưa bắt đầu.";

        var rollups = scope.Cells
            .Select(c => (Cell: c, Rollup: QuarterlyRollup.Compute(quarter, ResultsOf(c, quarter.Year), current, trackedFrom: TrackedFrom(c))))
            .OrderByDescending(x => x.Rollup.Average ?? -1).ThenBy(x => x.Cell.Name, NameOrder)
            .ToList();
        var sb = new StringBuilder($"📊 {scope.Title} — {quarter.ToVietnamese()}\n");
        sb.Append("Điểm trung bình tính trên các tháng đã có kết quả; mỗi chi bộ cần ít nhất một buổi sinh hoạt chuyên đề trong quý (Quảng Bình).");
        var n = 0;
        foreach (var (cell, q) in rollups)
        {
            var labels = rubrics.Get(cell.RubricId).Labels;
            sb.Append($"\n\n{++n}. {cell.Name} — ");
            sb.Append(q.Average is { } avg ? $"trung bình {Vietnamese.Number(avg)} điểm\n" : "chưa có kết quả tháng nào\n");
            sb.Append(string.Join(" · ", q.Months.Select(m => $"tháng {m.Month.Month}: " + m.State switch
            {
                MonthState.Rated => $"{Vietnamese.Points(m.Total!.Value)} ({labels.For(m.Rating!.Value)})" + (m.Imported ? " (nhập từ sổ sách)" : ""),
                _ => StateText(m.Month, m.State),
            })));
            sb.Append($"\nThiếu kết quả: {(q.MissingMonths.Count == 0 ? "không" : string.Join(", ", q.MissingMonths.Select(m => m.ToVietnamese())))}");
            var held = thematic.Of(cell, quarter);
            sb.Append(held.Count > 0 ? $"\nSinh hoạt chuyên đề: {string.Join("; ", held.Select(ThematicFlow.Describe))}"
                : "\n⚠️ Sinh hoạt chuyên đề: chưa tổ chức trong quý");
        }
        return sb.ToString();
    }

    private string YearReport(Scope scope, string args)
    {
        var current = ThisMonth;
        var year = current.Year;
        var y = YearPattern().Match(args);
        if (args.Length > 0 && !(y.Success && int.TryParse(y.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 2100))
            return $"Không hiểu năm \"{Quote(args)}\". Hãy gõ theo mẫu: /nam {current.Year}.";
        if (year > current.Year) return $"Năm {year} chưa bắt đầu.";

        var policy = options.Value.MissingMonths;
        var results = scope.Cells
            .Select(c =>
            {
                var posted = ResultsOf(c, year);
                var annual = AnnualRating.Compute(year, posted.ToDictionary(r => r.Month.Month, r => r.Rating), policy, current,
                    TrackedFrom(c), posted.Where(r => r.Imported).Select(r => r.Month.Month).ToHashSet());
                return (Cell: c, Year: annual);
            })
            .OrderByDescending(x => x.Year.Rating ?? 0).ThenBy(x => x.Cell.Name, NameOrder)
            .ToList();
        var first = results[0].Year;
        var provisional = first.Provisional;
        var sb = new StringBuilder($"📊 {scope.Title} — xếp loại năm {year}" + (provisional ? " (tạm tính)" : "") + "\n");
        var shared = LabelsOf(scope.Cells);
        sb.Append($"Căn cứ: {AnnualRating.Source}. Xét lần lượt {shared.Good}, {shared.Fair}, {shared.Average}, {shared.Poor}; "
            + $"\"N tháng đạt X\" được hiểu là N tháng đạt X trở lên. {Capital(first.PolicyTextIn(shared))}.");
        if (provisional) sb.Append($"\nNăm {year} chưa kết thúc: {NotDueText(current)} nên chưa tính.");
        var n = 0;
        foreach (var (cell, a) in results)
        {
            var labels = rubrics.Get(cell.RubricId).Labels;
            sb.Append($"\n\n{++n}. {cell.Name} — ");
            sb.Append(a.Rating is { } r ? $"{labels.For(r)}{(provisional ? " (tạm tính)" : "")}\nCăn cứ: {a.RuleTextIn(labels)}" : "chưa đủ dữ liệu để xếp loại");
            sb.Append("\nTừng tháng: " + string.Join(" · ", a.Months.Select(m => $"T{m.Month} " + (m.State == MonthState.Rated
                ? labels.For(m.Rating!.Value) + (m.Imported ? " (nhập từ sổ sách)" : "")
                : StateText(new YearMonth(year, m.Month), m.State)))));
            sb.Append($"\nSố tháng: {CountsText(a.Counts.Of, labels)} — tính trên {a.MonthsCounted} tháng");
            var missing = a.MissingMonths;
            sb.Append("\nTháng thiếu kết quả: " + (missing.Count == 0
                ? "không"
                : string.Join(", ", missing.Select(m => $"T{m}")) + (policy == MissingMonthPolicy.CountAsPoor ? $" (tính là {labels.Poor})" : " (không tính)")));
            if (a.NotTrackedMonths.Count > 0)
                sb.Append($"\nChưa theo dõi: {MonthRange(a.NotTrackedMonths)} (trước khi chi bộ dùng ChiBo, không tính; nhập kết quả từ sổ sách bằng /nhapketqua)");
        }
        return sb.ToString();
    }

    // ---- shared pieces of the reports

    /// <summary>A cell's posted and imported results of a year, as Core's roll-ups take them.</summary>
    private List<MonthlyResult> ResultsOf(Cell cell, int year) =>
        db.Records.Find(r => r.CellId == cell.Id && r.Year == year)
            .Select(r => new MonthlyResult(new YearMonth(r.Year, r.Month), r.Total, MonthlyRating.For(r.Total), Imported: r.Imported))
            .ToList();

    /// <summary>The month a cell was registered in: months before it are not tracked.</summary>
    private YearMonth TrackedFrom(Cell cell) => YearMonth.Of(DateOnly.FromDateTime(clock.ToLocal(cell.CreatedAt).DateTime));

    private MonthState MonthStateOf(YearMonth month) => AnnualRating.StateWithoutResult(month, ThisMonth, null);

    private string StateText(YearMonth month, MonthState state) => state switch
    {
        MonthState.NotYetDue => month == ThisMonth ? "chưa kết thúc" : "chưa đến",
        MonthState.NotTracked => "chưa theo dõi",
        _ => "thiếu",
    };

    /// <summary>"tháng 12/2026 chưa kết thúc", "tháng 5/2026 chưa kết thúc, các tháng 6–12 chưa đến".</summary>
    private static string NotDueText(YearMonth current) =>
        $"{current.ToVietnamese()} chưa kết thúc" + (current.Month < 12 ? $", các tháng {current.Month + 1}–12 chưa đến" : "");

    /// <summary>"T1–T9", "T3", "T1, T4".</summary>
    private static string MonthRange(IReadOnlyList<int> months) =>
        months.Count > 1 && months[^1] - months[0] == months.Count - 1 ? $"T{months[0]}–T{months[^1]}" : string.Join(", ", months.Select(m => $"T{m}"));

    /// <summary>The rating names the cells share ("Kém/Yếu" where their rubrics differ).</summary>
    private RatingLabels LabelsOf(IEnumerable<Cell> cells)
    {
        var all = cells.Select(c => rubrics.Get(c.RubricId).Labels).Distinct().ToList();
        if (all.Count <= 1) return all.FirstOrDefault() ?? RatingLabels.Default;
        string Join(Func<RatingLabels, string> pick) => string.Join("/", all.Select(pick).Distinct());
        return new RatingLabels(Join(l => l.Good), Join(l => l.Fair), Join(l => l.Average), Join(l => l.Poor));
    }

    private static string CountsText(Func<Rating, int> count, RatingLabels labels) =>
        string.Join(", ", new[] { Rating.Good, Rating.Fair, Rating.Average, Rating.Poor }.Select(r => $"{labels.For(r)} {count(r)}"));
}
