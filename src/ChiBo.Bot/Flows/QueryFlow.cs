using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Ratings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Flows;

/// <summary>
/// Asking the bot for posted results: one cell's month (/ketqua), and every cell in reach for a month (/thang),
/// a quarter (/quy) or a year (/nam). Only posted records are read; the rules are Core's.
/// Where the answer is shown decides what it may contain: a cell's group only that cell, a committee's group
/// that committee's cells, a private chat what the asker may see (<see cref="Access"/>: a cell's member their
/// cell, a committee member every cell of their committee).
/// </summary>
public sealed partial class QueryFlow(Database db, Access access, CommitteeFlow committees, Rubrics rubrics, IOptions<ChiBoOptions> options, Clock clock, ThematicFlow thematic)
{
    private static readonly StringComparer NameOrder = StringComparer.Create(Vietnamese.Culture, false);

    /// <summary>What a report covers: a committee's cells, or one cell.</summary>
    internal sealed record Scope(string Title, List<Cell> Cells);

    /// <summary>Handles a query command; null when the command is not a query.</summary>
    public Reply? Handle(ChatEvent ev, Command cmd)
    {
        Func<ChatEvent, string, string>? query = cmd.Name switch
        {
            "ketqua" => CellMonth,
            "thang" => (e, a) => Report(e, a, MonthReport),
            "quy" => (e, a) => Report(e, a, QuarterReport),
            "nam" => (e, a) => Report(e, a, YearReport),
            _ => null,
        };
        return query is null ? null : new Reply().Say(ev.Chat, query(ev, cmd.Args));
    }

    internal YearMonth ThisMonth => YearMonth.Of(clock.Today);

    // ---- where the answer goes, and what the asker may see

    /// <summary>The scope of the chat the answer goes to, or a refusal.</summary>
    internal string? Place(ChatEvent ev, out Scope scope)
    {
        scope = new Scope("", []);
        if (ev.Chat.Kind == ChatKind.Group)
        {
            if (committees.Of(ev.Chat) is { } committee)
            {
                scope = ScopeOf(committee);
                return access.Check(committee, ev.User, Permission.ViewCommitteeResults);
            }
            if (db.Cells.FindOne(c => c.ChatKey == ev.Chat.Key) is { } cell)
            {
                scope = new Scope(cell.Name, [cell]);
                return access.Check(cell, ev.User, Permission.ViewCellResults);
            }
            return "Nhóm này chưa được đăng ký là chi bộ hay cấp ủy.";
        }
        var visible = Visible(ev.User);
        switch (visible.Count)
        {
            case 0:
                return "Xin lỗi, đồng chí chưa là đảng viên đã liên kết tài khoản của chi bộ nào, cũng chưa là ủy viên cấp ủy nào, nên chưa xem được kết quả.";
            case 1:
                scope = visible[0];
                return null;
            default:
                scope = new Scope("", visible.SelectMany(s => s.Cells).DistinctBy(c => c.Id).ToList());
                return $"Đồng chí xem được kết quả của nhiều nơi ({string.Join(", ", visible.Select(s => s.Title))}). Hãy gõ lệnh trong nhóm chat của cấp ủy hoặc chi bộ cần xem.";
        }
    }

    /// <summary>In a private chat: the committees the user follows (admins: all), then their own cells not already covered.</summary>
    private List<Scope> Visible(ChatUser user)
    {
        var list = (access.IsAdmin(user) ? db.Committees.FindAll().ToList() : access.CommitteesOf(user)).Select(ScopeOf).ToList();
        var covered = list.SelectMany(s => s.Cells).Select(c => c.Id).ToHashSet();
        list.AddRange(access.CellsWhereMember(user).Where(c => !covered.Contains(c.Id)).Select(c => new Scope(c.Name, [c])));
        return list;
    }

    private Scope ScopeOf(Committee committee) =>
        new(committee.Name, db.Cells.Find(c => c.CommitteeId == committee.Id).OrderBy(c => c.Name, NameOrder).ToList());

    // ---- /ketqua [mã or name of the cell] [month]

