using ChiBo.Bot.Channels;
using ChiBo.Bot.Files;
using ChiBo.Bot.Reports;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Web;
using ChiBo.Core;
using ChiBo.Core.Ratings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Flows;

/// <summary>
/// Files for the committee's and the cell's records: spreadsheets (/xuat), the self-scoring form (/bieu), the minutes
/// draft (/bienban) and charts (/bieudo). What a user may read with /ketqua, /thang, /quy and /nam they may export,
/// in the same chat (<see cref="QueryFlow.Place"/>). The file is made and stored in the update's transaction and sent by
/// the outbox like any message: durable and retried.
/// </summary>
public sealed class ExportFlow(Database db, QueryFlow query, FileStore files, FileLinks links, Rubrics rubrics, IOptions<ChiBoOptions> options, Clock clock, ThematicFlow thematic)
{
    public const string ZaloChannel = "zalo";

    public Reply? Handle(ChatEvent ev, Command cmd)
    {
        Func<ChatEvent, string, Reply>? handler = cmd.Name switch
        {
            "xuat" => Export,
            "bieu" => (e, a) => Paper(e, a, "/bieu"),
            "bienban" => (e, a) => Paper(e, a, "/bienban"),
            "bieudo" => Chart,
            _ => null,
        };
        if (handler is null) return null;
        if (CannotDeliver(ev.Chat) is { } why) return new Reply().Say(ev.Chat, why);
        return handler(ev, cmd.Args);
    }

    /// <summary>Zalo bots cannot send documents: files go out as links from the bot's web listener, which needs a public address.</summary>
    private string? CannotDeliver(ChatRef chat) =>
        chat.Channel == ZaloChannel && !links.Enabled
            ? "Zalo không gửi được tệp trực tiếp: ChiBo gửi đường link tải tệp, nhưng chưa được cấu hình địa chỉ công khai. "
              + "Quản trị viên hãy đặt ChiBo__Http__PublicUrl (ví dụ https://bot.example.org) rồi khởi động lại ChiBo; "
              + "trong lúc chờ, đồng chí có thể dùng lệnh này trên Telegram."
            : null;

    // ---- /xuat thang|quy|nam|chibo …

    private Reply Export(ChatEvent ev, string args)
    {
        var (kind, rest) = Periods.SplitKind(args);
        if (kind is not ("thang" or "quy" or "nam" or "chibo"))
            return Say(ev, $"Đồng chí muốn xuất bảng nào? Gõ một trong các lệnh:\n• /xuat thang {query.ThisMonth} — kết quả các chi bộ trong tháng\n"
                + $"• /xuat quy {query.ThisMonth.Quarter} — tổng hợp quý\n• /xuat nam {query.ThisMonth.Year} — xếp loại năm\n"
                + $"• /xuat chibo <mã chi bộ> {query.ThisMonth.Year} — điểm từng tiêu chí của một chi bộ trong năm");
        if (kind == "chibo") return CellYearExport(ev, rest);
        if (query.Place(ev, out var scope) is { } refusal) return Say(ev, refusal);
        if (scope.Cells.Count == 0) return Say(ev, $"{scope.Title} chưa có chi bộ nào.");
        var sheets = Sheets();
        var today = query.ThisMonth;
        switch (kind)
        {
            case "thang":
                if (!query.TryMonth(rest, "/xuat thang", out var month, out var error)) return Say(ev, error);
                return SendXlsx(ev, new Workbook($"ket-qua-thang-{month.Year}-{month.Month:00}.xlsx",
                    [sheets.Month(scope.Title, month, MonthResults(scope.Cells, month))]), $"{scope.Title} — kết quả {month.ToVietnamese()}");
            case "quy":
                var quarter = today.Quarter;
                if (rest.Length > 0 && !Quarter.TryParse(rest, out quarter))
                    return Say(ev, $"Không hiểu quý \"{Short(rest)}\". Hãy gõ theo mẫu: /xuat quy {today.Quarter}.");
                if (quarter.FirstMonth > today) return Say(ev, $"{Capital(quarter.ToVietnamese())} chưa bắt đầu.");
                return SendXlsx(ev, new Workbook($"tong-hop-quy-{quarter.Number}-{quarter.Year}.xlsx",
                    [sheets.Quarter(scope.Title, quarter, Results(scope.Cells, quarter.Year, quarter.FirstMonth.Month, quarter.FirstMonth.Month + 2), today,
                        c => thematic.HeldIn(c, quarter))]), $"{scope.Title} — tổng hợp {quarter.ToVietnamese()}");
            default:
                if (!TryYear(rest, "/xuat nam", out var year, out var yearError)) return Say(ev, yearError);
                var results = Results(scope.Cells, year);
                var book = new List<Sheet> { sheets.Year(scope.Title, year, results, today, thematic.HeldIn) };
                if (scope.Cells.Count == 1) book.Add(sheets.CellYear(scope.Cells[0], year, results[0].Records));
                return SendXlsx(ev, new Workbook($"xep-loai-nam-{year}.xlsx", book), $"{scope.Title} — xếp loại năm {year}");
        }
    }

