using System.Text.RegularExpressions;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// What a posted review shows and how reopening keeps it true (issue 9): overrides of the bot's suggestions with their
/// reason, criteria re-derived after attendance changes, the meeting's length and date checked, the deputy taking over,
/// and the register: "đồng chí", never "bạn".
/// </summary>
public sealed class ReviewRecordTests(ITestOutputHelper output)
{
    private static readonly Rubric BacGiang = BuiltInRubrics.Get(BuiltInRubrics.BacGiang2019);
    private static readonly TgUser Binh = TestUsers.Binh;

    /// <summary>03/11 meeting, member 5 absent with reason (8 of 9 expected present: criterion 5 suggests 0): the review
    /// stands at criterion 1.</summary>
    internal static async Task ToCriteriaAsync(CellScenario s)
    {
        await s.PrivateAsync(Binh, "/danhgia");
        await s.PrivateAsync(Binh, "03/11/2026 14:00-16:30");
        await s.PrivateAsync(Binh, "tất cả có mặt");
        await s.PrivateAsync(Binh, "vắng có lý do 5");
        await s.PrivateAsync(Binh, "Đi công tác");
        await s.PrivateAsync(Binh, "xong");
        await s.PrivateAsync(Binh, "xong");
        Assert.Contains("tiêu chí 1/25", s.Prompt(Binh).Text, StringComparison.Ordinal);
    }

