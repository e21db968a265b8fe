using System.Globalization;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Files;

/// <summary>What a month's papers are made from: the posted record and what the roster and the notice add.</summary>
public sealed record MonthPaper(
    Cell Cell,
    string? CommitteeName,
    PostedRecord Posted,
    Rubric Rubric,
    DateTime PostedAtLocal,
    string? Chair,
    string? MinuteTaker,
    string? Place,
    IReadOnlyList<string> CommitteeNotes)
{
    public YearMonth Month => new(Posted.Year, Posted.Month);
}

/// <summary>The self-scoring form (seed 000 Phụ lục 2) and the minutes draft (biên bản) of a posted month, as .docx.</summary>
public static class Papers
{
    private const string Blank = "……………………";

    public static string FormFileName(MonthPaper p) => $"bieu-tu-cham-{p.Cell.Id}-{p.Posted.Year}-{p.Posted.Month:00}.docx";
    public static string MinutesFileName(MonthPaper p) => $"bien-ban-{p.Cell.Id}-{p.Posted.Year}-{p.Posted.Month:00}.docx";

    /// <summary>Criterion, max, score and notes for each criterion, then the total; the rating; who scored it and when.</summary>
    public static byte[] SelfScoringForm(MonthPaper p)
    {
        var r = p.Posted.Record;
        var rows = p.Rubric.Criteria.Select(c => (IReadOnlyList<string>)
        [
            c.Order.ToString(CultureInfo.InvariantCulture), c.Text, Vietnamese.Points(c.MaxPoints),
            r.Scores.TryGetValue(c.Id, out var s) ? Vietnamese.Points(s) : "", r.ScoreNotes.GetValueOrDefault(c.Id) ?? "",
        ]).ToList();
        rows.Add(["", "Tổng cộng", Vietnamese.Points(p.Rubric.MaxTotal), Vietnamese.Points(p.Posted.Total), ""]);
        var doc = Heading(p)
            .Title("Biểu tự chấm điểm", $"kết quả sinh hoạt chi bộ {p.Month.ToVietnamese()}")
            .Text($"Khung tiêu chí: {p.Rubric.Title}.", italic: true)
            .Grid(["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Ghi chú"], [7, 55, 11, 11, 16], rows, [true, false, true, true, false])
            .Text("")
            .Text($"Tổng điểm: {Vietnamese.Points(p.Posted.Total)}/{Vietnamese.Points(p.Rubric.MaxTotal)} điểm. Xếp loại: {RatingOf(p)}.", bold: true)
            .Text($"Người chấm: {p.Posted.PostedByName}; công bố lúc {p.PostedAtLocal.ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture)}"
                + (p.Posted.Revision > 1 ? $"; đã cập nhật {p.Posted.Revision - 1} lần sau lần công bố đầu." : "."));
        CommitteeSection(doc, p);
        return doc.Signatures((["T/M chi ủy", "Bí thư"], p.Chair ?? "")).ToBytes();
    }

