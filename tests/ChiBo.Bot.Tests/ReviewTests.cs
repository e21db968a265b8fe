using System.Globalization;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core;
using ChiBo.Core.Rubrics;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// The secretary's review end to end, through the Bot API emulator: every step answered by typing only, or by
/// pressing buttons only, on both built-in rubrics; a restart in the middle; the same update delivered twice.
/// </summary>
public sealed class ReviewTests(ITestOutputHelper output)
{
    /// <summary>How the secretary scores one criterion. Every pick exists both as a button and as typed text.</summary>
    public enum Pick { Max, Half, Zero, Suggested }

    /// <summary>A scoring plan: the criteria not listed get their maximum.</summary>
    public sealed record Plan(string RubricId, IReadOnlyDictionary<string, Pick> Picks, decimal Total, string Rating)
    {
        public Pick For(Criterion c) => Picks.TryGetValue(c.Id, out var p) ? p : Pick.Max;
    }

    /// <summary>
    /// Bắc Giang: 100 − 3 (criterion 5: 8 of 9 present = 88,9%, not above 90%, suggestion 0) − 2,5 (criterion 9 half of 5)
    /// − 5 (criterion 12 half of 10) − 4 (criterion 17 zero) = 85,5 → Khá. Criteria 2 (held on the 3rd) and 6 (nobody
    /// absent without reason) take their suggestion, the maximum.
    /// </summary>
    public static readonly Plan BacGiang = new(BuiltInRubrics.BacGiang2019,
        new Dictionary<string, Pick> { ["2"] = Pick.Suggested, ["5"] = Pick.Suggested, ["6"] = Pick.Suggested, ["9"] = Pick.Half, ["12"] = Pick.Half, ["17"] = Pick.Zero },
        85.5m, "Khá");

    /// <summary>Thái Bình: 100 − 5 (group 2 zero) − 7,5 (group 4 half of 15) = 87,5 → Khá; with group 2 at max 92,5 would be Tốt.</summary>
    public static readonly Plan ThaiBinh = new(BuiltInRubrics.ThaiBinh2019,
        new Dictionary<string, Pick> { ["2"] = Pick.Zero, ["4"] = Pick.Half },
        87.5m, "Khá");

    /// <summary>Thái Bình, everything at the maximum but group 1 at half: 100 − 7,5 = 92,5 → Tốt.</summary>
    public static readonly Plan ThaiBinhGood = new(BuiltInRubrics.ThaiBinh2019,
        new Dictionary<string, Pick> { ["1"] = Pick.Half },
        92.5m, "Tốt");

    public static TheoryData<string, bool> Runs => new()
    {
        { nameof(BacGiang), false }, { nameof(BacGiang), true },
        { nameof(ThaiBinh), false }, { nameof(ThaiBinhGood), true },
    };

    private static Plan PlanNamed(string name) => name switch
    {
        nameof(BacGiang) => BacGiang,
        nameof(ThaiBinh) => ThaiBinh,
        _ => ThaiBinhGood,
    };

