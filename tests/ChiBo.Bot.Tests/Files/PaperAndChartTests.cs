using ChiBo.Bot.Files;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SkiaSharp;
using static ChiBo.Bot.Tests.Files.Samples;

namespace ChiBo.Bot.Tests.Files;

/// <summary>The self-scoring form and the minutes as Word opens them, and the PNG charts as pixels.</summary>
public sealed class PaperAndChartTests
{
    private static MonthPaper Paper(IReadOnlyList<string>? notes = null) => new(
        Cell(3, "Chi bộ Khu phố 3"), "Đảng ủy phường Minh Khai",
        Posted(3, 2026, 11, 85.5m, absentWithReason: [2], absentWithoutReason: [3], unpaid: [4], speakers: [1, 5]),
        BacGiang, new DateTime(2026, 11, 3, 17, 0, 0), "Trần Thị Bình", "Vũ Thị Lan", "Hội trường khu phố 3", notes ?? []);

    [Fact]
    public void The_form_has_the_25_criteria_the_total_the_rating_and_the_signature()
    {
        var bytes = Papers.SelfScoringForm(Paper(["Đồng chí Hà (ủy viên): Cần chuẩn bị nội dung kỹ hơn."]));

        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var grid = body.Elements<Table>().Single(t => t.Descendants<TableRow>().Count() > 5);
        var rows = grid.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal(["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Ghi chú"], rows[0]);
        Assert.Equal(25, BacGiang.Criteria.Count);
        Assert.Equal(1 + 25 + 1, rows.Count);
        Assert.Equal(BacGiang.Criteria[24].Text, rows[25][1]);
        Assert.Equal(["", "Tổng cộng", "100", "85,5", ""], rows[26]);

        var text = Docx.ReadParagraphs(bytes);
        Assert.Contains("ĐẢNG CỘNG SẢN VIỆT NAM", text);
        Assert.Contains("CHI BỘ KHU PHỐ 3", text);
        Assert.Contains("BIỂU TỰ CHẤM ĐIỂM", text);
        Assert.Contains("Tổng điểm: 85,5/100 điểm. Xếp loại: Khá.", text);
        Assert.Contains(text, t => t.StartsWith("Người chấm: Trần Thị Bình; công bố lúc 17:00 ngày 03/11/2026", StringComparison.Ordinal));
        Assert.Contains("Đồng chí Hà (ủy viên): Cần chuẩn bị nội dung kỹ hơn.", text);
        Assert.Equal(["T/M CHI ỦY", "BÍ THƯ", "(Ký, ghi rõ họ tên)", "", "", "", "Trần Thị Bình"], text.TakeLast(7));
        var fonts = doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.Descendants<RunFonts>().Single();
        Assert.Equal("Times New Roman", fonts.Ascii!.Value);
    }

    [Fact]
    public void The_minutes_name_who_came_who_was_absent_the_dues_the_conclusion_tasks_and_both_signatures()
    {
        var text = Docx.ReadParagraphs(Papers.Minutes(Paper()));

        Assert.Contains("BIÊN BẢN", text);
        Assert.Contains("Thời gian: bắt đầu lúc 14 giờ 00 ngày 03/11/2026.", text);
        Assert.Contains("Địa điểm: Hội trường khu phố 3.", text);
        Assert.Contains("Chủ trì: đồng chí Trần Thị Bình. Thư ký: đồng chí Vũ Thị Lan.", text);
        Assert.Contains("Tổng số đảng viên: 10; phải dự: 9; có mặt: 7 (77,8%).", text);
        Assert.Contains("Có mặt: 7 đồng chí — Trần Thị Bình, Phạm Thị Hoa, Hoàng Văn Minh, Vũ Thị Lan, Đặng Văn Nam, Bùi Thị Thu, Đỗ Văn Hải.", text);
        Assert.Contains("Vắng có lý do: 1 đồng chí — Lê Văn Cường (ốm).", text);
        Assert.Contains("Vắng không có lý do: 1 đồng chí — Nguyễn Văn Dũng.", text);
        Assert.Contains("Miễn sinh hoạt: 1 đồng chí — Ngô Thị Mai.", text);
        Assert.Contains("9 đồng chí đã nộp, tổng số 180.000 đ; chưa nộp: Phạm Thị Hoa.", text);
        Assert.Contains("Các đồng chí phát biểu ý kiến (2): Trần Thị Bình, Hoàng Văn Minh.", text);
        Assert.Contains("Chi bộ thống nhất đẩy mạnh vệ sinh môi trường khu phố.", text);
        Assert.Contains("1. Ra quân dọn vệ sinh — người thực hiện: Lê Văn Cường; thời hạn: 20/11/2026.", text);
        Assert.Contains(text, t => t.StartsWith("Buổi sinh hoạt kết thúc lúc 16 giờ 00", StringComparison.Ordinal));
        Assert.Equal(["THƯ KÝ", "(Ký, ghi rõ họ tên)", "", "", "", "Vũ Thị Lan", "T/M CHI BỘ", "CHỦ TRÌ", "(Ký, ghi rõ họ tên)", "", "", "", "Trần Thị Bình"], text.TakeLast(13));
    }

    [Fact]
    public void A_cells_year_chart_is_a_png_of_the_chart_size_and_not_blank()
    {
        var png = Charts.CellYear("Chi bộ Khu phố 3 — tổng điểm năm 2026", [92m, 88m, null, 75.5m, 45m, 95m, 90m, 91m, 89.5m, 70m, 85m, null]);

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(Charts.Width, bitmap.Width);
        Assert.Equal(Charts.Height, bitmap.Height);
        Assert.True(DistinctColours(bitmap) > 20, "the chart is blank");
    }

    [Fact]
    public void The_ranking_grows_with_the_cells_and_the_distribution_matches_its_golden_image()
    {
        var ranking = Charts.Ranking("Đảng ủy phường Minh Khai — tháng 11/2026",
            Enumerable.Range(1, 30).Select(i => ($"Chi bộ số {i}", 40m + 2 * i)).ToList());
        using (var tall = SKBitmap.Decode(ranking)) Assert.Equal(120 + 28 * 30, tall.Height);

        var png = Charts.Distribution("Xếp loại năm 2026 — Đảng ủy phường Minh Khai", [("Tốt", 5), ("Khá", 7), ("Trung bình", 2), ("Kém", 1), ("Chưa xếp loại", 0)]);
        var golden = Path.Combine(AppContext.BaseDirectory, "Files", "golden-distribution.png");
        if (Environment.GetEnvironmentVariable("CHIBO_UPDATE_GOLDEN") is { } dir)
            File.WriteAllBytes(Path.Combine(dir, "golden-distribution.png"), png);
        using var actual = SKBitmap.Decode(png);
        using var expected = SKBitmap.Decode(File.ReadAllBytes(golden));
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        // Text rendering may differ by a few antialiased pixels between machines: at most 1 % of the pixels may differ.
        var differing = 0;
        for (var y = 0; y < actual.Height; y++)
            for (var x = 0; x < actual.Width; x++)
            {
                var a = actual.GetPixel(x, y);
                var e = expected.GetPixel(x, y);
                if (Math.Abs(a.Red - e.Red) + Math.Abs(a.Green - e.Green) + Math.Abs(a.Blue - e.Blue) > 48) differing++;
            }
        Assert.True(differing < actual.Width * actual.Height / 100, $"{differing} pixels differ from the golden image");
    }

    private static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 4)
            for (var x = 0; x < bitmap.Width; x += 4) colours.Add((uint)bitmap.GetPixel(x, y));
        return colours.Count;
    }
}
