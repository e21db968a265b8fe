using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Rubrics;
using LiteDB;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// Bad input at every step of the review: the secretary gets a Vietnamese explanation with the same prompt again,
/// and the stored review does not change (same step, same answers, same version).
/// </summary>
public sealed class ReviewBadInputTests(ITestOutputHelper output)
{
    public enum At { Meeting, Attendance, Dues, Criterion12, Conclusion, Tasks, Summary }

    public static TheoryData<At, string, string> BadAnswers => new()
    {
        { At.Meeting, "hôm kia", "Không hiểu ngày họp. Hãy gõ ngày và giờ, ví dụ: 03/11/2026 14:00-16:30" },
        { At.Meeting, "25/11/2026", "Ngày 25/11/2026 chưa đến. Hãy gõ ngày đã họp." },
        { At.Meeting, "03/09/2026", "Ngày 03/09/2026 không thuộc kỳ sinh hoạt tháng 11/2026 (từ 20/10/2026 đến 30/11/2026)." },
        { At.Meeting, "03/11/2026 16:30-14:00", "Giờ kết thúc phải sau giờ bắt đầu. Ví dụ: 14:00-16:30." },
        { At.Meeting, "31/02/2026", "Không hiểu ngày họp." },
        { At.Meeting, "٠٣/١١/٢٠٢٦", "Không hiểu ngày họp." }, // Arabic-Indic digits: \d matched them and int.Parse threw
        { At.Meeting, "03/11/2026 ١٤:٠٠-١٦:٣٠", "Không hiểu ngày họp." },
        { At.Attendance, "vắng có lý do 1-2147483647", "Khoảng 1-2147483647 vượt ra ngoài danh sách: số thứ tự chỉ từ 1 đến 10. Ví dụ: 1-10." },
        { At.Dues, "chưa nộp 1-100000000", "Khoảng 1-100000000 vượt ra ngoài danh sách: số thứ tự chỉ từ 1 đến 10. Ví dụ: 1-10." },
        { At.Attendance, "vắng có lý do 11", "Không có số thứ tự 11 trong danh sách (từ 1 đến 10)." },
        { At.Attendance, "vắng không lý do ba", "\"ba\" không phải số thứ tự. Hãy gõ số thứ tự trong danh sách, ví dụ: 3 5." },
        { At.Attendance, "phát biểu 11", "Không có số thứ tự 11 trong danh sách (từ 1 đến 10)." },
        { At.Attendance, "phát biểu một", "\"một\" không phải số thứ tự. Hãy gõ số thứ tự trong danh sách, ví dụ: 3 5." },
        { At.Attendance, "xong", "Còn 9 người chưa điểm danh (số 1, 2, 3, 4, 5, 6, 7, 8, 9). Hãy đánh dấu họ, hoặc gõ \"tất cả có mặt\"." },
        { At.Attendance, "có lẽ vậy", "Không hiểu câu trả lời. Hãy bấm tên để đổi trạng thái, hoặc gõ: \"tất cả có mặt\"" },
        { At.Dues, "mức nhiều lắm", "Hãy gõ mức đảng phí bằng số, ví dụ: mức 20000." },
        { At.Dues, "chưa nộp 0", "Không có số thứ tự 0 trong danh sách (từ 1 đến 10)." },
        { At.Dues, "11 50000", "Không có số thứ tự 11 trong danh sách (từ 1 đến 10)." },
        { At.Criterion12, "mười", "\"mười\" không phải là số điểm. Hãy gõ một số từ 0 đến 10, ví dụ 10 hoặc 9,5." },
        { At.Criterion12, "11", "Điểm 11 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 10 điểm." },
        { At.Criterion12, "10,5", "Điểm 10,5 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 10 điểm." },
        { At.Criterion12, "-1", "Điểm -1 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 10 điểm." },
        { At.Criterion12, "0.3", "Điểm 0,3 không hợp lệ: chỉ chấm điểm nguyên hoặc nửa điểm (ví dụ 10 hoặc 9,5)." },
        { At.Criterion12, "NaN", "Điểm phải là một số từ 0 đến 10." },
        { At.Criterion12, "đồng ý", "Tiêu chí này không có gợi ý. Hãy gõ số điểm." },
        { At.Criterion12, "2 2 1 2 3 3", "Đồng chí gõ 6 số, nhưng biểu có 25 tiêu chí: cần đủ 25 số theo thứ tự tiêu chí. Không điểm nào được ghi." },
        { At.Criterion12, "10 5", "Đồng chí gõ 2 số, nhưng biểu có 25 tiêu chí" },
        { At.Criterion12, "đủ điểm, trừ 12: 11", "Tiêu chí 12: Điểm 11 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 10 điểm." },
        { At.Criterion12, "7: 2, 26: 1", "Không có tiêu chí 26: các tiêu chí đánh số từ 1 đến 25." },
        { At.Attendance, "vắng có lý do 11, xong", "Không có số thứ tự 11 trong danh sách (từ 1 đến 10)." },
        { At.Attendance, "vắng có lý do 3 xong", "Còn 8 người chưa điểm danh (số 1, 2, 4, 5, 6, 7, 8, 9)." }, // both or neither: 3 stays unmarked
        { At.Dues, "chưa nộp 11 xong", "Không có số thứ tự 11 trong danh sách (từ 1 đến 10)." },
        { At.Summary, "sửa 7: 4", "Tiêu chí 7: Điểm 4 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 3 điểm." },
        { At.Summary, "2 2 1", "Đồng chí gõ 3 số, nhưng biểu có 25 tiêu chí" },
        { At.Conclusion, "ok", "Kết luận quá ngắn." },
        { At.Tasks, "Hoàn thiện báo cáo quý", "Không ghi được nhiệm vụ nào:\n• \"Hoàn thiện báo cáo quý\": cần đủ người | việc (| hạn).\nMỗi nhiệm vụ một dòng: người | việc | hạn" },
        { At.Tasks, "12 | Báo cáo | 15/12", "Không ghi được nhiệm vụ nào:\n• \"12 | Báo cáo | 15/12\": không có số thứ tự 12 trong danh sách (từ 1 đến 10)." },
        { At.Tasks, "3 | Báo cáo | 32/13", "Không ghi được nhiệm vụ nào:\n• \"3 | Báo cáo | 32/13\": hạn \"32/13\" không phải ngày (ví dụ: 15/12 hoặc 15/12/2026)." },
        { At.Summary, "gửi đi", "Hãy bấm Xác nhận để công bố, hoặc chọn phần cần sửa" },
        { At.Summary, "sửa 30", "Không có tiêu chí \"30\". Các tiêu chí đánh số từ 1 đến 25." },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task A_bad_answer_is_explained_and_changes_nothing(At step, string answer, string explanation)
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        var secretary = TestUsers.Binh;
        await ReachAsync(s, secretary, step);
        var before = Snapshot(s);
        var prompt = s.Prompt(secretary).Text;

        await s.PrivateAsync(secretary, answer);

        var again = s.Prompt(secretary).Text;
        Assert.Contains("⚠️ " + explanation, again, StringComparison.Ordinal);
        Assert.Equal(Header(prompt), Header(again)); // the same step, asked again
        Assert.Equal(before, Snapshot(s));
    }