    /// <summary>The minutes draft: time, place, chair, minute-taker, attendance with names, dues, the score, the conclusion and the tasks.</summary>
    public static byte[] Minutes(MonthPaper p)
    {
        var r = p.Posted.Record;
        var a = r.SummarizeAttendance();
        var date = r.Date is { } d ? $"ngày {Vietnamese.Date(d)}" : $"ngày {Blank}";
        var start = r.Start is { } s ? s.ToString("HH 'giờ' mm", CultureInfo.InvariantCulture) : Blank;
        var end = r.End is { } e ? e.ToString("HH 'giờ' mm", CultureInfo.InvariantCulture) : Blank;
        var doc = Heading(p)
            .Title("Biên bản", $"sinh hoạt chi bộ {p.Month.ToVietnamese()}" + (r.WithThematic || r.Kind == MeetingKind.Thematic ? " (có sinh hoạt chuyên đề)" : ""))
            .Text($"Thời gian: bắt đầu lúc {start} {date}.")
            .Text($"Địa điểm: {p.Place ?? Blank}.")
            .Text($"Chủ trì: đồng chí {p.Chair ?? Blank}. Thư ký: đồng chí {p.MinuteTaker ?? Blank}.")
            .Text("I. Tình hình dự họp", bold: true)
            .Text($"Tổng số đảng viên: {a.Total}; phải dự: {a.Expected}; có mặt: {a.Present}" + (a.Rate is { } rate ? $" ({Vietnamese.Percent(rate)})." : "."))
            .Text("Có mặt: " + Names(r, AttendanceStatus.Present) + ".")
            .Text("Vắng có lý do: " + Names(r, AttendanceStatus.AbsentWithReason, withReason: true) + ".")
            .Text("Vắng không có lý do: " + Names(r, AttendanceStatus.AbsentWithoutReason) + ".")
            .Text("Miễn sinh hoạt: " + Names(r, AttendanceStatus.Exempt) + ".");
        if (a.Unknown > 0) doc.Text("Chưa điểm danh: " + Names(r, AttendanceStatus.Unknown) + ".");
        var dues = r.SummarizeDues();
        var unpaid = r.Dues.Where(x => !x.Paid).Select(x => x.Name).ToList();
        doc.Text("II. Thu đảng phí", bold: true)
            .Text($"{dues.Paid} đồng chí đã nộp, tổng số {Vietnamese.Money(dues.Collected)}; chưa nộp: {(unpaid.Count == 0 ? "không có" : string.Join(", ", unpaid))}.")
            .Text("III. Chi bộ tự chấm điểm", bold: true)
            .Text($"Tổng điểm {Vietnamese.Points(p.Posted.Total)}/{Vietnamese.Points(p.Rubric.MaxTotal)}, xếp loại {RatingOf(p)}.");
        var speakers = r.Speakers.Select(id => r.Attendance.FirstOrDefault(x => x.MemberId == id)?.Name).OfType<string>().ToList();
        if (speakers.Count > 0) doc.Text($"Các đồng chí phát biểu ý kiến ({speakers.Count}): {string.Join(", ", speakers)}.");
        doc.Text("IV. Kết luận của chủ trì", bold: true).Text(string.IsNullOrWhiteSpace(r.Conclusion) ? Blank : r.Conclusion!);
        doc.Text("V. Nhiệm vụ", bold: true);
        if (r.Tasks.Count == 0) doc.Text("Không có nhiệm vụ mới.");
        foreach (var (t, i) in r.Tasks.Select((t, i) => (t, i + 1)))
            doc.Text($"{i}. {t.What} — người thực hiện: {t.Who}" + (t.Due is { } due ? $"; thời hạn: {Vietnamese.Date(due)}." : "."));
        CommitteeSection(doc, p);
        doc.Text("").Text($"Buổi sinh hoạt kết thúc lúc {end} cùng ngày. Biên bản đã được đọc lại trước chi bộ và được các đồng chí dự họp thông qua.", italic: true);
        return doc.Signatures((["Thư ký"], p.MinuteTaker ?? ""), (["T/M chi bộ", "Chủ trì"], p.Chair ?? "")).ToBytes();
    }

    private static Docx Heading(MonthPaper p)
    {
        var when = p.Posted.Record.Date ?? DateOnly.FromDateTime(p.PostedAtLocal);
        return new Docx().Heading(p.CommitteeName ?? "", p.Cell.Name,
            $"{Blank}, ngày {when.Day:00} tháng {when.Month:00} năm {when.Year}");
    }

    private static void CommitteeSection(Docx doc, MonthPaper p)
    {
        if (p.CommitteeNotes.Count == 0) return;
        doc.Text("Nhận xét của cấp ủy", bold: true);
        foreach (var note in p.CommitteeNotes) doc.Text(note);
    }

    private static string RatingOf(MonthPaper p) => p.Rubric.Labels.For(MonthlyRating.For(p.Posted.Total));

    private static string Names(MeetingRecord r, AttendanceStatus status, bool withReason = false)
    {
        var names = r.Attendance.Where(x => x.Status == status)
            .Select(x => withReason && !string.IsNullOrWhiteSpace(x.Reason) ? $"{x.Name} ({x.Reason})" : x.Name).ToList();
        return names.Count == 0 ? "không có" : $"{names.Count} đồng chí — {string.Join(", ", names)}";
    }
}