    internal const string AttendanceLine = "8/9 có mặt (88,9%); vắng có lý do 1; vắng không lý do 0; miễn sinh hoạt 1";
    internal const string DuesLine = "9 đã nộp (180.000 đ), 1 chưa nộp";
    private const string Conclusion = "Chi bộ thống nhất tập trung thu đảng phí đúng hạn và chuẩn bị tổng kết năm.";

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task A_full_review_ends_with_the_total_and_rating_posted_to_the_group(string planName, bool buttonsOnly)
    {
        var plan = PlanNamed(planName);
        await using var s = await CellScenario.StartAsync(plan.RubricId, output);
        var emu = s.Emulator;
        var secretary = TestUsers.Binh;

        await s.PrivateAsync(secretary, "/danhgia 11/2026");
        Assert.Contains("Bước 1/6 · Thông tin buổi họp", s.Prompt(secretary).Text, StringComparison.Ordinal);
        if (buttonsOnly) await WalkByButtonsUntilCriteria(s, secretary);
        else await WalkByTypingUntilCriteria(s, secretary);

        var rubric = CellScenario.Rubric(plan.RubricId);
        foreach (var c in rubric.Criteria)
        {
            var prompt = s.Prompt(secretary).Text;
            Assert.Contains($"tiêu chí {c.Order}/{rubric.Criteria.Count}", prompt, StringComparison.Ordinal);
            Assert.Contains(c.Text, prompt, StringComparison.Ordinal); // the full text, verbatim
            Assert.Contains($"(tối đa {Vietnamese.Points(c.MaxPoints)} điểm)", prompt, StringComparison.Ordinal);
            await Score(s, secretary, c, plan.For(c), buttonsOnly);
        }
        await FinishAsync(s, secretary, buttonsOnly);

        AssertPosted(s, plan, buttonsOnly);
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_the_criteria_keeps_every_answer_and_ends_with_the_same_total()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        var secretary = TestUsers.Binh;
        var rubric = CellScenario.Rubric(BacGiang.RubricId);

        await s.PrivateAsync(secretary, "/danhgia 11/2026");
        await WalkByTypingUntilCriteria(s, secretary);
        foreach (var c in rubric.Criteria.Take(12)) await Score(s, secretary, c, BacGiang.For(c), buttonsOnly: false);
        var before = s.Review()!;

        await s.Bot.RestartAsync();

        var after = s.Review()!;
        Assert.Equal(ReviewStep.Criteria, after.Step);
        Assert.Equal(12, after.CriterionIndex);
        Assert.Equal(before.Record.Scores.OrderBy(p => p.Key), after.Record.Scores.OrderBy(p => p.Key));
        Assert.Equal(12, after.Record.Scores.Count);
        Assert.Equal(AttendanceLine, after.Record.SummarizeAttendance().Line);

        // The secretary carries on typing where they stopped; /danhgia resumes rather than restarts.
        await s.PrivateAsync(secretary, "/danhgia");
        Assert.Contains($"tiêu chí 13/{rubric.Criteria.Count}", s.Prompt(secretary).Text, StringComparison.Ordinal);
        foreach (var c in rubric.Criteria.Skip(12)) await Score(s, secretary, c, BacGiang.For(c), buttonsOnly: false);
        await FinishAsync(s, secretary, buttonsOnly: false);

        AssertPosted(s, BacGiang, buttonsOnly: false);
    }

    [Fact]
    public async Task The_same_score_delivered_twice_is_applied_once()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        var secretary = TestUsers.Binh;
        await s.PrivateAsync(secretary, "/danhgia 11/2026");
        await WalkByTypingUntilCriteria(s, secretary);

        var id = await s.PrivateAsync(secretary, "1,5");
        var messages = emu.MessagesIn(secretary.Id).Count;
        var review = s.Review()!;
        Assert.Equal(1, review.CriterionIndex);

        emu.Redeliver(id);
        await emu.WaitUntilProcessedAsync(id);