    [Fact]
    public async Task Forged_and_stale_button_data_is_refused_with_a_toast_and_changes_nothing()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        var secretary = TestUsers.Binh;
        await ReachAsync(s, secretary, At.Criterion12);
        var prompt = s.Prompt(secretary);
        var real = prompt.Button("10").Data!; // rv:{cell}:202611:{version}:s:10
        var version = real.Split(':')[3];
        var before = Snapshot(s);

        var forged = new (string Data, string Toast)[]
        {
            (real.Replace(":s:10", ":s:100", StringComparison.Ordinal), "Điểm 100 nằm ngoài khoảng cho phép"),
            (real.Replace(":s:10", ":s:0.3", StringComparison.Ordinal), "Điểm 0,3 không hợp lệ"),
            (real.Replace(":s:10", ":s:abc", StringComparison.Ordinal), "Nút này không hợp lệ."),
            (real.Replace(":s:10", ":a:999", StringComparison.Ordinal), "Nút này không hợp lệ."),
            (real.Replace($":{version}:", ":1:", StringComparison.Ordinal), "Nút này đã cũ. Hãy dùng tin nhắn mới nhất."),
            ("rv:999:202611:1:s:1", "Nút này không hợp lệ."),
            ("rv:1:2026x1:1:s:1", "Nút này không hợp lệ."),
            ("rv:", "Nút này không hợp lệ."),
            ("xx:anything", "Nút này không hợp lệ."),
            ("lk:y:999:telegram:1", "Nút này không hợp lệ hoặc đã cũ."),
        };
        foreach (var (data, toast) in forged)
        {
            var id = emu.PressButton(secretary, secretary.Id, prompt.MessageId, data, allowMissingButton: true);
            await emu.WaitUntilProcessedAsync(id);
            Assert.StartsWith(toast, emu.ToastFor(id) ?? "(no toast)", StringComparison.Ordinal);
            Assert.Equal(before, Snapshot(s));
        }
    }

    [Fact]
    public async Task A_member_who_is_not_an_officer_pressing_a_review_button_is_told_who_may_and_changes_nothing()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        await ReachAsync(s, TestUsers.Binh, At.Criterion12);
        var data = s.Prompt(TestUsers.Binh).Button("10").Data!;
        var before = Snapshot(s);

        // Cường (a member) and a stranger send the secretary's button data from their own chats.
        foreach (var user in new[] { TestUsers.Cuong, TestUsers.Stranger })
        {
            await s.PrivateAsync(user, "/help"); // so the bot has a message of its own in their chat to press under
            var id = emu.PressButton(user, user.Id, emu.LastMessageIn(user.Id)!.MessageId, data, allowMissingButton: true);
            await emu.WaitUntilProcessedAsync(id);
            Assert.Equal("Xin lỗi, chỉ cán bộ chi bộ (bí thư, phó bí thư, thư ký) mới được làm việc này.", emu.ToastFor(id));
            Assert.Equal(before, Snapshot(s));
        }
    }

    [Fact]
    public async Task An_edited_answer_is_not_applied_and_the_secretary_is_told_to_send_a_new_message()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        var secretary = TestUsers.Binh;
        await ReachAsync(s, secretary, At.Criterion12);
        var id = await s.PrivateAsync(secretary, "8");
        var before = Snapshot(s);
        var message = emu.UserMessageIdOf(id);

        await emu.EditTextAndWaitAsync(secretary, secretary.Id, message, "9");
        await emu.EditTextAndWaitAsync(secretary, secretary.Id, message, "10");

        Assert.Equal("ChiBo không xét tin nhắn đã sửa. Nếu muốn đổi câu trả lời, hãy gửi một tin nhắn mới.", emu.LastMessageIn(secretary.Id)!.Text);
        Assert.Equal(before, Snapshot(s));
        Assert.Equal(8m, s.Review()!.Record.Scores["12"]);
    }

    [Fact]
    public async Task Cancelling_asks_first_and_going_back_returns_to_the_previous_criterion()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var emu = s.Emulator;
        var secretary = TestUsers.Binh;
        await ReachAsync(s, secretary, At.Criterion12);

        await s.PrivateAsync(secretary, "quay lại");
        Assert.Contains("tiêu chí 11/25", s.Prompt(secretary).Text, StringComparison.Ordinal);
        Assert.Contains("Đã chấm: 5 điểm.", s.Prompt(secretary).Text, StringComparison.Ordinal);

        await s.PrivateAsync(secretary, "hủy");
        Assert.Contains("Đồng chí có chắc muốn hủy phiên đánh giá tháng 11/2026?", s.Prompt(secretary).Text, StringComparison.Ordinal);
        await s.PressAsync(secretary, "Tiếp tục");
        Assert.Contains("tiêu chí 11/25", s.Prompt(secretary).Text, StringComparison.Ordinal);
        Assert.Equal(11, s.Review()!.Record.Scores.Count);

        await s.PrivateAsync(secretary, "hủy");
        await s.PressAsync(secretary, "Hủy đánh giá");
        Assert.Equal(ReviewStatus.Cancelled, s.Review()!.Status);
        Assert.Null(s.Posted());
        Assert.DoesNotContain(emu.MessagesIn(CellScenario.GroupId), m => m.Text.Contains("KẾT QUẢ", StringComparison.Ordinal));
    }

    /// <summary>Answers, typed, up to <paramref name="step"/>.</summary>
    private static async Task ReachAsync(CellScenario s, TgUser u, At step)
    {
        await s.PrivateAsync(u, "/danhgia 11/2026");
        if (step == At.Meeting) return;
        await s.PrivateAsync(u, "03/11/2026 14:00-16:30");
        if (step == At.Attendance) return;
        await s.PrivateAsync(u, "tất cả có mặt");
        await s.PrivateAsync(u, "xong");
        if (step == At.Dues) return;
        await s.PrivateAsync(u, "tất cả đã nộp");
        await s.PrivateAsync(u, "xong");
        var criteria = CellScenario.Rubric(BuiltInRubrics.BacGiang2019).Criteria;
        foreach (var c in criteria.Take(11)) await s.PrivateAsync(u, ChiBo.Core.Vietnamese.Points(c.MaxPoints));
        if (step == At.Criterion12) return;
        foreach (var c in criteria.Skip(11)) await s.PrivateAsync(u, ChiBo.Core.Vietnamese.Points(c.MaxPoints));
        if (step == At.Conclusion) return;
        await s.PrivateAsync(u, "Chi bộ thống nhất các nhiệm vụ tháng 12.");
        if (step == At.Tasks) return;
        await s.PrivateAsync(u, "bỏ qua");
        Assert.Contains("Bước 6/6 · Tổng hợp", s.Prompt(u).Text, StringComparison.Ordinal);
    }

    /// <summary>The stored review as JSON: any change to its step, answers or version shows.</summary>
    private static string Snapshot(CellScenario s) =>
        JsonSerializer.Serialize(BsonMapper.Global.ToDocument(s.Review()!));

    /// <summary>The first lines of a prompt: cell, month, step.</summary>
    private static string Header(string prompt) => string.Join('\n', prompt.Split('\n').Take(2));
}