    /// <summary><see cref="ToCriteriaAsync"/>, then every criterion typed: <paramref name="answers"/> for some, the maximum
    /// for the others; a conclusion and one task.</summary>
    private static async Task ReviewAsync(CellScenario s, IReadOnlyDictionary<string, string> answers)
    {
        await ToCriteriaAsync(s);
        foreach (var c in BacGiang.Criteria)
            foreach (var message in (answers.TryGetValue(c.Id, out var a) ? a : Vietnamese.Points(c.MaxPoints)).Split('¦'))
            {
                await s.PrivateAsync(Binh, message); // "¦" separates several messages for one criterion
                await s.SkipReasonQuestionAsync(Binh);
            }
        await s.PrivateAsync(Binh, "Chi bộ thống nhất hoàn thành thu đảng phí trước ngày 15.");
        await s.PrivateAsync(Binh, "3 | Hoàn thiện báo cáo quý | 15/12");
        await s.PrivateAsync(Binh, "xong");
        Assert.Contains("Bước 6/6 · Tổng hợp", s.Prompt(Binh).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_override_of_a_suggestion_is_shown_with_its_reason_in_the_summary_the_post_and_ketqua()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        await ReviewAsync(s, new Dictionary<string, string> { ["5"] = "3 Đồng chí Minh đi công tác theo phân công của cấp ủy" });

        const string line = "• Tiêu chí 5 (Tỷ lệ dự họp trên 90%): đề xuất 0, chấm 3: Đồng chí Minh đi công tác theo phân công của cấp ủy";
        Assert.Contains(line, s.Prompt(Binh).Text, StringComparison.Ordinal);
        await s.PrivateAsync(Binh, "xác nhận");

        var post = s.Emulator.LastMessageIn(CellScenario.GroupId)!.Text;
        Assert.Contains("Vắng có lý do: Hoàng Văn Minh (Đi công tác)\n", post, StringComparison.Ordinal);
        Assert.Contains("Chấm khác đề xuất của ChiBo:\n" + line + "\n", post, StringComparison.Ordinal);
        Assert.Contains("Kết luận: Chi bộ thống nhất hoàn thành thu đảng phí trước ngày 15.\nNhiệm vụ:\n• Nguyễn Văn Dũng: Hoàn thiện báo cáo quý — hạn 15/12/2026\n", post, StringComparison.Ordinal);
        Assert.Equal((0m, 3m), (s.Posted()!.Record.Suggested["5"], s.Posted()!.Record.Scores["5"]));

        await s.InGroupAsync(TestUsers.Cuong, "/ketqua");
        var result = s.Emulator.LastMessageIn(CellScenario.GroupId)!.Text;
        Assert.Contains(line, result, StringComparison.Ordinal);
        Assert.Contains("Nhiệm vụ:\n• Nguyễn Văn Dũng: Hoàn thiện báo cáo quý — hạn 15/12/2026", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopening_and_marking_one_more_member_present_suggests_criterion_5_again_and_nothing_stale_is_kept()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        await ReviewAsync(s, new Dictionary<string, string> { ["5"] = "đồng ý", ["6"] = "đồng ý" });
        await s.PrivateAsync(Binh, "xác nhận");
        Assert.Equal(97m, s.Posted()!.Total); // 100 − 3 (criterion 5: 8/9 present)

        await s.PrivateAsync(Binh, "/danhgia 11/2026");
        await s.PrivateAsync(Binh, "mở lại");
        await s.PrivateAsync(Binh, "sửa điểm danh");
        await s.PrivateAsync(Binh, "có mặt 5");
        await s.PrivateAsync(Binh, "xong");
        var summary = s.Prompt(Binh).Text;
        Assert.Contains("Điểm danh: 9/9 có mặt (100%)", summary, StringComparison.Ordinal);
        Assert.Contains("⚠️ Thông tin buổi họp đã thay đổi, ChiBo tính lại gợi ý:\n• Tiêu chí 5: đang chấm 0, gợi ý mới 3 — 9/9 có mặt = 100%, trên 90%.", summary, StringComparison.Ordinal);

        await s.PrivateAsync(Binh, "xác nhận"); // refused: the stale score is not kept silently
        Assert.Contains("Gõ \"nhận gợi ý mới\" hoặc \"giữ điểm cũ\" trước khi xác nhận.", s.Prompt(Binh).Text, StringComparison.Ordinal);
        Assert.Equal(97m, s.Posted()!.Total);

        await s.PrivateAsync(Binh, "nhận gợi ý mới");
        Assert.Contains("TỔNG: 100/100", s.Prompt(Binh).Text, StringComparison.Ordinal);
        await s.PrivateAsync(Binh, "xác nhận");
        Assert.Equal(100m, s.Posted()!.Total);
        var update = s.Emulator.LastMessageIn(CellScenario.GroupId)!.Text;
        Assert.Contains("• Tổng điểm: 97 (Tốt) → 100 (Tốt)", update, StringComparison.Ordinal);
        Assert.Contains("• Tiêu chí 5: 0 → 3", update, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_bad_task_line_keeps_the_good_ones_and_is_named()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        await ReviewAsync(s, new Dictionary<string, string>());
        await s.PrivateAsync(Binh, "sửa nhiệm vụ");

        await s.PrivateAsync(Binh, "4 | Thu đảng phí quý IV | 20/12\n12 | Báo cáo\nTrần Thị Bình | Chuẩn bị nghị quyết");

        var prompt = s.Prompt(Binh).Text;
        Assert.Contains("Đã ghi 2 nhiệm vụ. ⚠️ Chưa ghi được 1 dòng:\n• \"12 | Báo cáo\": không có số thứ tự 12 trong danh sách (từ 1 đến 10).", prompt, StringComparison.Ordinal);
        Assert.Equal(["Nguyễn Văn Dũng", "Phạm Thị Hoa", "Trần Thị Bình"], s.Review()!.Record.Tasks.Select(t => t.Who));
    }

    [Fact]
    public async Task Last_months_tasks_are_marked_at_criterion_23_and_a_carried_over_one_joins_this_months_list()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        var october = new Seed(s.Bot).Posted(s.Db.Cells.FindAll().Single(), new YearMonth(2026, 10), 95);
        october.Record.Conclusion = "Tập trung thu đảng phí và chuẩn bị tổng kết.";
        october.Record.Tasks =
        [
            new() { Who = "Lê Văn Cường", What = "Thu đảng phí" },
            new() { Who = "Phạm Thị Hoa", What = "Báo cáo quý", Due = new DateOnly(2026, 10, 31) },
            new() { Who = "Vũ Thị Lan", What = "Sửa nhà văn hóa" },
        ];
        s.Db.Records.Upsert(october);

        await ReviewAsync(s, new Dictionary<string, string> { ["23"] = "nhiệm vụ 1 xong¦nhiệm vụ 2 chưa¦nhiệm vụ 3 chuyển¦nhiệm vụ 4 xong¦3" });

        var record = s.Review()!.Record;
        Assert.Equal([TaskState.Done, TaskState.NotDone, TaskState.CarriedOver], record.FollowUps.Select(t => t.Status));
        Assert.Equal(["Nguyễn Văn Dũng: Hoàn thiện báo cáo quý", "Vũ Thị Lan: Sửa nhà văn hóa"], record.Tasks.Select(t => $"{t.Who}: {t.What}").Order());
        Assert.Equal("2026-10", record.Tasks.Single(t => t.Who == "Vũ Thị Lan").CarriedFrom);
        await s.PrivateAsync(Binh, "xác nhận");
        var post = s.Emulator.LastMessageIn(CellScenario.GroupId)!.Text;
        Assert.Contains("Nhiệm vụ tháng trước: 1 hoàn thành, 1 chưa hoàn thành, 1 chuyển sang tháng này\n", post, StringComparison.Ordinal);
        Assert.Contains("• Vũ Thị Lan: Sửa nhà văn hóa (chuyển từ tháng 10/2026)", post, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_a_task_shows_the_list_with_each_status()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        var october = new Seed(s.Bot).Posted(s.Db.Cells.FindAll().Single(), new YearMonth(2026, 10), 95);
        october.Record.Tasks = [new() { Who = "Lê Văn Cường", What = "Thu đảng phí" }, new() { Who = "Phạm Thị Hoa", What = "Báo cáo quý" }];
        s.Db.Records.Upsert(october);
        var upTo23 = BacGiang.Criteria.TakeWhile(c => c.Id != "23").ToDictionary(c => c.Id, c => Vietnamese.Points(c.MaxPoints));

        await s.PrivateAsync(Binh, "/danhgia");
        await s.PrivateAsync(Binh, "03/11/2026 14:00-16:30");
        await s.PrivateAsync(Binh, "tất cả có mặt");
        await s.PrivateAsync(Binh, "xong");
        await s.PrivateAsync(Binh, "xong");
        foreach (var c in BacGiang.Criteria.TakeWhile(c => c.Id != "23")) await s.PrivateAsync(Binh, upTo23[c.Id]);
        Assert.Contains("1. Lê Văn Cường: Thu đảng phí — ▫️ chưa đánh giá\n2. Phạm Thị Hoa: Báo cáo quý — ▫️ chưa đánh giá", s.Prompt(Binh).Text, StringComparison.Ordinal);

        await s.PrivateAsync(Binh, "nhiệm vụ 2 chuyển");

        var prompt = s.Prompt(Binh).Text;
        Assert.Contains("Nhiệm vụ 2: ➡ chuyển sang tháng này.", prompt, StringComparison.Ordinal);
        Assert.Contains("2. Phạm Thị Hoa: Báo cáo quý — ➡ chuyển sang tháng này", prompt, StringComparison.Ordinal);
        Assert.Contains("tiêu chí 23/25", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_meeting_is_warned_and_a_meeting_not_held_yet_cannot_be_reviewed()
    {
        // 10/11/2026 at 10:00.
        await using var s = await CellScenario.StartAsync(output: output);
        await s.PrivateAsync(Binh, "/danhgia");

        await s.PrivateAsync(Binh, "hôm nay 14:00-16:30");
        Assert.Contains("⚠️ Buổi họp lúc 14:00 hôm nay chưa diễn ra, nên chưa thể đánh giá.", s.Prompt(Binh).Text, StringComparison.Ordinal);
        Assert.Null(s.Review()!.Record.Date);

        await s.PrivateAsync(Binh, "03/11/2026 14:00-15:00");
        var attendance = s.Prompt(Binh).Text;
        Assert.Contains("Bước 2/6 · Điểm danh", attendance, StringComparison.Ordinal);
        Assert.Contains("⚠️ Buổi họp chỉ kéo dài 60 phút; Quy định 28-QĐ/TU yêu cầu sinh hoạt chi bộ ít nhất 90 phút.", attendance, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_deputy_takes_over_the_secretary_is_told_who_continues()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        await s.InGroupAsync(TestUsers.Admin, "/bonhiem 2 phobithu");
        await s.PrivateAsync(Binh, "/danhgia");
        await s.PrivateAsync(Binh, "03/11/2026 14:00-16:30");

        await s.PrivateAsync(TestUsers.Cuong, "/danhgia");

        Assert.Equal("Đồng chí Lê Văn Cường đã tiếp tục phiên đánh giá tháng 11/2026 của Chi bộ Khu phố 3. Các câu trả lời đồng chí đã nhập được giữ nguyên; nếu cần làm tiếp, gõ /danhgia 11/2026.",
            s.Emulator.LastMessageIn(Binh.Id)!.Text);
        Assert.Contains("Phiên đánh giá này do đồng chí Trần Thị Bình đang làm dở", s.Prompt(TestUsers.Cuong).Text, StringComparison.Ordinal);
        Assert.Contains("Bước 2/6 · Điểm danh", s.Prompt(TestUsers.Cuong).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_reply_of_a_full_scenario_calls_anyone_ban()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        await s.InGroupAsync(Binh, "/diemdanh");
        await s.InGroupAsync(TestUsers.Cuong, "có mặt ạ");
        await s.InGroupAsync(TestUsers.Stranger, "có mặt");
        await s.PrivateAsync(TestUsers.Stranger, "xin chào");
        await s.PrivateAsync(TestUsers.Stranger, "/ketqua");
        await s.PrivateAsync(TestUsers.Cuong, "/danhgia");
        await ReviewAsync(s, new Dictionary<string, string> { ["5"] = "đồng ý", ["6"] = "đồng ý" });
        await s.PrivateAsync(Binh, "sửa 99");
        await s.PrivateAsync(Binh, "hủy");
        await s.PrivateAsync(Binh, "không");
        await s.PrivateAsync(Binh, "xác nhận");
        await s.InGroupAsync(TestUsers.Cuong, "/ketqua");
        await s.InGroupAsync(TestUsers.Cuong, "/nam");
        await s.InGroupAsync(TestUsers.Cuong, "/danhsach");
        await s.InGroupAsync(Binh, "/help");
        await s.InGroupAsync(TestUsers.Admin, "/khungdiem");
        var rubrics = s.Emulator.LastMessageIn(CellScenario.GroupId)!.Text;
        Assert.Contains("• bac-giang-2019 — Khung tiêu chí chấm điểm chất lượng sinh hoạt chi bộ (25 tiêu chí)\n", rubrics, StringComparison.Ordinal);
        Assert.DoesNotContain("(25 tiêu chí) (25 tiêu chí)", rubrics, StringComparison.Ordinal);

        var chats = new[] { CellScenario.GroupId, Binh.Id, TestUsers.Cuong.Id, TestUsers.Stranger.Id, TestUsers.Admin.Id };
        var texts = chats.SelectMany(c => s.Emulator.MessagesIn(c, includeDeleted: true)).Select(m => m.Text).ToList();
        Assert.True(texts.Count > 40, $"only {texts.Count} replies");
        Assert.DoesNotContain(texts, t => Regex.IsMatch(t, @"\bbạn\b", RegexOptions.IgnoreCase));
        Assert.Contains(texts, t => t.Contains("đồng chí", StringComparison.OrdinalIgnoreCase));
    }
}