    private Reply CellYearExport(ChatEvent ev, string args)
    {
        var (selector, yearText) = SplitYear(args);
        if (query.PickCell(ev, selector, "/xuat chibo", out var cell, out _) is { } answer) return Say(ev, answer);
        if (!TryYear(yearText, "/xuat chibo", out var year, out var error)) return Say(ev, error);
        var records = RecordsOf(cell!.Id, year);
        return SendXlsx(ev, new Workbook($"tieu-chi-{cell.Id}-{year}.xlsx", [Sheets().CellYear(cell, year, records)]), $"{cell.Name} — điểm từng tiêu chí năm {year}");
    }

    // ---- /bieu, /bienban [mã] [tháng]

    private Reply Paper(ChatEvent ev, string args, string command)
    {
        if (query.PickCell(ev, args, command, out var cell, out var month) is { } answer) return Say(ev, answer);
        if (db.Records.FindById($"{cell!.Id}:{month.Key}") is not { } posted)
            return Say(ev, $"{cell.Name} chưa công bố kết quả {month.ToVietnamese()}, nên chưa có {(command == "/bieu" ? "biểu tự chấm điểm" : "biên bản")}.");
        var paper = PaperOf(cell, posted);
        return command == "/bieu"
            ? SendFile(ev, Papers.FormFileName(paper), Docx.ContentType, Papers.SelfScoringForm(paper), $"{cell.Name} — biểu tự chấm điểm {month.ToVietnamese()}")
            : SendFile(ev, Papers.MinutesFileName(paper), Docx.ContentType, Papers.Minutes(paper),
                $"{cell.Name} — dự thảo biên bản sinh hoạt {month.ToVietnamese()}. Đồng chí thư ký kiểm tra, bổ sung ý kiến phát biểu rồi in để ký.");
    }

    private MonthPaper PaperOf(Cell cell, PostedRecord posted)
    {
        var roster = db.Members.Find(m => m.CellId == cell.Id && m.Active).ToList();
        var committee = cell.CommitteeId is { } id ? db.Committees.FindById(id) : null;
        var notes = CommitteeNoteFlow.NotesFor(db, posted.Id).Select(n => n.Describe(clock.ToLocal(n.At))).ToList();
        return new MonthPaper(cell, committee?.Name, posted, rubrics.Get(posted.Record.RubricId), clock.ToLocal(posted.PostedAt).DateTime,
            roster.FirstOrDefault(m => m.Role == OfficerRole.Secretary)?.Name, roster.FirstOrDefault(m => m.Role == OfficerRole.MinuteTaker)?.Name,
            db.Notices.FindById(posted.Id)?.Place, notes);
    }

    // ---- /bieudo [năm] | thang [tháng] | chibo <mã> [năm]