    private string CellMonth(ChatEvent ev, string args) =>
        PickCell(ev, args, "/ketqua", out var cell, out var month) ?? MonthDetail(cell!, month);

    /// <summary>The cell and month named after a one-cell command (/ketqua, /bieu, /bienban), checked against what the
    /// asker may see; null when found, else what to answer.</summary>
    internal string? PickCell(ChatEvent ev, string args, string command, out Cell? cell, out YearMonth month)
    {
        cell = null;
        var (selector, monthText) = SplitSelector(args);
        var inGroup = ev.Chat.Kind == ChatKind.Group;
        // In a private chat the scope is every cell the user may see; a cell named by its mã is checked below.
        var refusal = Place(ev, out var scope);
        if (refusal is not null && (inGroup || (selector.Length == 0 && scope.Cells.Count == 0))) { month = ThisMonth; return refusal; }
        if (!TryMonth(monthText, command, out month, out var error)) return error;

        if (selector.Length == 0)
        {
            if (scope.Cells.Count != 1) return AskWhichCell(scope, month, command);
            cell = scope.Cells[0];
        }
        else
        {
            var candidates = int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? (inGroup ? scope.Cells.Where(c => c.Id == id) : db.Cells.Find(c => c.Id == id)).ToList()
                : ByName(scope.Cells, selector);
            if (candidates.Count > 1) return AskWhichCell(new Scope("", candidates), month, command);
            cell = candidates.FirstOrDefault();
            if (cell is null)
                return inGroup
                    ? $"Không có chi bộ \"{Quote(selector)}\" trong {scope.Title}. " + AskWhichCell(scope, month, command)
                    : $"Không tìm thấy chi bộ \"{Quote(selector)}\" trong các chi bộ đồng chí được xem. Hãy gõ mã chi bộ, ví dụ {command} {scope.Cells.FirstOrDefault()?.Id ?? 3} {month}.";
        }
        return access.Check(cell, ev.User, Permission.ViewCellResults);
    }

    /// <summary>Cells named exactly so (diacritics and case aside), else those whose name contains it.</summary>
    private static List<Cell> ByName(List<Cell> cells, string name)
    {
        var folded = Roster.Fold(name);
        var exact = cells.Where(c => Roster.Fold(c.Name) == folded).ToList();
        return exact.Count > 0 ? exact : cells.Where(c => Roster.Fold(c.Name).Contains(folded, StringComparison.Ordinal)).ToList();
    }

    private static string AskWhichCell(Scope scope, YearMonth month, string command) =>
        scope.Cells.Count == 0
            ? $"{scope.Title} chưa có chi bộ nào."
            : $"Đồng chí muốn xem chi bộ nào? Gõ mã hoặc tên chi bộ, ví dụ {command} {scope.Cells[0].Id} {month}:\n"
              + string.Join("\n", scope.Cells.Select(c => $"• mã {c.Id} — {c.Name}"));

    /// <summary>"3 11/2026" → ("3", "11/2026"); "Khu phố 3" → ("Khu phố 3", ""); "11/2026" → ("", "11/2026").</summary>
    private static (string Selector, string Month) SplitSelector(string args)
    {
        var a = args.Trim();
        if (a.Length == 0 || YearMonth.TryParse(a, out _)) return ("", a);
        var m = TrailingPeriod().Match(a);
        if (!m.Success) return (a, "");
        var head = a[..m.Index].Trim();
        if (Roster.Fold(head).EndsWith("thang", StringComparison.Ordinal)) head = head[..^"thang".Length].Trim();
        return (head, m.Value.Trim());
    }

