using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// The committee's questions, end to end through the Bot API emulator, over a seeded year whose expected answers
/// are worked out by hand below (DOMAIN.md: monthly bands, annual rules read as "or better", missing months).
/// Today is 12/01/2027 10:00 in Hà Nội, so 2026 is complete and 2027 has only January due.
/// </summary>
public sealed class CommitteeQueryTests(ITestOutputHelper output)
{
    private const long CommitteeChat = -500;
    private const long OtherCommitteeChat = -600;
    private const long CellAChat = -101;

    private static readonly TgUser Dung = new(1004, "Dũng", "Phạm Văn");
    private static readonly TgUser Em = new(1005, "Em", "Hoàng Thị");

    /// <summary>
    /// Đảng ủy phường Tân Mai follows five cells; Đảng ủy phường Hòa Bình follows Chi bộ Tổ 7.
    /// Bình is A's secretary, Cường a member of Tổ 7, Dũng a member of Tân Mai's committee, Em of Hòa Bình's.
    /// Monthly totals of 2026 (— = no posted review):
    ///   A  95  92  90  85  96  98  91  80  93  94 100 95,5  → 10 Tốt, 2 Khá
    ///   B  92  88  75  90  95  70 89,5 60  91  72  55  99   → 5 Tốt, 5 Khá, 2 Trung bình
    ///   C  80  75  60  65  70  —   85  55  50  72  68  78   → 6 Khá, 5 Trung bình, June missing
    ///   D  60  —   —   65  55  50  45  62  58  66 69,5 51   → 9 Trung bình, 1 Kém, Feb and Mar missing
    ///   E  95  96  97  98  99  —   —   —   —   —   —   —    → 5 Tốt, June to December missing
    /// and January 2027: A 93. Thematic meetings: A in May, D in April.
    /// </summary>
    private sealed class World(TelegramEmulator emu, BotUnderTest bot, Seed seed, Cell a, Cell b, Cell c, Cell d, Cell e, Cell f) : IAsyncDisposable
    {
        public TelegramEmulator Emu { get; } = emu;
        public BotUnderTest Bot { get; } = bot;
        public Seed Seed { get; } = seed;
        public Cell A { get; } = a;
        public Cell B { get; } = b;
        public Cell C { get; } = c;
        public Cell D { get; } = d;
        public Cell E { get; } = e;
        public Cell F { get; } = f;

        /// <summary>What the bot answered (all parts, joined) to <paramref name="text"/> typed in <paramref name="chat"/>.</summary>
        public async Task<string> AskAsync(TgUser user, long chat, string text)
        {
            var before = Emu.MessagesIn(chat).Count;
            await Emu.SendTextAndWaitAsync(user, chat, text);
            var answer = Emu.MessagesIn(chat).Skip(before).ToList();
            Assert.True(answer.Count > 0, $"No answer to \"{text}\" from {user.FirstName} in chat {chat}.");
            return string.Join("\n\n", answer.Select(m => m.Text));
        }

        public async ValueTask DisposeAsync()
        {
            await Bot.DisposeAsync();
            await Emu.DisposeAsync();
        }
    }