    private Reply Chart(ChatEvent ev, string args)
    {
        var (kind, rest) = Periods.SplitKind(args);
        if (kind == "chibo") return CellChart(ev, rest);
        if (query.Place(ev, out var scope) is { } refusal) return Say(ev, refusal);
        if (scope.Cells.Count == 0) return Say(ev, $"{scope.Title} chưa có chi bộ nào.");
        if (kind == "thang")
        {
            if (!query.TryMonth(rest, "/bieudo thang", out var month, out var error)) return Say(ev, error);
            var ranked = scope.Cells.Select(c => (c.Name, Record: db.Records.FindById($"{c.Id}:{month.Key}")))
                .Where(x => x.Record is not null).Select(x => (x.Name, x.Record!.Total)).ToList();
            if (ranked.Count == 0) return Say(ev, $"Chưa chi bộ nào trong {scope.Title} công bố kết quả {month.ToVietnamese()}.");
            return SendFile(ev, $"bieu-do-thang-{month.Year}-{month.Month:00}.png", Charts.ContentType,
                Charts.Ranking($"{scope.Title} — {month.ToVietnamese()}", ranked), $"{scope.Title} — điểm các chi bộ {month.ToVietnamese()}");
        }
        if (!TryYear(args, "/bieudo", out var year, out var yearError)) return Say(ev, yearError);
        if (scope.Cells.Count == 1) return CellChartOf(ev, scope.Cells[0], year);
        var labels = Sheets().LabelsOf(scope.Cells);
        var sheet = Sheets().Year(scope.Title, year, Results(scope.Cells, year), query.ThisMonth, thematic.HeldIn);
        var annualLabels = sheet.Rows.Select(r => (string)sheet.Value(r, "Xếp loại năm")!).ToList();
        var counts = new[] { Rating.Good, Rating.Fair, Rating.Average, Rating.Poor }
            .Select(r => (labels.For(r), annualLabels.Count(a => labels.For(r).Split('/').Any(l => a.StartsWith(l + " ", StringComparison.Ordinal) || a == l))))
            .Append(("Chưa xếp loại", annualLabels.Count(a => a == "Chưa xếp loại"))).ToList();
        var provisional = year >= query.ThisMonth.Year ? " (tạm tính)" : "";
        return SendFile(ev, $"bieu-do-xep-loai-{year}.png", Charts.ContentType,
            Charts.Distribution($"{scope.Title} — xếp loại năm {year}{provisional}", counts), $"{scope.Title} — xếp loại năm {year}{provisional}");
    }

    private Reply CellChart(ChatEvent ev, string args)
    {
        var (selector, yearText) = SplitYear(args);
        if (query.PickCell(ev, selector, "/bieudo chibo", out var cell, out _) is { } answer) return Say(ev, answer);
        return TryYear(yearText, "/bieudo chibo", out var year, out var error) ? CellChartOf(ev, cell!, year) : Say(ev, error);
    }

    private Reply CellChartOf(ChatEvent ev, Cell cell, int year)
    {
        var records = RecordsOf(cell.Id, year);
        var totals = Enumerable.Range(1, 12).Select(m => records.FirstOrDefault(r => r.Month == m)?.Total).ToList();
        var labels = rubrics.Get(cell.RubricId).Labels;
        return SendFile(ev, $"bieu-do-{cell.Id}-{year}.png", Charts.ContentType,
            Charts.CellYear($"{cell.Name} — tổng điểm năm {year}", totals, [labels.Poor, labels.Average, labels.Fair, labels.Good]),
            $"{cell.Name} — tổng điểm từng tháng năm {year}");
    }

    // ---- shared pieces

    private ReportSheets Sheets() => new(rubrics.Get, at => clock.ToLocal(at).DateTime, options.Value.MissingMonths, id => CommitteeNoteFlow.NotesFor(db, id));

    private List<PostedRecord> RecordsOf(int cellId, int year, int from = 1, int to = 12) =>
        db.Records.Find(r => r.CellId == cellId && r.Year == year && r.Month >= from && r.Month <= to).OrderBy(r => r.Month).ToList();

    private List<CellResults> Results(List<Cell> cells, int year, int from = 1, int to = 12) =>
        cells.Select(c => new CellResults(c, RecordsOf(c.Id, year, from, to))).ToList();

    /// <summary>Only the month's record of each cell (a committee's month reads one record per cell, not the year).</summary>
    private List<CellResults> MonthResults(List<Cell> cells, YearMonth month) =>
        cells.Select(c => new CellResults(c, db.Records.FindById($"{c.Id}:{month.Key}") is { } r ? [r] : [])).ToList();

    private Reply SendXlsx(ChatEvent ev, Workbook book, string caption) =>
        SendFile(ev, book.FileName, Xlsx.ContentType, Xlsx.Write(book), caption);

    private Reply SendFile(ChatEvent ev, string fileName, string contentType, byte[] bytes, string caption) =>
        new Reply().File(ev.Chat, "📎 " + caption, files.Save(fileName, contentType, bytes));

    private static Reply Say(ChatEvent ev, string text) => new Reply().Say(ev.Chat, text);

    private bool TryYear(string text, string command, out int year, out string error) => Periods.TryYear(text, command, query.ThisMonth, out year, out error);

    private static (string Selector, string Year) SplitYear(string args) => Periods.SplitYear(args);

    private static string Short(string text) => Periods.Short(text);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpper(text[0], Vietnamese.Culture) + text[1..];
}