        var again = s.Review()!;
        Assert.Equal(1, again.CriterionIndex);                       // still waiting for criterion 2
        Assert.Equal(1.5m, again.Record.Scores["1"]);
        Assert.False(again.Record.Scores.ContainsKey("2"));         // applied twice, "1,5" would have scored criterion 2
        Assert.Equal(review.Version, again.Version);
        Assert.Equal(messages, emu.MessagesIn(secretary.Id).Count); // and nothing was said again
    }

    [Fact]
    public async Task The_same_button_press_delivered_twice_is_applied_once()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        var secretary = TestUsers.Binh;
        await s.PrivateAsync(secretary, "/danhgia 11/2026");
        await s.PrivateAsync(secretary, "03/11/2026 14:00-16:30");

        // Pressing a member's button cycles their status: a second application would move it on again.
        var id = await s.PressAsync(secretary, "3. Nguyễn Văn Dũng");
        Assert.Equal(Core.Meetings.AttendanceStatus.Present, s.Review()!.Record.Attendance.Single(e => e.Name == "Nguyễn Văn Dũng").Status);
        var edits = emu.CallsOf("editMessageText").Count;

        emu.Redeliver(id);
        await emu.WaitUntilProcessedAsync(id);

        Assert.Equal(Core.Meetings.AttendanceStatus.Present, s.Review()!.Record.Attendance.Single(e => e.Name == "Nguyễn Văn Dũng").Status);
        Assert.Equal(edits, emu.CallsOf("editMessageText").Count);
    }

    [Fact]
    public async Task The_offset_moves_past_an_update_in_the_transaction_that_saved_its_answer_which_is_then_sent()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;

        var id = await s.PrivateAsync(TestUsers.Binh, "/danhgia 11/2026");

        // The next getUpdates may go out while the answer is in flight: what matters is that both were saved together.
        Assert.Equal((id + 1).ToString(CultureInfo.InvariantCulture), s.Db.GetSetting("telegram:offset"));
        Assert.NotNull(s.Review()); // the state the answer reflects is stored
        Assert.Contains(emu.CallsOf("sendMessage"), c => c.Long("chat_id") == TestUsers.Binh.Id);
        Assert.Empty(s.Db.Outbox.FindAll()); // and marked sent
    }

    [Fact]
    public async Task A_posted_review_reopened_and_changed_is_announced_again_with_an_audit_entry()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.ThaiBinh2019, output);
        var emu = s.Emulator;
        var secretary = TestUsers.Binh;
        await s.PrivateAsync(secretary, "/danhgia 11/2026");
        await WalkByTypingUntilCriteria(s, secretary);
        foreach (var c in CellScenario.Rubric(ThaiBinh.RubricId).Criteria) await Score(s, secretary, c, ThaiBinh.For(c), buttonsOnly: false);
        await FinishAsync(s, secretary, buttonsOnly: false);
        Assert.Equal(87.5m, s.Posted()!.Total);

        await s.PrivateAsync(secretary, "/danhgia 11/2026");
        Assert.Contains("đã được đánh giá và công bố (87,5 điểm, Khá)", s.Prompt(secretary).Text, StringComparison.Ordinal);
        await s.PressAsync(secretary, "Mở lại để sửa");
        await s.PrivateAsync(secretary, "sửa 2");
        await s.PrivateAsync(secretary, "5");
        Assert.Contains("TỔNG: 92,5/100 — Tốt", s.Prompt(secretary).Text, StringComparison.Ordinal);
        await s.PrivateAsync(secretary, "xác nhận");

        var posted = s.Posted()!;
        Assert.Equal(92.5m, posted.Total);
        Assert.Equal("Tốt", posted.Rating);
        Assert.Equal(2, posted.Revision);
        var audit = Assert.Single(s.Db.Audit.FindAll());
        Assert.Equal("telegram:1002", audit.By);
        Assert.Contains("Tổng điểm: 87,5 (Khá) → 92,5 (Tốt)", audit.Changes);
        Assert.Contains("Tiêu chí 2: 0 → 5", audit.Changes);
        var update = emu.LastMessageIn(CellScenario.GroupId)!.Text;
        Assert.StartsWith("📣 CẬP NHẬT KẾT QUẢ SINH HOẠT CHI BỘ", update, StringComparison.Ordinal);
        Assert.Contains("Tiêu chí 2: 0 → 5", update, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Criterion_23_shows_last_months_conclusion_and_tasks()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        var secretary = TestUsers.Binh;
        var rubric = CellScenario.Rubric(BuiltInRubrics.BacGiang2019);

        await s.PrivateAsync(secretary, "/danhgia 10/2026");
        await WalkByTypingUntilCriteria(s, secretary, "05/10/2026 08:00-10:00");
        foreach (var c in rubric.Criteria) await Score(s, secretary, c, Pick.Max, buttonsOnly: false);
        await FinishAsync(s, secretary, buttonsOnly: false);
        Assert.Equal(100m, s.Posted(2026, 10)!.Total);

        await s.PrivateAsync(secretary, "/danhgia 11/2026");
        await WalkByTypingUntilCriteria(s, secretary);
        foreach (var c in rubric.Criteria.Take(22))
        {
            Assert.DoesNotContain("Kết luận tháng trước", s.Prompt(secretary).Text, StringComparison.Ordinal);
            await Score(s, secretary, c, Pick.Max, buttonsOnly: false);
        }

        var prompt = s.Prompt(secretary).Text;
        Assert.Contains("tiêu chí 23/25", prompt, StringComparison.Ordinal);
        Assert.Contains($"Kết luận tháng trước (tháng 10/2026):\n{Conclusion}\nNhiệm vụ đã giao:\n• Nguyễn Văn Dũng: Hoàn thiện báo cáo quý — hạn 15/12/2026", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_of_two_cells_picks_the_cell_by_button_or_by_typing_its_code()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        const long OtherGroup = -1001000000002;
        await emu.SendTextAndWaitAsync(TestUsers.Admin, OtherGroup, "/taochibo Chi bộ Khu phố 4", "Chi bộ Khu phố 4");
        await emu.SendTextAndWaitAsync(TestUsers.Admin, OtherGroup, "/themdv Trần Thị Bình");
        await emu.SendTextAndWaitAsync(TestUsers.Binh, OtherGroup, "/toila 1");
        await emu.PressAndWaitAsync(TestUsers.Admin, emu.LastMessageIn(OtherGroup)!, "Xác nhận");
        await emu.SendTextAndWaitAsync(TestUsers.Admin, OtherGroup, "/bonhiem 1 thuky");

        await s.PrivateAsync(TestUsers.Binh, "/danhgia 11/2026");
        var choice = s.Prompt(TestUsers.Binh);
        Assert.StartsWith("Đồng chí muốn đánh giá tháng 11/2026 cho chi bộ nào?", choice.Text, StringComparison.Ordinal);
        Assert.Equal(["Chi bộ Khu phố 3 (mã 1)", "Chi bộ Khu phố 4 (mã 2)"], choice.AllButtons.Select(b => b.Text));
        Assert.Empty(s.Db.AllReviews());

        await s.PrivateAsync(TestUsers.Binh, "/danhgia 11/2026 9");
        Assert.Equal("Đồng chí không là cán bộ của chi bộ mã 9. Các chi bộ của đồng chí: Chi bộ Khu phố 3 (mã 1), Chi bộ Khu phố 4 (mã 2).", s.Prompt(TestUsers.Binh).Text);

        await s.PrivateAsync(TestUsers.Binh, "/danhgia 11/2026 2"); // the typed form, for channels without buttons
        Assert.Contains("📋 Đánh giá sinh hoạt — Chi bộ Khu phố 4, tháng 11/2026", s.Prompt(TestUsers.Binh).Text, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(s.Db.AllReviews()).CellId);

        await s.PressAsync(TestUsers.Binh, "hủy"); // …and the buttons still work: cancel this one, pick the other
        await s.PressAsync(TestUsers.Binh, "Hủy đánh giá");
        await s.PrivateAsync(TestUsers.Binh, "/danhgia 11/2026");
        await s.PressAsync(TestUsers.Binh, "Chi bộ Khu phố 3 (mã 1)");
        Assert.Contains("📋 Đánh giá sinh hoạt — Chi bộ Khu phố 3, tháng 11/2026", s.Prompt(TestUsers.Binh).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_meeting_from_the_25th_belongs_to_the_calendar_month_of_its_date()
    {
        // 28 November 2026, 10:00 in Hà Nội: the cell (25th-to-5th window) met yesterday, the 27th: that is November's meeting.
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output, new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero));
        await s.InGroupAsync(TestUsers.Admin, "/ngayhop 25-5");

        await s.PrivateAsync(TestUsers.Binh, "/danhgia 12/2026");
        Assert.Equal("Chưa thể đánh giá tháng 12/2026 vì kỳ sinh hoạt tháng này chưa đến.", s.Prompt(TestUsers.Binh).Text);

        await s.PrivateAsync(TestUsers.Binh, "/danhgia");
        Assert.Contains("📋 Đánh giá sinh hoạt — Chi bộ Khu phố 3, tháng 11/2026", s.Prompt(TestUsers.Binh).Text, StringComparison.Ordinal);
        await s.PrivateAsync(TestUsers.Binh, "27/11/2026 14:00-16:00");
        await s.PrivateAsync(TestUsers.Binh, "tất cả có mặt");
        await s.PrivateAsync(TestUsers.Binh, "xong");
        await s.PrivateAsync(TestUsers.Binh, "xong");
        await s.PrivateAsync(TestUsers.Binh, "2"); // criterion 1
        Assert.Contains("💡 Gợi ý: 2 điểm — Họp ngày 27/11/2026, trong khoảng từ ngày 01 đến ngày 05 hoặc từ ngày 25 đến cuối tháng 11.", s.Prompt(TestUsers.Binh).Text, StringComparison.Ordinal);
        Assert.Equal((2026, 11), (s.Review(2026, 11)!.Year, s.Review(2026, 11)!.Month));
    }

    // ── the walk ─────────────────────────────────────────────────────────────────────────

    internal static async Task WalkByTypingUntilCriteria(CellScenario s, TgUser u, string meeting = "03/11/2026 14:00-16:30")
    {
        await s.PrivateAsync(u, meeting);
        Assert.Contains("Bước 2/6 · Điểm danh", s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PrivateAsync(u, "tất cả có mặt");
        await s.PrivateAsync(u, "vắng có lý do 5");
        Assert.Contains("Lý do vắng của 5. Hoàng Văn Minh?", s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PrivateAsync(u, "Đi công tác");
        Assert.Contains("5. Hoàng Văn Minh — 🟡 vắng có lý do: Đi công tác", s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PrivateAsync(u, "xong");
        Assert.Contains("Bước 3/6 · Đảng phí", s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PrivateAsync(u, "tất cả đã nộp");
        await s.PrivateAsync(u, "chưa nộp 4");
        Assert.Contains(DuesLine, s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PrivateAsync(u, "xong");
    }

    private static async Task WalkByButtonsUntilCriteria(CellScenario s, TgUser u)
    {
        await s.PressAsync(u, "Ngày 03/11");
        Assert.Contains("Bước 2/6 · Điểm danh", s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PressAsync(u, "Tất cả có mặt");
        await s.PressAsync(u, "5. Hoàng Văn Minh");
        Assert.Contains("Lý do vắng của 5. Hoàng Văn Minh?", s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PressAsync(u, "Bỏ qua");
        await s.PressAsync(u, "Xong ➡");
        Assert.Contains("Bước 3/6 · Đảng phí", s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PressAsync(u, "Tất cả đã nộp");
        await s.PressAsync(u, "4. Phạm Thị Hoa");
        Assert.Contains(DuesLine, s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PressAsync(u, "Xong ➡");
    }

    internal static async Task Score(CellScenario s, TgUser u, Criterion c, Pick pick, bool buttonsOnly)
    {
        var value = pick switch
        {
            Pick.Max => c.MaxPoints,
            Pick.Half => decimal.Floor(c.MaxPoints) / 2,
            _ => 0m,
        };
        if (buttonsOnly)
            await s.PressAsync(u, pick == Pick.Suggested ? "Nhận gợi ý" : Vietnamese.Points(value));
        else
            await s.PrivateAsync(u, pick == Pick.Suggested ? "đồng ý" : pick == Pick.Half ? value.ToString(CultureInfo.InvariantCulture) : Vietnamese.Points(value));
        await s.SkipReasonQuestionAsync(u);
    }

    internal static async Task FinishAsync(CellScenario s, TgUser u, bool buttonsOnly)
    {
        Assert.Contains("Bước 5/6 · Kết luận", s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PrivateAsync(u, Conclusion); // free text: there is no button for it
        Assert.Contains("Phân công nhiệm vụ", s.Prompt(u).Text, StringComparison.Ordinal);
        if (buttonsOnly)
        {
            await s.PressAsync(u, "Bỏ qua ➡");
            await s.PressAsync(u, "Xác nhận và công bố");
        }
        else
        {
            await s.PrivateAsync(u, "3 | Hoàn thiện báo cáo quý | 15/12");
            await s.PrivateAsync(u, "xong");
            Assert.Contains("Bước 6/6 · Tổng hợp", s.Prompt(u).Text, StringComparison.Ordinal);
            await s.PrivateAsync(u, "xác nhận");
        }
    }

    internal static void AssertPosted(CellScenario s, Plan plan, bool buttonsOnly)
    {
        var total = Vietnamese.Points(plan.Total);
        var announcement = s.Emulator.LastMessageIn(CellScenario.GroupId)!.Text;
        Assert.Equal(
            "📣 KẾT QUẢ SINH HOẠT CHI BỘ\n"
            + $"{CellScenario.CellName} — tháng 11/2026\n"
            + $"Tổng điểm: {total}/100 — xếp loại {plan.Rating}\n"
            + $"Ngày họp: 03/11/2026{(buttonsOnly ? "" : ", 14:00–16:30")}\n"
            + $"Điểm danh: {AttendanceLine}\n"
            + $"Đảng phí: {DuesLine}\n"
            + $"Vắng có lý do: Hoàng Văn Minh{(buttonsOnly ? "" : " (Đi công tác)")}\n"
            + $"Kết luận: {Conclusion}\n"
            + (buttonsOnly ? "" : "Nhiệm vụ:\n• Nguyễn Văn Dũng: Hoàn thiện báo cáo quý — hạn 15/12/2026\n")
            + "Người chấm: Trần Thị Bình (Bí thư)",
            announcement);
        Assert.Contains("Đã công bố kết quả vào nhóm", s.Prompt(TestUsers.Binh).Text, StringComparison.Ordinal);

        var posted = s.Posted()!;
        Assert.Equal(plan.Total, posted.Total);
        Assert.Equal(plan.Rating, posted.Rating);
        Assert.Equal(Conclusion, posted.Record.Conclusion);
        Assert.Equal(buttonsOnly ? 0 : 1, posted.Record.Tasks.Count);
        Assert.Equal(ReviewStatus.Posted, s.Review()!.Status);
    }
}
