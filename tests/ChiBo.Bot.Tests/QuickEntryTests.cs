using ChiBo.Bot.Scheduling;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Rubrics;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>The whole form at once in the chat: "xem biểu" at any step, one line of scores shown as the whole form and
/// applied only once confirmed, and a whole review in six messages from the secretary.</summary>
public sealed class QuickEntryTests(ITestOutputHelper output)
{
    private const long Group = CellSeed.GroupId;
    private const string Line = "2 2 1 2 3 3 2 4 5 5 5 8,5 6 6 5 4 4 4 4 4 4 4 4 3 3"; // 7 → 2, 12 → 8,5: 97,5

    [Fact]
    public async Task With_notice_and_check_in_done_a_whole_review_takes_six_messages_from_the_secretary()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, clock) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 10, 30, 9, 0, 0), output);
        await using var _bot = bot;
        var committee = bot.Db().Committees.Insert(new Committee { Name = "Đảng ủy phường Hòa Bình", ChatKey = "telegram:-100999" }).AsInt32;
        var hoa = new TgUser(4001, "Hoa", "Đặng Thị");
        CellSeed.Create(bot, "Chi bộ Khu phố 3",
            [new("Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary), new("Lê Văn Cường", TestUsers.Cuong), new("Đặng Thị Hoa", hoa), new("Võ Thị Miễn", Exempt: true)],
            committeeId: committee);
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/thongbao 03/11/2026\n14:00\nHội trường khu phố 3\nKiểm điểm công tác tháng 10");
        clock.Advance(new DateTime(2026, 11, 3, 13, 50, 0) - new DateTime(2026, 10, 30, 9, 0, 0));
        await bot.Services.GetRequiredService<Reminders>().WaitUntilCheckedAsync(clock.GetUtcNow()).WaitAsync(emu.DefaultTimeout);
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/diemdanh");
        var checkIn = emu.MessagesIn(Group).Last(m => m.Text.StartsWith("📋 ĐIỂM DANH", StringComparison.Ordinal));
        foreach (var member in new[] { TestUsers.Binh, TestUsers.Cuong, hoa }) await emu.PressAndWaitAsync(member, checkIn, "Có mặt");
        clock.Advance(TimeSpan.FromHours(3));
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/danhgia");

        var sent = 0;
        async Task<string> Say(string text)
        {
            sent++;
            await emu.SendPrivateTextAndWaitAsync(TestUsers.Binh, text);
            return emu.LastMessageIn(TestUsers.Binh.Id)!.Text;
        }
        Assert.Contains("Bước 2/6 · Điểm danh", await Say("03/11/2026 14:00-16:30"));
        Assert.Contains("Bước 3/6 · Đảng phí", await Say("xong"));
        var criterion1 = await Say("tất cả đã nộp xong");
        Assert.Contains("tiêu chí 1/25", criterion1);
        Assert.Contains("Nhập nhanh cả biểu trong một tin nhắn", criterion1); // the forms are offered where they are accepted

        var form = await Say(Line);
        Assert.Contains("7. Họp chi ủy trước khi sinh hoạt: 2/3 ✏️\n", form);
        Assert.Contains("12. Đánh giá nhiệm vụ chính trị: 8,5/10 ✏️\n", form);
        Assert.Contains("1. Chuẩn bị nội dung sinh hoạt: 2/2 ✏️\n", form);
        Assert.Contains("TỔNG: 97,5/100 — Tốt", form);
        Assert.Contains("Đúng thì gõ \"đúng\" để ghi (hoặc gõ luôn nội dung kết luận", form);
        var waiting = bot.Db().AllReviews().Single();
        Assert.Empty(waiting.Record.Scores); // nothing applied before the secretary answers
        Assert.Equal(25, waiting.PendingScores!.Count);

        var summary = await Say("Tiếp tục vận động bà con giữ vệ sinh môi trường khu phố.\n2 | Hoàn thiện báo cáo quý | 15/12");
        Assert.Contains("Bước 6/6 · Tổng hợp", summary);
        Assert.Contains("TỔNG: 97,5/100 — Tốt", summary);
        Assert.Contains("• Lê Văn Cường: Hoàn thiện báo cáo quý — hạn 15/12/2026", summary);
        await Say("xác nhận");

        Assert.Equal(6, sent);
        var posted = bot.Db().Records.FindAll().Single();
        Assert.Equal((97.5m, "Tốt"), (posted.Total, posted.Rating));
        Assert.Equal(2m, posted.Record.Scores["7"]);
        Assert.Equal(8.5m, posted.Record.Scores["12"]);
        Assert.Equal("Tiếp tục vận động bà con giữ vệ sinh môi trường khu phố.", posted.Record.Conclusion);
        Assert.All(posted.Record.Dues, d => Assert.True(d.Paid));
        Assert.Contains("Tổng điểm: 97,5/100 — xếp loại Tốt", emu.LastMessageIn(Group)!.Text);
    }

    [Fact]
    public async Task Xem_bieu_shows_the_form_with_scores_and_suggestions_at_any_step_and_changes_nothing()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var u = TestUsers.Binh;
        await s.PrivateAsync(u, "/danhgia 11/2026");
        await s.PrivateAsync(u, "03/11/2026 14:00-16:30");
        await s.PrivateAsync(u, "tất cả có mặt xong"); // the answer and "xong" in one message
        var version = s.Review()!.Version;

        await s.PressAsync(u, "📋 Xem biểu"); // at the dues step
        var form = s.Prompt(u).Text;
        Assert.Contains("Bước 3/6 · Đảng phí", form);
        Assert.Contains("📋 Biểu chấm điểm:\n1. Chuẩn bị nội dung sinh hoạt: —/2\n2. Họp đúng ngày 03: —/2 (gợi ý 2)\n", form);
        Assert.Contains("5. Tỷ lệ dự họp trên 90%: —/3 (gợi ý 3)\n", form);
        Assert.Contains("Tạm tính: 0/100 (Kém); còn 25 tiêu chí chưa chấm", form);

        await s.PrivateAsync(u, "tất cả đã nộp, xong");
        await s.PrivateAsync(u, "2");
        await s.PrivateAsync(u, "đồng ý");
        await s.PrivateAsync(u, "xem biểu");
        form = s.Prompt(u).Text;
        Assert.Contains("1. Chuẩn bị nội dung sinh hoạt: 2/2\n2. Họp đúng ngày 03: 2/2\n3. Thông báo trước ít nhất 01 ngày: —/1\n", form);
        Assert.Contains("Tạm tính: 4/100 (Kém); còn 23 tiêu chí chưa chấm", form);
        Assert.Contains("Chấm điểm — tiêu chí 3/25", form); // still at the same step
        Assert.Equal(ReviewStep.Criteria, s.Review()!.Step);
        Assert.Equal(2, s.Review()!.CriterionIndex);
        Assert.True(s.Review()!.Version > version);
    }

    [Fact]
    public async Task Several_numbers_at_one_criterion_are_refused_and_a_whole_line_there_is_confirmed_before_it_counts()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var u = TestUsers.Binh;
        await ToCriteriaAsync(s, u, "tất cả có mặt, xong");
        foreach (var points in new[] { "2", "2", "1", "2", "3", "3" }) await s.PrivateAsync(u, points);

        await s.PrivateAsync(u, "2 2 1 2 3 3"); // the case, at criterion 7
        var refused = s.Prompt(u).Text;
        Assert.Contains("⚠️ Đồng chí gõ 6 số, nhưng biểu có 25 tiêu chí", refused);
        Assert.Contains("đủ điểm, trừ 7: 2,5; 12: 9,5", refused);
        Assert.Contains("tiêu chí 7/25", refused);
        Assert.False(s.Review()!.Record.Scores.ContainsKey("7"));
        Assert.Empty(s.Review()!.Record.ScoreNotes);

        await s.PrivateAsync(u, "đủ điểm, trừ 7: 2; 12: 8,5");
        Assert.Contains("12. Đánh giá nhiệm vụ chính trị: 8,5/10 ✏️", s.Prompt(u).Text);
        await s.PrivateAsync(u, "12: 9"); // a correction of one item keeps the rest of the line
        Assert.Contains("12. Đánh giá nhiệm vụ chính trị: 9/10 ✏️", s.Prompt(u).Text);
        Assert.Contains("7. Họp chi ủy trước khi sinh hoạt: 2/3 ✏️", s.Prompt(u).Text);
        await s.PrivateAsync(u, "sai");
        Assert.Contains("Đã bỏ biểu điểm vừa gõ; không điểm nào thay đổi.", s.Prompt(u).Text);
        Assert.Equal(6, s.Review()!.Record.Scores.Count);

        await s.PrivateAsync(u, "đủ điểm, trừ 7: 2; 12: 8,5");
        foreach (var unclear in new[] { "Rất tốt", "có lẽ vậy" }) // neither a yes, a no, nor a conclusion (a sentence)
        {
            await s.PrivateAsync(u, unclear);
            Assert.Contains("⚠️ Biểu điểm vừa gõ chưa được ghi. Gõ \"đúng\" để ghi, \"sai\" để bỏ", s.Prompt(u).Text);
        }
        await s.PrivateAsync(u, "không đúng.");
        Assert.Contains("Đã bỏ biểu điểm vừa gõ", s.Prompt(u).Text);
        await s.PrivateAsync(u, "đủ điểm, trừ 7: 2; 12: 8,5");
        Assert.Equal(6, s.Review()!.Record.Scores.Count);
        await s.PressAsync(u, "✔ Đúng, ghi điểm");
        Assert.Contains("Bước 5/6 · Kết luận", s.Prompt(u).Text);
        Assert.Equal(25, s.Review()!.Record.Scores.Count);
        Assert.Equal(97.5m, s.Review()!.Record.Scores.Values.Sum());
    }

    [Fact]
    public async Task At_the_summary_a_line_of_items_changes_the_scores_only_once_confirmed()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var u = TestUsers.Binh;
        await ToCriteriaAsync(s, u, "tất cả có mặt xong");
        await s.PrivateAsync(u, "đủ điểm");
        await s.PrivateAsync(u, "Đúng rồi ạ.");
        await s.PrivateAsync(u, "Tiếp tục vận động bà con giữ vệ sinh môi trường khu phố.");
        await s.PrivateAsync(u, "bỏ qua");
        Assert.Contains("TỔNG: 100/100 — Tốt", s.Prompt(u).Text);

        await s.PrivateAsync(u, "sửa 7: 2, 12: 8,5");
        Assert.Contains("TỔNG: 97,5/100 — Tốt", s.Prompt(u).Text);
        Assert.Equal(100m, s.Review()!.Record.Scores.Values.Sum());
        await s.PrivateAsync(u, "xác nhận"); // with a line waiting, "xác nhận" confirms the line; it does not post
        Assert.Null(s.Posted());
        Assert.Contains("Đã ghi 2 điểm.", s.Prompt(u).Text);
        Assert.Contains("Bước 6/6 · Tổng hợp", s.Prompt(u).Text);
        Assert.Equal(97.5m, s.Review()!.Record.Scores.Values.Sum());
        await s.PrivateAsync(u, "xác nhận");
        Assert.Equal(97.5m, s.Posted()!.Total);
    }

    /// <summary>Date, attendance and dues, each answer with its "xong" in one message: the review stands at criterion 1.</summary>
    private static async Task ToCriteriaAsync(CellScenario s, TgUser u, string attendance)
    {
        await s.PrivateAsync(u, "/danhgia 11/2026");
        await s.PrivateAsync(u, "03/11/2026 14:00-16:30");
        await s.PrivateAsync(u, attendance);
        await s.PrivateAsync(u, "tất cả đã nộp xong");
        Assert.Contains("tiêu chí 1/25", s.Prompt(u).Text);
    }
}
