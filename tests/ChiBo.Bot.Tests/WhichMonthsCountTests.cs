using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Files;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core;
using ChiBo.Core.Rubrics;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// DOMAIN.md, "Which months count", end to end: the month not over yet is never missing, months before a cell joined
/// ChiBo are "chưa theo dõi" (never Kém), and earlier months are imported from paper with /nhapketqua. Thematic meetings:
/// combined with the regular one (typed in the review or from the notice) or recorded on their own with /chuyende; the
/// quarter names them and flags a quarter without one (seed 002).
/// </summary>
public sealed class WhichMonthsCountTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);
    private const string ThematicTopic = "Học tập và làm theo tư tưởng Hồ Chí Minh";

    private static async Task<string> AskAsync(CellScenario s, TgUser user, string text)
    {
        var before = s.Emulator.MessagesIn(CellScenario.GroupId).Count;
        await s.InGroupAsync(user, text);
        return string.Join("\n\n", s.Emulator.MessagesIn(CellScenario.GroupId).Skip(before).Select(m => m.Text));
    }

    [Fact]
    public async Task On_2_December_the_year_is_Kha_provisional_on_eleven_months_and_December_is_not_missing()
    {
        // The cell joined ChiBo in January; on 02/12/2026 it has January Tốt and February to November Khá.
        await using var s = await CellScenario.StartAsync(output: output, now: new DateTimeOffset(2026, 1, 2, 9, 0, 0, Hanoi));
        s.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, Hanoi));
        var cell = s.Db.Cells.FindAll().Single();
        var seed = new Seed(s.Bot);
        seed.Posted(cell, new YearMonth(2026, 1), 95);
        for (var m = 2; m <= 11; m++) seed.Posted(cell, new YearMonth(2026, m), 85);

        var year = await AskAsync(s, TestUsers.Cuong, "/nam 2026");

        Assert.StartsWith("📊 Chi bộ Khu phố 3 — xếp loại năm 2026 (tạm tính)\nCăn cứ: mục 3.4.2, Hướng dẫn 18-HD/ĐU", year, StringComparison.Ordinal);
        Assert.Contains("Năm 2026 chưa kết thúc: tháng 12/2026 chưa kết thúc nên chưa tính.", year, StringComparison.Ordinal);
        Assert.Contains("1. Chi bộ Khu phố 3 — Khá (tạm tính)\nCăn cứ: có ít nhất 6 tháng đạt Khá trở lên", year, StringComparison.Ordinal);
        Assert.Contains("T11 Khá · T12 chưa kết thúc", year, StringComparison.Ordinal);
        Assert.Contains("Số tháng: Tốt 1, Khá 10, Trung bình 0, Kém 0 — tính trên 11 tháng\nTháng thiếu kết quả: không", year, StringComparison.Ordinal);
        Assert.DoesNotContain("T12 thiếu", year, StringComparison.Ordinal);
        Assert.DoesNotContain("Trung bình\nCăn cứ", year, StringComparison.Ordinal);

        var quarter = await AskAsync(s, TestUsers.Cuong, "/quy Q4/2026");
        Assert.Contains("tháng 10: 85 (Khá) · tháng 11: 85 (Khá) · tháng 12: chưa kết thúc\nThiếu kết quả: không", quarter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cell_that_joined_in_October_is_not_Kem_for_the_months_before_and_imports_them_from_paper()
    {
        // Registered on 15/10/2026; asked on 12/01/2027, with October to December posted through ChiBo.
        await using var s = await CellScenario.StartAsync(output: output, now: new DateTimeOffset(2026, 10, 15, 9, 0, 0, Hanoi));
        s.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 12, 9, 0, 0, Hanoi));
        var cell = s.Db.Cells.FindAll().Single();
        var seed = new Seed(s.Bot);
        for (var m = 10; m <= 12; m++) seed.Posted(cell, new YearMonth(2026, m), 92);

        var before = await AskAsync(s, TestUsers.Cuong, "/nam 2026");
        Assert.Contains("1. Chi bộ Khu phố 3 — chưa đủ dữ liệu để xếp loại\n", before, StringComparison.Ordinal);
        Assert.Contains("T9 chưa theo dõi · T10 Tốt", before, StringComparison.Ordinal);
        Assert.Contains("Số tháng: Tốt 3, Khá 0, Trung bình 0, Kém 0 — tính trên 3 tháng\nTháng thiếu kết quả: không\nChưa theo dõi: T1–T9", before, StringComparison.Ordinal);
        var lastYear = await AskAsync(s, TestUsers.Cuong, "/nam 2025");
        Assert.Contains("chưa đủ dữ liệu để xếp loại", lastYear, StringComparison.Ordinal);
        Assert.Contains("Chưa theo dõi: T1–T12", lastYear, StringComparison.Ordinal);
        Assert.DoesNotContain("Kém 1", lastYear, StringComparison.Ordinal);

        // Only an officer (or the committee) imports; a member is refused and nothing is stored.
        Assert.Equal("Xin lỗi, chỉ ủy viên của cấp ủy mới được làm việc này.", await AskAsync(s, TestUsers.Cuong, "/nhapketqua\n1/2026 90"));
        Assert.Equal(3, s.Db.Records.Count());

        var lines = string.Join("\n", Enumerable.Range(1, 9).Select(m => $"{m}/2026 {(m == 5 ? "88,5" : "92")}"));
        var imported = await AskAsync(s, TestUsers.Binh, $"/nhapketqua\n{lines}\n13/2026 90\n10/2026 95\n1/2027 90\n3/2026 abc");

        Assert.StartsWith("📥 Đã nhập kết quả từ sổ sách của Chi bộ Khu phố 3 (9 tháng", imported, StringComparison.Ordinal);
        Assert.Contains("• tháng 5/2026: 88,5 (Khá)", imported, StringComparison.Ordinal);
        Assert.Contains("• Dòng 10 «13/2026 90»: \"13/2026\" không phải tháng (ví dụ 10/2026).", imported, StringComparison.Ordinal);
        Assert.Contains("• Dòng 11 «10/2026 95»: tháng 10/2026 đã có kết quả đánh giá trong ChiBo (92 điểm); sửa bằng /danhgia 10/2026.", imported, StringComparison.Ordinal);
        Assert.Contains("• Dòng 12 «1/2027 90»: tháng 1/2027 chưa kết thúc; chỉ nhập các tháng đã qua.", imported, StringComparison.Ordinal);
        Assert.Contains("• Dòng 13 «3/2026 abc»: hãy gõ tháng và tổng điểm", imported, StringComparison.Ordinal);
        Assert.Equal(92m, s.Posted(2026, 10)!.Total); // the posted month is untouched
        var may = s.Posted(2026, 5)!;
        Assert.True(may.Imported);
        Assert.Equal((88.5m, "Khá"), (may.Total, may.Rating));
        Assert.Equal(9, s.Db.Audit.Count(a => a.Action == "import"));

        var after = await AskAsync(s, TestUsers.Cuong, "/nam 2026");
        Assert.Contains("1. Chi bộ Khu phố 3 — Tốt\nCăn cứ: có ít nhất 9 tháng Tốt", after, StringComparison.Ordinal);
        Assert.Contains("T1 Tốt (nhập từ sổ sách) · T2 Tốt (nhập từ sổ sách)", after, StringComparison.Ordinal);
        Assert.Contains("T5 Khá (nhập từ sổ sách)", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Chưa theo dõi", after, StringComparison.Ordinal);
        var month = await AskAsync(s, TestUsers.Cuong, "/ketqua 5/2026");
        Assert.Contains("Tổng điểm: 88,5/100 — xếp loại Khá\nKết quả nhập từ sổ sách của chi bộ", month, StringComparison.Ordinal);
        Assert.Contains("tháng 5: 88,5 (Khá) (nhập từ sổ sách)", await AskAsync(s, TestUsers.Cuong, "/quy Q2/2026"), StringComparison.Ordinal);

        // Importing a month again replaces it, with the old total in the audit trail.
        await AskAsync(s, TestUsers.Binh, "/nhapketqua\n5/2026: 90");
        Assert.Equal(90m, s.Posted(2026, 5)!.Total);
        Assert.Contains(s.Db.Audit.FindAll(), a => a.Changes.Contains("Tổng điểm nhập từ sổ sách: 88,5 (Khá) → 90 (Tốt)"));
    }

    [Fact]
    public async Task A_thematic_meeting_from_the_notice_is_recorded_with_its_topic_and_the_quarter_shows_it()
    {
        await using var s = await CellScenario.StartAsync(output: output, now: new DateTimeOffset(2026, 11, 1, 9, 0, 0, Hanoi));
        await s.InGroupAsync(TestUsers.Binh, "/thongbao 03/11/2026 14:00, Hội trường, Kiểm điểm tháng 10; Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng, đạo đức Hồ Chí Minh");
        s.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 17, 0, 0, Hanoi));

        await s.PrivateAsync(TestUsers.Binh, "/danhgia");
        Assert.Contains("Sinh hoạt chuyên đề lấy từ thông báo: Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng, đạo đức Hồ Chí Minh.", s.Prompt(TestUsers.Binh).Text, StringComparison.Ordinal);
        await s.PrivateAsync(TestUsers.Binh, "chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh");
        var record = s.Review()!.Record;
        Assert.Equal((true, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"), (record.WithThematic, record.ThematicTopic));

        // Posted (seeded) with that record, the quarter names the topic; a quarter without one is flagged.
        var cell = s.Db.Cells.FindAll().Single();
        var posted = new Seed(s.Bot).Posted(cell, new YearMonth(2026, 10), 90, thematic: true);
        posted.Record.ThematicTopic = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh";
        s.Db.Records.Upsert(posted);
        Assert.Contains("Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (ngày 03/10/2026, kết hợp sinh hoạt thường kỳ)", await AskAsync(s, TestUsers.Cuong, "/quy Q4/2026"), StringComparison.Ordinal);
        Assert.Contains("⚠️ Sinh hoạt chuyên đề: chưa tổ chức trong quý", await AskAsync(s, TestUsers.Cuong, "/quy Q3/2026"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Thai_Binh_cell_reads_Yeu_in_every_count_line_and_rule()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.ThaiBinh2019, output, new DateTimeOffset(2026, 1, 2, 9, 0, 0, Hanoi));
        s.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 9, 0, 0, Hanoi));
        var cell = s.Db.Cells.FindAll().Single();
        new Seed(s.Bot).Posted(cell, new YearMonth(2026, 10), 40);

        var month = await AskAsync(s, TestUsers.Cuong, "/thang 10/2026");
        Assert.Contains("Đã có kết quả: 1/1 chi bộ — Tốt 0, Khá 0, Trung bình 0, Yếu 1", month, StringComparison.Ordinal);
        Assert.Contains("1. Chi bộ Khu phố 3 — 40 điểm — Yếu", month, StringComparison.Ordinal);
        var year = await AskAsync(s, TestUsers.Cuong, "/nam");
        Assert.Contains("Xét lần lượt Tốt, Khá, Trung bình, Yếu;", year, StringComparison.Ordinal);
        Assert.Contains("Tháng đã qua mà không có kết quả đánh giá được tính là Yếu.", year, StringComparison.Ordinal);
        Assert.DoesNotContain("Kém", year, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_records_a_separate_thematic_meeting_the_quarter_names_it_and_removing_it_flags_the_quarter()
    {
        await using var s = await CellScenario.StartAsync(output: output, now: new DateTimeOffset(2026, 11, 20, 9, 0, 0, Hanoi));

        // Refused, nothing stored: a plain member, a day not yet come, no topic, a date that is no date.
        Assert.Contains("Xin lỗi, chỉ cán bộ chi bộ", await AskAsync(s, TestUsers.Cuong, $"/chuyende 15/11/2026 {ThematicTopic}"), StringComparison.Ordinal);
        Assert.Contains("Ngày 25/11/2026 chưa đến.", await AskAsync(s, TestUsers.Binh, $"/chuyende 25/11/2026 {ThematicTopic}"), StringComparison.Ordinal);
        Assert.Contains("Thiếu chủ đề.", await AskAsync(s, TestUsers.Binh, "/chuyende 15/11/2026"), StringComparison.Ordinal);
        Assert.Contains("Không hiểu ngày \"mười\"", await AskAsync(s, TestUsers.Binh, $"/chuyende mười {ThematicTopic}"), StringComparison.Ordinal);
        Assert.Empty(s.Db.Thematics.FindAll());

        var recorded = await AskAsync(s, TestUsers.Binh, $"/chuyende 15/11/2026 {ThematicTopic}");
        Assert.Contains($"📚 Đã ghi buổi sinh hoạt chuyên đề ngày 15/11/2026 (tổ chức riêng): {ThematicTopic}.", recorded, StringComparison.Ordinal);
        Assert.Contains("Quý 4/2026 đã có 1 buổi.", recorded, StringComparison.Ordinal);
        var stored = Assert.Single(s.Db.Thematics.FindAll());
        Assert.Equal((new DateOnly(2026, 11, 15), ThematicTopic, false), (stored.Date, stored.Topic, stored.Combined));
        Assert.Contains(s.Db.Audit.FindAll(), a => a.Action == "thematic" && a.Changes.Contains($"Sinh hoạt chuyên đề ngày 15/11/2026: {ThematicTopic}"));

        Assert.Contains($"Sinh hoạt chuyên đề: {ThematicTopic} (ngày 15/11/2026, tổ chức riêng)", await AskAsync(s, TestUsers.Cuong, "/quy Q4/2026"), StringComparison.Ordinal);
        Assert.Contains("⚠️ Sinh hoạt chuyên đề: chưa tổ chức trong quý", await AskAsync(s, TestUsers.Cuong, "/quy Q3/2026"), StringComparison.Ordinal);

        var list = await AskAsync(s, TestUsers.Cuong, "/chuyende"); // members may read the list
        Assert.Contains("Quý 3: ⚠️ chưa có", list, StringComparison.Ordinal);
        Assert.Contains($"Quý 4:\n  1. {ThematicTopic} (ngày 15/11/2026, tổ chức riêng)", list, StringComparison.Ordinal);

        Assert.Contains("Hãy gõ số thứ tự của buổi cần xóa (từ 1 đến 1)", await AskAsync(s, TestUsers.Binh, "/xoachuyende 2"), StringComparison.Ordinal);
        Assert.Single(s.Db.Thematics.FindAll());
        Assert.Contains($"Đã xóa buổi sinh hoạt chuyên đề ngày 15/11/2026: {ThematicTopic}.", await AskAsync(s, TestUsers.Binh, "/xoachuyende 1"), StringComparison.Ordinal);
        Assert.Empty(s.Db.Thematics.FindAll());
        Assert.Contains(s.Db.Audit.FindAll(), a => a.Action == "thematic-remove");
        Assert.Contains("⚠️ Sinh hoạt chuyên đề: chưa tổ chức trong quý", await AskAsync(s, TestUsers.Cuong, "/quy Q4/2026"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thematic_meeting_recorded_with_chuyende_counts_for_the_targets_and_the_quarter_and_year_spreadsheets()
    {
        // The cell joined in January; on 10/12/2026 three quarters have ended, and only /chuyende records Q3's thematic meeting.
        await using var s = await CellScenario.StartAsync(output: output, now: new DateTimeOffset(2026, 1, 2, 9, 0, 0, Hanoi));
        s.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 9, 0, 0, Hanoi));
        var cell = s.Db.Cells.FindAll().Single();
        new Seed(s.Bot).Posted(cell, new YearMonth(2026, 8), 90);
        Assert.Contains("Chuyên đề: 0/3 quý đã qua ❌", await AskAsync(s, TestUsers.Cuong, "/chitieu 2026"), StringComparison.Ordinal);

        await AskAsync(s, TestUsers.Binh, $"/chuyende 15/08/2026 {ThematicTopic}");

        Assert.Contains("Chuyên đề: 1/3 quý đã qua ❌", await AskAsync(s, TestUsers.Cuong, "/chitieu 2026"), StringComparison.Ordinal);
        var mark = s.Emulator.CallCount;
        await s.InGroupAsync(TestUsers.Cuong, "/xuat quy Q3/2026");
        await s.Emulator.WaitForCallAsync("sendDocument", after: mark);
        using var x = new XlsxReader(Assert.Single(s.Emulator.FilesIn(CellScenario.GroupId)).Bytes);
        Assert.Equal(("Sinh hoạt chuyên đề", "đã tổ chức"), (x.Value("Quý 3-2026", "I4"), x.Value("Quý 3-2026", "I5")));

        mark = s.Emulator.CallCount;
        await s.InGroupAsync(TestUsers.Cuong, "/xuat nam 2026");
        await s.Emulator.WaitForCallAsync("sendDocument", after: mark);
        using var y = new XlsxReader(s.Emulator.FilesIn(CellScenario.GroupId)[^1].Bytes);
        Assert.Equal(("Quý có sinh hoạt chuyên đề", "Q3"), (y.Value("Năm 2026", "W4"), y.Value("Năm 2026", "W5")));
    }
}
