using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Ratings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Reports;

/// <summary>A cell and its posted records of the period a report covers.</summary>
public sealed record CellResults(Cell Cell, IReadOnlyList<PostedRecord> Records)
{
    public PostedRecord? In(YearMonth month) => Records.FirstOrDefault(r => r.Year == month.Year && r.Month == month.Month);

    public List<MonthlyResult> Results() =>
        Records.Select(r => new MonthlyResult(new YearMonth(r.Year, r.Month), r.Total, MonthlyRating.For(r.Total), Imported: r.Imported)).ToList();
}

/// <summary>
/// What the committee's spreadsheets contain, row by row (the files are laid out by <see cref="Files.Xlsx"/>).
/// The same figures as /thang, /quy and /nam; the rules are Core's. No storage, no files: tested on its own.
/// </summary>
public sealed class ReportSheets(Func<string, Rubric> rubricOf, Func<DateTimeOffset, DateTime> toLocal, MissingMonthPolicy policy,
    Func<string, IReadOnlyList<CommitteeNote>>? notesOf = null)
{
    public const string Missing = "thiếu";
    public const string NotYetDue = "chưa đến hạn";
    public const string NotTracked = "chưa theo dõi";

    private static readonly StringComparer NameOrder = StringComparer.Create(Vietnamese.Culture, false);
    private static readonly Rating[] Ratings = [Rating.Good, Rating.Fair, Rating.Average, Rating.Poor];

    /// <summary>The committee's month: one row per cell, by score, then the cells that posted nothing.</summary>
    public Sheet Month(string scopeTitle, YearMonth month, IReadOnlyList<CellResults> cells)
    {
        var sheet = new Sheet
        {
            Name = $"Tháng {month.Month:00}-{month.Year}",
            Title = $"{scopeTitle} — kết quả sinh hoạt chi bộ {month.ToVietnamese()}",
            Columns =
            [
                new("STT", 5, ColumnFormat.Integer), new("Chi bộ", 30), new("Mã", 6, ColumnFormat.Integer), new("Ngày họp", 12),
                new("Tổng điểm", 10, ColumnFormat.Points), new("Xếp loại", 12), new("Có mặt", 8, ColumnFormat.Integer),
                new("Phải dự", 8, ColumnFormat.Integer), new("Tỷ lệ dự họp", 11, ColumnFormat.Percent),
                new("Vắng có lý do", 10, ColumnFormat.Integer), new("Vắng không lý do", 10, ColumnFormat.Integer),
                new("Đã nộp đảng phí", 10, ColumnFormat.Integer), new("Chưa nộp", 9, ColumnFormat.Integer),
                new("Đảng phí đã thu (đ)", 14, ColumnFormat.Money), new("Người chấm", 22), new("Công bố lúc", 17, ColumnFormat.DateTime),
                new("Điểm cấp ủy điều chỉnh", 12, ColumnFormat.Points), new("Nhận xét của cấp ủy", 50),
            ],
        };
        var posted = cells.Select(c => (c.Cell, Record: c.In(month))).Where(x => x.Record is not null)
            .OrderByDescending(x => x.Record!.Total).ThenBy(x => x.Cell.Name, NameOrder).ToList();
        var missing = cells.Where(c => c.In(month) is null).Select(c => c.Cell).OrderBy(c => c.Name, NameOrder).ToList();
        var n = 0;
        foreach (var (cell, p) in posted)
        {
            var a = p!.Record.SummarizeAttendance();
            var d = p.Record.SummarizeDues();
            var notes = notesOf?.Invoke(p.Id) ?? [];
            sheet.Rows.Add([++n, cell.Name, cell.Id, p.Record.Date is { } date ? Vietnamese.Date(date) : null,
                p.Total, RatingOf(p), a.Present, a.Expected, a.Rate, a.AbsentWithReason, a.AbsentWithoutReason,
                d.Paid, d.Unpaid, d.Collected, p.PostedByName, toLocal(p.PostedAt),
                notes.LastOrDefault(x => x.AdjustedTotal != null)?.AdjustedTotal,
                notes.Count == 0 ? null : string.Join("\n", notes.Select(x => x.Describe(toLocal(x.At))))]);
        }
        foreach (var cell in missing)
            sheet.Rows.Add([++n, cell.Name, cell.Id, null, null, "Chưa có kết quả", null, null, null, null, null, null, null, null, null, null, null, null]);
        var counts = posted.GroupBy(x => MonthlyRating.For(x.Record!.Total)).ToDictionary(g => g.Key, g => g.Count());
        sheet.Subtitles.Add($"Đã có kết quả: {posted.Count}/{cells.Count} chi bộ — "
            + string.Join(", ", Ratings.Select(r => $"{LabelsOf(cells.Select(c => c.Cell)).For(r)} {counts.GetValueOrDefault(r)}")));
        if (missing.Count > 0) sheet.Notes.Add($"Chưa có kết quả ({missing.Count}): {string.Join(", ", missing.Select(c => c.Name))}.");
        return sheet;
    }

    /// <summary>A quarter: each cell's three months, the average over rated months, missing months, the thematic meeting
    /// (<paramref name="thematicHeld"/>: <c>ThematicFlow.HeldIn</c>, recorded with /chuyende or on a review).</summary>
    public Sheet Quarter(string scopeTitle, Quarter quarter, IReadOnlyList<CellResults> cells, YearMonth today, Func<Cell, bool> thematicHeld)
    {
        var columns = new List<Column> { new("STT", 5, ColumnFormat.Integer), new("Chi bộ", 30), new("Mã", 6, ColumnFormat.Integer) };
        columns.AddRange(quarter.Months.Select(m => new Column($"T{m.Month}", 9, ColumnFormat.Points)));
        columns.AddRange([new("Trung bình", 10, ColumnFormat.Points), new("Tháng thiếu kết quả", 18), new("Sinh hoạt chuyên đề", 14)]);
        var sheet = new Sheet { Name = $"Quý {quarter.Number}-{quarter.Year}", Title = $"{scopeTitle} — tổng hợp {quarter.ToVietnamese()}", Columns = columns };
        var rows = cells.Select(c => (c.Cell, Q: QuarterlyRollup.Compute(quarter, c.Results(), today, trackedFrom: TrackedFrom(c.Cell))))
            .OrderByDescending(x => x.Q.Average ?? -1).ThenBy(x => x.Cell.Name, NameOrder).ToList();
        var n = 0;
        foreach (var (cell, q) in rows)
        {
            var row = new List<object?> { ++n, cell.Name, cell.Id };
            row.AddRange(q.Months.Select(m => m.State switch
            {
                MonthState.Rated => (object?)m.Total,
                MonthState.NotYetDue => NotYetDue,
                MonthState.NotTracked => NotTracked,
                _ => Missing,
            }));
            row.AddRange([q.Average, q.MissingMonths.Count == 0 ? "không" : string.Join(", ", q.MissingMonths.Select(m => $"T{m.Month}")),
                thematicHeld(cell) ? "đã tổ chức" : "chưa tổ chức"]);
            sheet.Rows.Add([.. row]);
        }
        sheet.Subtitles.Add("Điểm trung bình tính trên các tháng đã có kết quả; mỗi chi bộ cần ít nhất một buổi sinh hoạt chuyên đề trong quý.");
        if (quarter.Months.Any(m => m > today)) sheet.Notes.Add($"Quý chưa kết thúc: các tháng sau {today.ToVietnamese()} chưa đến hạn.");
        return sheet;
    }

    /// <summary>A year: twelve monthly scores, the months per rating, the annual rating and the rule that decided it, and the
    /// quarters with a thematic meeting (<paramref name="thematicHeld"/>: <c>ThematicFlow.HeldIn</c>).</summary>
    public Sheet Year(string scopeTitle, int year, IReadOnlyList<CellResults> cells, YearMonth today, Func<Cell, Quarter, bool> thematicHeld)
    {
        var columns = new List<Column> { new("STT", 5, ColumnFormat.Integer), new("Chi bộ", 30), new("Mã", 6, ColumnFormat.Integer) };
        columns.AddRange(Enumerable.Range(1, 12).Select(m => new Column($"T{m}", 7, ColumnFormat.Points)));
        var shared = LabelsOf(cells.Select(c => c.Cell));
        columns.AddRange(Ratings.Select(r => new Column($"Số tháng {shared.For(r)}", 9, ColumnFormat.Integer)));
        columns.AddRange([new("Xếp loại năm", 14), new("Căn cứ", 60), new("Nhập từ sổ sách", 14), new("Quý có sinh hoạt chuyên đề", 16)]);
        var results = cells.Select(c => (c.Cell, c.Records, A: AnnualRating.Compute(year, c.Results().ToDictionary(r => r.Month.Month, r => r.Rating), policy, today,
                TrackedFrom(c.Cell), c.Records.Where(r => r.Imported).Select(r => r.Month).ToHashSet())))
            .OrderByDescending(x => x.A.Rating ?? 0).ThenBy(x => x.Cell.Name, NameOrder).ToList();
        var provisional = today.Year <= year;
        var sheet = new Sheet
        {
            Name = $"Năm {year}",
            Title = $"{scopeTitle} — xếp loại chi bộ năm {year}" + (provisional ? " (tạm tính)" : ""),
            Columns = columns,
        };
        var n = 0;
        foreach (var (cell, records, a) in results)
        {
            var labels = rubricOf(cell.RubricId).Labels;
            var row = new List<object?> { ++n, cell.Name, cell.Id };
            row.AddRange(a.Months.Select(m => m.State switch
            {
                MonthState.Rated => (object?)records.First(r => r.Month == m.Month).Total,
                MonthState.NotYetDue => "—",
                MonthState.NotTracked => NotTracked,
                _ => Missing,
            }));
            row.AddRange(Ratings.Select(r => (object?)a.Counts.Of(r)));
            var imported = a.Months.Where(m => m.Imported).Select(m => $"T{m.Month}").ToList();
            var thematic = Enumerable.Range(1, 4).Where(q => thematicHeld(cell, new Quarter(year, q))).Select(q => $"Q{q}").ToList();
            row.AddRange([a.Rating is { } rating ? labels.For(rating) + (provisional ? " (tạm tính)" : "") : "Chưa xếp loại", Capital(a.RuleTextIn(labels)),
                imported.Count == 0 ? null : string.Join(", ", imported), thematic.Count == 0 ? "chưa có" : string.Join(", ", thematic)]);
            sheet.Rows.Add([.. row]);
        }
        sheet.Subtitles.Add("Cách xếp loại: xét lần lượt Tốt, Khá, Trung bình, Kém; \"N tháng đạt X\" là N tháng đạt X trở lên; "
            + AnnualRating.Compute(year, new Dictionary<int, Rating>(), policy).PolicyText + ".");
        sheet.Notes.Add($"\"{Missing}\": tháng không có kết quả được công bố; \"—\": tháng chưa đến hạn, không được tính; \"{NotTracked}\": trước khi chi bộ dùng ChiBo, không tính.");
        if (provisional) sheet.Notes.Add($"Năm {year} chưa kết thúc: xếp loại là tạm tính đến {today.ToVietnamese()}.");
        return sheet;
    }

    /// <summary>One cell's year: every criterion of its rubric by month, then the totals and the ratings.</summary>
    public Sheet CellYear(Cell cell, int year, IReadOnlyList<PostedRecord> records)
    {
        var rubric = rubricOf(cell.RubricId);
        var columns = new List<Column> { new("STT", 5, ColumnFormat.Integer), new("Tiêu chí", 50), new("Điểm tối đa", 9, ColumnFormat.Points) };
        columns.AddRange(Enumerable.Range(1, 12).Select(m => new Column($"T{m}", 7, ColumnFormat.Points)));
        var sheet = new Sheet { Name = $"Tiêu chí {year}", Title = $"{cell.Name} — điểm từng tiêu chí năm {year}", Columns = columns };
        sheet.Subtitles.Add($"Khung tiêu chí: {rubric.Title}.");
        var byMonth = records.Where(r => r.Year == year).ToDictionary(r => r.Month);
        foreach (var c in rubric.Criteria)
        {
            var row = new List<object?> { c.Order, c.Label, c.MaxPoints };
            row.AddRange(Enumerable.Range(1, 12).Select(m => byMonth.TryGetValue(m, out var r) && r.Record.Scores.TryGetValue(c.Id, out var s) ? (object?)s : null));
            sheet.Rows.Add([.. row]);
        }
        var total = new List<object?> { null, "Tổng điểm", rubric.MaxTotal };
        total.AddRange(Enumerable.Range(1, 12).Select(m => byMonth.TryGetValue(m, out var r) ? (object?)r.Total : null));
        sheet.Rows.Add([.. total]);
        var rating = new List<object?> { null, "Xếp loại", null };
        rating.AddRange(Enumerable.Range(1, 12).Select(m => byMonth.TryGetValue(m, out var r) ? (object?)rubric.Labels.For(MonthlyRating.For(r.Total)) : null));
        sheet.Rows.Add([.. rating]);
        sheet.Notes.Add("Ô trống: tháng không có kết quả được công bố.");
        return sheet;
    }

    /// <summary>The month a cell was registered in (months before it are not tracked); every month for a cell with no date.</summary>
    private YearMonth? TrackedFrom(Cell cell) => cell.CreatedAt == default ? null : YearMonth.Of(DateOnly.FromDateTime(toLocal(cell.CreatedAt)));

    /// <summary>The rating names of the cells' rubrics (DOMAIN.md: each rubric's own names); "Kém/Yếu" where they differ.</summary>
    public RatingLabels LabelsOf(IEnumerable<Cell> cells)
    {
        var all = cells.Select(c => rubricOf(c.RubricId).Labels).Distinct().ToList();
        if (all.Count == 0) return RatingLabels.Default;
        string Join(Func<RatingLabels, string> name) => string.Join("/", all.Select(name).Distinct());
        return new RatingLabels(Join(l => l.Good), Join(l => l.Fair), Join(l => l.Average), Join(l => l.Poor));
    }

    private string RatingOf(PostedRecord p) => rubricOf(p.Record.RubricId).Labels.For(MonthlyRating.For(p.Total));

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpper(text[0], Vietnamese.Culture) + text[1..];
}