    private string MonthDetail(Cell cell, YearMonth month)
    {
        if (db.Records.FindById($"{cell.Id}:{month.Key}") is not { } p)
            return $"{cell.Name} chưa có kết quả đánh giá {month.ToVietnamese()} được công bố.";
        var rubric = rubrics.Get(p.Record.RubricId);
        var card = new Scorecard(rubric, p.Record.Scores);
        var sb = new StringBuilder();
        sb.Append($"📊 {cell.Name} — {month.ToVietnamese()}\n");
        sb.Append($"Tổng điểm: {Vietnamese.Points(p.Total)}/100 — xếp loại {rubric.Labels.For(MonthlyRating.For(p.Total))}\n");
        if (p.Imported)
        {
            sb.Append("Kết quả nhập từ sổ sách của chi bộ (chỉ có tổng điểm, không có chi tiết từng tiêu chí).\n");
            sb.Append($"Người nhập: {p.PostedByName}, {Vietnamese.At(clock.ToLocal(p.PostedAt))}");
            return sb.ToString();
        }
        if (p.Record.Date is { } d) sb.Append($"Ngày họp: {Vietnamese.Date(d)}\n");
        sb.Append($"Điểm danh: {p.Record.SummarizeAttendance().Line}\n");
        var lost = card.LostPoints;
        sb.Append(lost.Count == 0 ? "Tiêu chí bị trừ điểm: không có\n" : $"Tiêu chí bị trừ điểm ({lost.Count}):\n");
        foreach (var (c, points, minus) in lost)
            sb.Append($"• {c.Id}. {c.Label}: {Vietnamese.Points(points)}/{Vietnamese.Points(c.MaxPoints)} (trừ {Vietnamese.Points(minus)})\n");
        sb.Append(Review.RecordText.Details(rubric, p.Record));
        var at = clock.ToLocal(p.PostedAt);
        var ago = Vietnamese.Ago(p.PostedAt, clock.UtcNow);
        sb.Append($"{"Người chấm"}: {p.PostedByName}, {Vietnamese.At(at)}{(ago == "vừa xong" ? "" : $" ({ago})")}");
        if (p.Revision > 1) sb.Append($"; đã cập nhật {p.Revision - 1} lần sau lần công bố đầu");
        var notes = CommitteeNoteFlow.NotesFor(db, p.Id);
        if (CommitteeNoteFlow.AdjustedTotal(notes) is { } adjusted)
            sb.Append($"\nTổng điểm theo cấp ủy: {Vietnamese.Points(adjusted)} — {rubric.Labels.For(MonthlyRating.For(adjusted))} (chi bộ tự chấm {Vietnamese.Points(p.Total)})");
        if (notes.Count > 0) sb.Append("\nNhận xét của cấp ủy:\n" + string.Join("\n", notes.Select(n => "• " + n.Describe(clock.ToLocal(n.At)))));
        return sb.ToString();
    }

    // ---- /thang, /quy, /nam

    private string Report(ChatEvent ev, string args, Func<Scope, string, string> build) =>
        Place(ev, out var scope) ?? (scope.Cells.Count == 0
            ? $"{scope.Title} chưa có chi bộ nào. Quản trị viên gắn chi bộ bằng /ganchibo."
            : build(scope, args.Trim()));

    // ---- shared pieces

    /// <summary>The month typed after a command, or this month; says how to write it otherwise.</summary>
    internal bool TryMonth(string text, string command, out YearMonth month, out string error)
    {
        var current = ThisMonth;
        month = current;
        error = "";
        if (text.Trim().Length > 0 && !YearMonth.TryParse(text, out month))
            error = $"Không hiểu tháng \"{Quote(text)}\". Hãy gõ theo mẫu: {command} {current} (tháng {current.Month} năm {current.Year}).";
        else if (month > current)
            error = $"{Capital(month.ToVietnamese())} chưa đến.";
        return error.Length == 0;
    }

    private static string Quote(string text) => Vietnamese.Shorten(text, 30);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpper(text[0], Vietnamese.Culture) + text[1..];

    /// <summary>A period at the end of the arguments: "11/2026", "11-2026", "2026-11" (whether valid or not).</summary>
    [GeneratedRegex(@"\s*[0-9]{1,4}\s*[/\-.]\s*[0-9]{1,4}$")] private static partial Regex TrailingPeriod();

    [GeneratedRegex(@"^(?:năm\s*|nam\s*)?([0-9]{4})$", RegexOptions.IgnoreCase)] private static partial Regex YearPattern();
}