    private async Task<World> StartAsync(string missingMonths = "CountAsPoor")
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 12, 10, 0, 0, TimeSpan.FromHours(7)));
        var emu = await TelegramEmulator.StartAsync();
        emu.Time = clock;
        var bot = await BotUnderTest.StartAsync(emu, settings: new Dictionary<string, string?> { ["ChiBo:MissingMonths"] = missingMonths },
            customize: b => b.Services.AddSingleton<TimeProvider>(clock), output: output);
        var seed = new Seed(bot);

        var tanMai = seed.Committee("Đảng ủy phường Tân Mai", CommitteeChat, Dung);
        var hoaBinh = seed.Committee("Đảng ủy phường Hòa Bình", OtherCommitteeChat, Em);
        var a = seed.Cell("Chi bộ Khu phố 1", CellAChat, tanMai);
        var b = seed.Cell("Chi bộ Khu phố 2", -102, tanMai);
        var c = seed.Cell("Chi bộ Khu phố 3", -103, tanMai);
        var d = seed.Cell("Chi bộ Khu phố 4", -104, tanMai);
        var e = seed.Cell("Chi bộ Khu phố 5", -105, tanMai);
        var f = seed.Cell("Chi bộ Tổ 7", -201, hoaBinh);
        seed.Member(a, "Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary);
        seed.Member(f, "Lê Văn Cường", TestUsers.Cuong);

        seed.Year(a, 2026, 95, 92, 90, 85, 96, 98, 91, 80, 93, 94, 100);
        seed.Posted(a, new YearMonth(2026, 5), 96, thematic: true);
        seed.Posted(a, new YearMonth(2026, 12), 95.5m, scores: new Dictionary<string, decimal> { ["5"] = 0, ["12"] = 8.5m },
            attendance: [.. Enumerable.Range(1, 8).Select(i => Entry(i, AttendanceStatus.Present)), Entry(9, AttendanceStatus.AbsentWithReason), Entry(10, AttendanceStatus.Exempt)],
            at: new DateTimeOffset(2027, 1, 10, 8, 30, 0, TimeSpan.FromHours(7)));
        seed.Year(b, 2026, 92, 88, 75, 90, 95, 70, 89.5m, 60, 91, 72, 55, 99);
        seed.Year(c, 2026, 80, 75, 60, 65, 70, null, 85, 55, 50, 72, 68, 78);
        seed.Year(d, 2026, 60, null, null, 65, 55, 50, 45, 62, 58, 66, 69.5m, 51);
        seed.Posted(d, new YearMonth(2026, 4), 65, thematic: true);
        seed.Year(e, 2026, 95, 96, 97, 98, 99);
        seed.Posted(a, new YearMonth(2027, 1), 93, at: new DateTimeOffset(2027, 1, 4, 20, 0, 0, TimeSpan.FromHours(7)));
        seed.Year(f, 2026, 70, 70, 70);
        return new World(emu, bot, seed, a, b, c, d, e, f);
    }

    private static AttendanceEntry Entry(int id, AttendanceStatus status) => new() { MemberId = id, Name = $"Đảng viên {id}", Status = status };

    [Fact]
    public async Task A_cells_month_shows_total_rating_attendance_lost_criteria_and_who_scored_it_when()
    {
        await using var w = await StartAsync();

        var answer = await w.AskAsync(Dung, CommitteeChat, $"/ketqua {w.A.Id} 12/2026");

        Assert.Equal(
            "📊 Chi bộ Khu phố 1 — tháng 12/2026\n"
            + "Tổng điểm: 95,5/100 — xếp loại Tốt\n"
            + "Ngày họp: 03/12/2026\n"
            + "Điểm danh: 8/9 có mặt (88,9%); vắng có lý do 1; vắng không lý do 0; miễn sinh hoạt 1\n"
            + "Tiêu chí bị trừ điểm (2):\n"
            + "• 5. Tỷ lệ dự họp trên 90%: 0/3 (trừ 3)\n"
            + "• 12. Đánh giá nhiệm vụ chính trị: 8,5/10 (trừ 1,5)\n"
            + "Vắng có lý do: Đảng viên 9\n"
            + "Người chấm: Trần Thị Bình (Bí thư), lúc 08:30 ngày 10/01/2027 (2 ngày trước)",
            answer);

        // By name too, without diacritics; and a month with no posted review says so.
        Assert.Equal(answer, await w.AskAsync(Dung, CommitteeChat, "/ketqua khu pho 1 12/2026"));
        Assert.Equal("Chi bộ Khu phố 3 chưa có kết quả đánh giá tháng 6/2026 được công bố.",
            await w.AskAsync(Dung, CommitteeChat, $"/ketqua {w.C.Id} 6/2026"));
        // In the cell's own group the cell is implied and the month is this month: January 2027, 93 points,
        // the 7 points lost on the first criteria (2 + 2 + 1 + 2), posted on 04/01 at 20:00, 7 days and 14 hours ago.
        Assert.Equal(
            "📊 Chi bộ Khu phố 1 — tháng 1/2027\n"
            + "Tổng điểm: 93/100 — xếp loại Tốt\n"
            + "Ngày họp: 03/01/2027\n"
            + "Điểm danh: không có đảng viên phải dự; vắng có lý do 0; vắng không lý do 0; miễn sinh hoạt 0\n"
            + "Tiêu chí bị trừ điểm (4):\n"
            + "• 1. Chuẩn bị nội dung sinh hoạt: 0/2 (trừ 2)\n"
            + "• 2. Họp đúng ngày 03: 0/2 (trừ 2)\n"
            + "• 3. Thông báo trước ít nhất 01 ngày: 0/1 (trừ 1)\n"
            + "• 4. Trao đổi với thủ trưởng/trưởng thôn: 0/2 (trừ 2)\n"
            + "Người chấm: Trần Thị Bình (Bí thư), lúc 20:00 ngày 04/01/2027 (7 ngày trước)",
            await w.AskAsync(TestUsers.Binh, CellAChat, "/ketqua"));
    }

    [Fact]
    public async Task The_committees_month_is_sorted_by_score_and_lists_cells_without_a_posted_review()
    {
        await using var w = await StartAsync();

        var answer = await w.AskAsync(Dung, CommitteeChat, "/thang 7/2026");

        // July 2026: A 91 Tốt, B 89,5 Khá (half a point short of Tốt), C 85 Khá, D 45 Kém; E posted nothing.
        Assert.Equal(
            "📊 Đảng ủy phường Tân Mai — tháng 7/2026\n"
            + "Đã có kết quả: 4/5 chi bộ — Tốt 1, Khá 2, Trung bình 0, Kém 1\n\n"
            + "Xếp theo điểm:\n"
            + "1. Chi bộ Khu phố 1 — 91 điểm — Tốt\n"
            + "2. Chi bộ Khu phố 2 — 89,5 điểm — Khá\n"
            + "3. Chi bộ Khu phố 3 — 85 điểm — Khá\n"
            + "4. Chi bộ Khu phố 4 — 45 điểm — Kém\n\n"
            + "Chưa có kết quả (1):\n"
            + "• Chi bộ Khu phố 5\n\n"
            + "Xem chi tiết một chi bộ: /ketqua <tên hoặc mã chi bộ> 7/2026",
            answer);

        // Without a month: this month, January 2027, where only A has posted.
        var now = await w.AskAsync(Dung, CommitteeChat, "/thang");
        Assert.StartsWith("📊 Đảng ủy phường Tân Mai — tháng 1/2027\nĐã có kết quả: 1/5 chi bộ — Tốt 1, Khá 0, Trung bình 0, Kém 0\n", now);
        Assert.Contains("Chưa có kết quả (4), tháng chưa kết thúc:\n• Chi bộ Khu phố 2\n• Chi bộ Khu phố 3\n• Chi bộ Khu phố 4\n• Chi bộ Khu phố 5", now, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_quarter_shows_each_cells_three_months_average_missing_months_and_thematic_meeting()
    {
        await using var w = await StartAsync();

        var answer = await w.AskAsync(Dung, CommitteeChat, "/quy Q2/2026");

        // Averages over the posted months: E (98+99)/2 = 98,5; A (85+96+98)/3 = 93; B (90+95+70)/3 = 85;
        // C (65+70)/2 = 67,5; D (65+55+50)/3 = 56,666… → 56,67.
        Assert.Equal(
            "📊 Đảng ủy phường Tân Mai — quý II/2026\n"
            + "Điểm trung bình tính trên các tháng đã có kết quả; mỗi chi bộ cần ít nhất một buổi sinh hoạt chuyên đề trong quý (Quảng Bình).\n\n"
            + "1. Chi bộ Khu phố 5 — trung bình 98,5 điểm\n"
            + "tháng 4: 98 (Tốt) · tháng 5: 99 (Tốt) · tháng 6: thiếu\n"
            + "Thiếu kết quả: tháng 6/2026\n"
            + "⚠️ Sinh hoạt chuyên đề: chưa tổ chức trong quý\n\n"
            + "2. Chi bộ Khu phố 1 — trung bình 93 điểm\n"
            + "tháng 4: 85 (Khá) · tháng 5: 96 (Tốt) · tháng 6: 98 (Tốt)\n"
            + "Thiếu kết quả: không\n"
            + "Sinh hoạt chuyên đề: chưa ghi chủ đề (ngày 03/05/2026, kết hợp sinh hoạt thường kỳ)\n\n"
            + "3. Chi bộ Khu phố 2 — trung bình 85 điểm\n"
            + "tháng 4: 90 (Tốt) · tháng 5: 95 (Tốt) · tháng 6: 70 (Khá)\n"
            + "Thiếu kết quả: không\n"
            + "⚠️ Sinh hoạt chuyên đề: chưa tổ chức trong quý\n\n"
            + "4. Chi bộ Khu phố 3 — trung bình 67,5 điểm\n"
            + "tháng 4: 65 (Trung bình) · tháng 5: 70 (Khá) · tháng 6: thiếu\n"
            + "Thiếu kết quả: tháng 6/2026\n"
            + "⚠️ Sinh hoạt chuyên đề: chưa tổ chức trong quý\n\n"
            + "5. Chi bộ Khu phố 4 — trung bình 56,67 điểm\n"
            + "tháng 4: 65 (Trung bình) · tháng 5: 55 (Trung bình) · tháng 6: 50 (Trung bình)\n"
            + "Thiếu kết quả: không\n"
            + "Sinh hoạt chuyên đề: chưa ghi chủ đề (ngày 03/04/2026, kết hợp sinh hoạt thường kỳ)",
            answer);

        // The current quarter on 12/01/2027: January is not over, so it is missing for nobody; A posted it already.
        var current = await w.AskAsync(Dung, CommitteeChat, "/quy");
        Assert.Contains("1. Chi bộ Khu phố 1 — trung bình 93 điểm\ntháng 1: 93 (Tốt) · tháng 2: chưa đến · tháng 3: chưa đến\nThiếu kết quả: không\n", current, StringComparison.Ordinal);
        Assert.Contains("2. Chi bộ Khu phố 2 — chưa có kết quả tháng nào\ntháng 1: chưa kết thúc · tháng 2: chưa đến · tháng 3: chưa đến\nThiếu kết quả: không\n", current, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_year_gives_each_cells_annual_rating_with_the_deciding_rule_when_missing_months_count_as_poor()
    {
        await using var w = await StartAsync();

        var answer = await w.AskAsync(Dung, CommitteeChat, "/nam 2026");

        // A: 10 Tốt, 2 Khá, nothing below → Tốt (9+ Tốt, no Trung bình/Kém).
        // B: 5 Tốt + 5 Khá = 10 months Khá or better, no Kém → Khá (a year seed 000 read literally would not rate).
        // C: June missing → Kém; so 1 Kém, not Khá; 11 months Trung bình or better and ≤ 2 Kém → Trung bình.
        // D: February and March missing → 3 Kém with July's 45 → Kém (3+ Kém).
        // E: June–December missing → 7 Kém → Kém.
        Assert.Equal(
            "📊 Đảng ủy phường Tân Mai — xếp loại năm 2026\n"
            + "Căn cứ: mục 3.4.2, Hướng dẫn 18-HD/ĐU ngày 19/4/2019 của Đảng ủy Các cơ quan tỉnh Bắc Giang. Xét lần lượt Tốt, Khá, Trung bình, Kém; \"N tháng đạt X\" được hiểu là N tháng đạt X trở lên. "
            + "Tháng đã qua mà không có kết quả đánh giá được tính là Kém.\n\n"
            + "1. Chi bộ Khu phố 1 — Tốt\n"
            + "Căn cứ: có ít nhất 9 tháng Tốt và không có tháng Trung bình, Kém\n"
            + "Từng tháng: T1 Tốt · T2 Tốt · T3 Tốt · T4 Khá · T5 Tốt · T6 Tốt · T7 Tốt · T8 Khá · T9 Tốt · T10 Tốt · T11 Tốt · T12 Tốt\n"
            + "Số tháng: Tốt 10, Khá 2, Trung bình 0, Kém 0 — tính trên 12 tháng\n"
            + "Tháng thiếu kết quả: không\n\n"
            + "2. Chi bộ Khu phố 2 — Khá\n"
            + "Căn cứ: có ít nhất 6 tháng đạt Khá trở lên (Khá hoặc Tốt) và không có tháng Kém\n"
            + "Từng tháng: T1 Tốt · T2 Khá · T3 Khá · T4 Tốt · T5 Tốt · T6 Khá · T7 Khá · T8 Trung bình · T9 Tốt · T10 Khá · T11 Trung bình · T12 Tốt\n"
            + "Số tháng: Tốt 5, Khá 5, Trung bình 2, Kém 0 — tính trên 12 tháng\n"
            + "Tháng thiếu kết quả: không\n\n"
            + "3. Chi bộ Khu phố 3 — Trung bình\n"
            + "Căn cứ: có ít nhất 6 tháng đạt Trung bình trở lên và không quá 2 tháng Kém\n"
            + "Từng tháng: T1 Khá · T2 Khá · T3 Trung bình · T4 Trung bình · T5 Khá · T6 thiếu · T7 Khá · T8 Trung bình · T9 Trung bình · T10 Khá · T11 Trung bình · T12 Khá\n"
            + "Số tháng: Tốt 0, Khá 6, Trung bình 5, Kém 1 — tính trên 12 tháng\n"
            + "Tháng thiếu kết quả: T6 (tính là Kém)\n\n"
            + "4. Chi bộ Khu phố 4 — Kém\n"
            + "Căn cứ: có ít nhất 3 tháng Kém\n"
            + "Từng tháng: T1 Trung bình · T2 thiếu · T3 thiếu · T4 Trung bình · T5 Trung bình · T6 Trung bình · T7 Kém · T8 Trung bình · T9 Trung bình · T10 Trung bình · T11 Trung bình · T12 Trung bình\n"
            + "Số tháng: Tốt 0, Khá 0, Trung bình 9, Kém 3 — tính trên 12 tháng\n"
            + "Tháng thiếu kết quả: T2, T3 (tính là Kém)\n\n"
            + "5. Chi bộ Khu phố 5 — Kém\n"
            + "Căn cứ: có ít nhất 3 tháng Kém\n"
            + "Từng tháng: T1 Tốt · T2 Tốt · T3 Tốt · T4 Tốt · T5 Tốt · T6 thiếu · T7 thiếu · T8 thiếu · T9 thiếu · T10 thiếu · T11 thiếu · T12 thiếu\n"
            + "Số tháng: Tốt 5, Khá 0, Trung bình 0, Kém 7 — tính trên 12 tháng\n"
            + "Tháng thiếu kết quả: T6, T7, T8, T9, T10, T11, T12 (tính là Kém)",
            answer);
    }

    [Fact]
    public async Task The_year_so_far_is_provisional_and_rests_on_the_months_that_are_due()
    {
        await using var w = await StartAsync();

        var answer = await w.AskAsync(Dung, CommitteeChat, "/nam");

        // 12/01/2027: January is not over, so no month is due. A posted 93 already (1 Tốt), the others nothing, and
        // nothing is missing: no cell fits a rule yet.
        Assert.StartsWith(
            "📊 Đảng ủy phường Tân Mai — xếp loại năm 2027 (tạm tính)\n"
            + "Căn cứ: mục 3.4.2, Hướng dẫn 18-HD/ĐU ngày 19/4/2019 của Đảng ủy Các cơ quan tỉnh Bắc Giang. Xét lần lượt Tốt, Khá, Trung bình, Kém; \"N tháng đạt X\" được hiểu là N tháng đạt X trở lên. "
            + "Tháng đã qua mà không có kết quả đánh giá được tính là Kém.\n"
            + "Năm 2027 chưa kết thúc: tháng 1/2027 chưa kết thúc, các tháng 2–12 chưa đến nên chưa tính.\n\n"
            + "1. Chi bộ Khu phố 1 — chưa đủ dữ liệu để xếp loại\n"
            + "Từng tháng: T1 Tốt · T2 chưa đến · T3 chưa đến · T4 chưa đến · T5 chưa đến · T6 chưa đến · T7 chưa đến · T8 chưa đến · T9 chưa đến · T10 chưa đến · T11 chưa đến · T12 chưa đến\n"
            + "Số tháng: Tốt 1, Khá 0, Trung bình 0, Kém 0 — tính trên 1 tháng\n"
            + "Tháng thiếu kết quả: không\n\n"
            + "2. Chi bộ Khu phố 2 — chưa đủ dữ liệu để xếp loại\n",
            answer);
        Assert.Contains("T1 chưa kết thúc · T2 chưa đến", answer, StringComparison.Ordinal);
        Assert.Contains("Số tháng: Tốt 0, Khá 0, Trung bình 0, Kém 0 — tính trên 0 tháng\nTháng thiếu kết quả: không", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("tính là Kém)", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_missing_months_left_out_the_same_year_rates_differently_and_says_so()
    {
        await using var w = await StartAsync(missingMonths: "LeaveOut");

        var answer = await w.AskAsync(Dung, CommitteeChat, "/nam 2026");

        // C: June left out → 6 Khá, 5 Trung bình, no Kém → Khá. D: 9 Trung bình + 1 Kém over 10 months → Trung bình.
        // E: 5 Tốt over 5 months fits no rule → not enough data.
        Assert.Contains("Tháng đã qua mà không có kết quả đánh giá không được tính.\n\n1. Chi bộ Khu phố 1 — Tốt\n", answer, StringComparison.Ordinal);
        Assert.Contains(
            "3. Chi bộ Khu phố 3 — Khá\n"
            + "Căn cứ: có ít nhất 6 tháng đạt Khá trở lên (Khá hoặc Tốt) và không có tháng Kém\n"
            + "Từng tháng: T1 Khá · T2 Khá · T3 Trung bình · T4 Trung bình · T5 Khá · T6 thiếu · T7 Khá · T8 Trung bình · T9 Trung bình · T10 Khá · T11 Trung bình · T12 Khá\n"
            + "Số tháng: Tốt 0, Khá 6, Trung bình 5, Kém 0 — tính trên 11 tháng\n"
            + "Tháng thiếu kết quả: T6 (không tính)\n\n"
            + "4. Chi bộ Khu phố 4 — Trung bình\n"
            + "Căn cứ: có ít nhất 6 tháng đạt Trung bình trở lên và không quá 2 tháng Kém\n", answer, StringComparison.Ordinal);
        Assert.Contains("Số tháng: Tốt 0, Khá 0, Trung bình 9, Kém 1 — tính trên 10 tháng\nTháng thiếu kết quả: T2, T3 (không tính)\n\n", answer, StringComparison.Ordinal);
        Assert.EndsWith(
            "5. Chi bộ Khu phố 5 — chưa đủ dữ liệu để xếp loại\n"
            + "Từng tháng: T1 Tốt · T2 Tốt · T3 Tốt · T4 Tốt · T5 Tốt · T6 thiếu · T7 thiếu · T8 thiếu · T9 thiếu · T10 thiếu · T11 thiếu · T12 thiếu\n"
            + "Số tháng: Tốt 5, Khá 0, Trung bình 0, Kém 0 — tính trên 5 tháng\n"
            + "Tháng thiếu kết quả: T6, T7, T8, T9, T10, T11, T12 (không tính)", answer);
    }

    [Fact]
    public async Task Permission_table_only_members_see_their_cell_and_committee_members_their_committees_cells()
    {
        await using var w = await StartAsync();
        var queries = new Dictionary<string, string>
        {
            ["ketqua"] = $"/ketqua {w.A.Id} 12/2026",
            ["thang"] = "/thang 7/2026",
            ["quy"] = "/quy Q2/2026",
            ["nam"] = "/nam 2026",
        };
        const string committeeOnly = "Xin lỗi, chỉ ủy viên của cấp ủy mới được làm việc này.";
        const string cellOnly = "Xin lỗi, chỉ đảng viên của chi bộ mới được làm việc này.";
        const string nobody = "Xin lỗi, đồng chí chưa là đảng viên đã liên kết tài khoản của chi bộ nào, cũng chưa là ủy viên cấp ủy nào, nên chưa xem được kết quả.";
        var outsiders = new (string Who, TgUser User)[] { ("a member of another cell", TestUsers.Cuong), ("a member of another committee", Em), ("a stranger", TestUsers.Stranger) };

        foreach (var (name, query) in queries)
        {
            // Tân Mai's committee member sees everything of Tân Mai, in the committee's group and in private.
            Assert.StartsWith("📊 ", await w.AskAsync(Dung, CommitteeChat, query));
            Assert.StartsWith("📊 ", await w.AskAsync(Dung, Dung.Id, query));
            // A's member sees A only, in A's group and in private.
            var own = await w.AskAsync(TestUsers.Binh, CellAChat, name == "ketqua" ? "/ketqua 12/2026" : query);
            Assert.StartsWith("📊 Chi bộ Khu phố 1 — ", own);
            Assert.DoesNotContain("Khu phố 2", own, StringComparison.Ordinal);
            var ownPrivate = await w.AskAsync(TestUsers.Binh, TestUsers.Binh.Id, query);
            Assert.StartsWith("📊 Chi bộ Khu phố 1 — ", ownPrivate);
            Assert.DoesNotContain("Khu phố 2", ownPrivate, StringComparison.Ordinal);
            // Nobody else sees Tân Mai's cells: not in the committee's group, not in A's group, not in private.
            foreach (var (who, user) in outsiders)
            {
                Assert.True(committeeOnly == await w.AskAsync(user, CommitteeChat, query), $"{who} in the committee's group: {query}");
                Assert.True(cellOnly == await w.AskAsync(user, CellAChat, name == "ketqua" ? "/ketqua" : query), $"{who} in cell A's group: {query}");
                var inPrivate = await w.AskAsync(user, user.Id, query);
                Assert.DoesNotContain("Khu phố", inPrivate, StringComparison.Ordinal);
                if (user == TestUsers.Stranger) Assert.True(name == "ketqua" ? inPrivate == cellOnly : inPrivate == nobody, $"the stranger in private: {query} → {inPrivate}");
                else if (name == "ketqua") Assert.True(inPrivate == cellOnly, $"{who} in private: {query} → {inPrivate}");
                else Assert.True(inPrivate.StartsWith("📊 ", StringComparison.Ordinal) && inPrivate.Contains("Chi bộ Tổ 7", StringComparison.Ordinal), $"{who} in private sees only their own: {inPrivate}");
            }
        }

        // A's member cannot ask about B, anywhere; a cell's group never shows another cell, even to a committee member.
        Assert.Equal(cellOnly, await w.AskAsync(TestUsers.Binh, TestUsers.Binh.Id, $"/ketqua {w.B.Id} 7/2026"));
        Assert.StartsWith($"Không có chi bộ \"{w.B.Id}\" trong Chi bộ Khu phố 1.", await w.AskAsync(Dung, CellAChat, $"/ketqua {w.B.Id} 7/2026"));
        // Tổ 7's member asks about Tổ 7 and gets it.
        Assert.StartsWith("📊 Chi bộ Tổ 7 — tháng 2/2026\nTổng điểm: 70/100 — xếp loại Khá", await w.AskAsync(TestUsers.Cuong, TestUsers.Cuong.Id, "/ketqua 2/2026"));
    }

    [Fact]
    public async Task An_unreadable_period_gets_an_example_of_the_right_form_and_a_future_one_is_refused()
    {
        await using var w = await StartAsync();

        Assert.Equal("Không hiểu tháng \"13/2026\". Hãy gõ theo mẫu: /thang 1/2027 (tháng 1 năm 2027).", await w.AskAsync(Dung, CommitteeChat, "/thang 13/2026"));
        Assert.Equal("Không hiểu tháng \"tháng mười một\". Hãy gõ theo mẫu: /thang 1/2027 (tháng 1 năm 2027).", await w.AskAsync(Dung, CommitteeChat, "/thang tháng mười một"));
        Assert.Equal("Không hiểu quý \"Q5/2026\". Hãy gõ theo mẫu: /quy Q1/2027 (quý 1 năm 2027).", await w.AskAsync(Dung, CommitteeChat, "/quy Q5/2026"));
        Assert.Equal("Không hiểu quý \"4/2026\". Hãy gõ theo mẫu: /quy Q1/2027 (quý 1 năm 2027).", await w.AskAsync(Dung, CommitteeChat, "/quy 4/2026"));
        Assert.Equal("Không hiểu năm \"hai nghìn\". Hãy gõ theo mẫu: /nam 2027.", await w.AskAsync(Dung, CommitteeChat, "/nam hai nghìn"));
        Assert.Equal("Không hiểu tháng \"13/2026\". Hãy gõ theo mẫu: /ketqua 1/2027 (tháng 1 năm 2027).", await w.AskAsync(Dung, CommitteeChat, $"/ketqua {w.A.Id} 13/2026"));
        Assert.Equal("Tháng 2/2027 chưa đến.", await w.AskAsync(Dung, CommitteeChat, "/thang 2/2027"));
        Assert.Equal("Quý II/2027 chưa bắt đầu.", await w.AskAsync(Dung, CommitteeChat, "/quy Q2/2027"));
        Assert.Equal("Năm 2028 chưa bắt đầu.", await w.AskAsync(Dung, CommitteeChat, "/nam 2028"));
        // Accepted forms: "tháng 7/2026", "7-2026", "quý 2/2026", "năm 2026".
        Assert.StartsWith("📊 Đảng ủy phường Tân Mai — tháng 7/2026\n", await w.AskAsync(Dung, CommitteeChat, "/thang tháng 7/2026"));
        Assert.StartsWith("📊 Đảng ủy phường Tân Mai — tháng 7/2026\n", await w.AskAsync(Dung, CommitteeChat, "/thang 7-2026"));
        Assert.StartsWith("📊 Đảng ủy phường Tân Mai — quý II/2026\n", await w.AskAsync(Dung, CommitteeChat, "/quy quý 2/2026"));
        Assert.StartsWith("📊 Đảng ủy phường Tân Mai — xếp loại năm 2026\n", await w.AskAsync(Dung, CommitteeChat, "/nam năm 2026"));
        // The committee's group needs to know which cell /ketqua is about.
        var which = await w.AskAsync(Dung, CommitteeChat, "/ketqua");
        Assert.StartsWith($"Đồng chí muốn xem chi bộ nào? Gõ mã hoặc tên chi bộ, ví dụ /ketqua {w.A.Id} 1/2027:\n• mã {w.A.Id} — Chi bộ Khu phố 1\n", which);
    }

    [Fact]
    public async Task A_long_report_is_split_under_4096_characters_between_cells()
    {
        await using var w = await StartAsync();
        var big = w.Seed.Committee("Đảng ủy Khối cơ quan", -700, Dung);
        for (var i = 1; i <= 60; i++) w.Seed.Cell($"Chi bộ Phòng {i:D2}", -1000 - i, big);

        var before = w.Emu.MessagesIn(-700).Count;
        await w.Emu.SendTextAndWaitAsync(Dung, -700, "/nam 2026");
        var parts = w.Emu.MessagesIn(-700).Skip(before).Select(m => m.Text).ToList();

        Assert.True(parts.Count >= 4, $"expected several messages, got {parts.Count}");
        Assert.All(parts, p => Assert.InRange(p.Length, 1, TelegramEmulator.MaxTextLength));
        Assert.StartsWith("📊 Đảng ủy Khối cơ quan — xếp loại năm 2026\n", parts[0]);
        // Every message after the first starts with a cell, and every cell's block is whole in one message.
        Assert.All(parts.Skip(1), p => Assert.Matches(@"^\d+\. Chi bộ Phòng \d\d — ", p));
        var cellsInOrder = new List<string>();
        foreach (var p in parts)
        {
            var heads = System.Text.RegularExpressions.Regex.Matches(p, @"(?m)^\d+\. (Chi bộ Phòng \d\d) — ").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(heads.Count, System.Text.RegularExpressions.Regex.Matches(p, "(?m)^Tháng thiếu kết quả: ").Count);
            cellsInOrder.AddRange(heads);
        }
        Assert.Equal(Enumerable.Range(1, 60).Select(i => $"Chi bộ Phòng {i:D2}"), cellsInOrder);
    }
}
