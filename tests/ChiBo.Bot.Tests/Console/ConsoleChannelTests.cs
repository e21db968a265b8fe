using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Meetings;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Console;

/// <summary>The local chat end to end: the real host with no messenger configured, driven by scripts on its standard input.</summary>
public sealed class ConsoleChannelTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConsoleSession _session = new(output);

    public void Dispose() => _session.Dispose();

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", name));

    /// <summary>How the console prints a message: a header naming the chat, then the text indented.</summary>
    private static string Block(string chat, params string[] lines) => $"ChiBo → {chat}:\n" + string.Join('\n', lines.Select(l => "  " + l));

    [Fact]
    public async Task The_sample_script_walks_a_whole_review_and_posts_it_to_the_cell_group()
    {
        var transcript = await _session.RunAsync(Sample("review.txt"));

        Assert.Contains("Đã tạo sẵn dữ liệu mẫu: Chi bộ Khu phố 3 (12 đảng viên, 10 tháng đã đánh giá), thuộc Đảng ủy phường Minh Khai.", transcript);
        Assert.Contains(Block("nhóm Chi bộ Khu phố 3", "Nguyễn Văn An: phần đánh giá tháng 11/2026 đã được gửi vào tin nhắn riêng với đồng chí."), transcript);
        // The wizard's buttons become what to type; the console follows the secretary into the private chat.
        Assert.Contains("  👉 Gõ: hôm nay · 03/11/2026 · chuyên đề · xem biểu · hủy\n", transcript);
        Assert.Contains("[Nguyễn Văn An · riêng với ChiBo] › hôm qua 14:00-16:30", transcript);
        // Buttons whose typed form the text explains (one per member) are not listed.
        Assert.Contains("  👉 Gõ: tất cả có mặt · xong · quay lại · xem biểu · hủy\n", transcript);
        // A word instead of a number is refused with what to type, and the criterion is asked again.
        Assert.Contains("⚠️ \"mười\" không phải là số điểm. Hãy gõ một số từ 0 đến 10", transcript);
        // Criterion 23 shows last month's conclusion, from the demo's history.
        Assert.Contains("Kết luận tháng trước (tháng 10/2026):", transcript);
        Assert.Contains(Block("nhóm Chi bộ Khu phố 3",
            "📣 KẾT QUẢ SINH HOẠT CHI BỘ",
            "Chi bộ Khu phố 3 — tháng 11/2026",
            "Tổng điểm: 95,5/100 — xếp loại Tốt",
            "Ngày họp: 04/11/2026, 14:00–16:30",
            "Điểm danh: 10/11 có mặt (90,9%); vắng có lý do 1; vắng không lý do 0; miễn sinh hoạt 1",
            "Đảng phí: 11 đã nộp (220.000 đ), 1 chưa nộp",
            "Vắng có lý do: Đỗ Văn Khánh (Đi công tác)"), transcript);
        Assert.Contains("  Nhiệm vụ:\n  • Lê Văn Cường: Hoàn thiện báo cáo quý — hạn 15/12/2026\n  Người chấm: Nguyễn Văn An (Bí thư)\n", transcript);
        Assert.EndsWith("Tạm biệt! Dữ liệu đã lưu trong " + _session.DatabasePath + ".\n", transcript);

        var posted = _session.Read(db => db.Records.FindById("1:2026-11"));
        Assert.NotNull(posted);
        Assert.Equal(95.5m, posted.Total);
        Assert.Equal("Tốt", posted.Rating);
        Assert.Equal("console:an", posted.PostedBy);
        Assert.Equal(0m, posted.Record.Scores["2"]); // the suggestion accepted: 04/11 is not the 3rd
        Assert.Equal(8m, posted.Record.Scores["12"]);
        Assert.Equal(3.5m, posted.Record.Scores["17"]);
        var khanh = Assert.Single(posted.Record.Attendance, e => e.Status == AttendanceStatus.AbsentWithReason);
        Assert.Equal(("Đỗ Văn Khánh", "Đi công tác"), (khanh.Name, khanh.Reason));
        Assert.Equal(10, posted.Record.Attendance.Count(e => e.Status == AttendanceStatus.Present));
        Assert.Equal(["Đỗ Văn Khánh"], posted.Record.Dues.Where(d => !d.Paid).Select(d => d.Name));
        var task = Assert.Single(posted.Record.Tasks);
        Assert.Equal(("Lê Văn Cường", "Hoàn thiện báo cáo quý", new DateOnly(2026, 12, 15)), (task.Who, task.What, task.Due));
        Assert.StartsWith("Tiếp tục vận động bà con", posted.Record.Conclusion);
        Assert.DoesNotContain(_session.Logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task The_quick_sample_enters_the_whole_form_in_one_line_confirmed_by_the_conclusion()
    {
        var transcript = await _session.RunAsync(Sample("quick-review.txt"));

        Assert.Contains("  📋 Biểu chấm điểm:\n  1. Chuẩn bị nội dung sinh hoạt: —/2\n", transcript); // "xem biểu" at the criteria step
        Assert.Contains("  📋 Biểu chấm điểm theo dòng vừa gõ (✏️ là điểm mới, chưa ghi):\n", transcript);
        Assert.Contains("  2. Họp đúng ngày 03: 0/2 ✏️\n", transcript);
        Assert.Contains("  TỔNG: 96/100 — Tốt\n", transcript);
        Assert.Contains("  👉 Gõ: đúng · sai · quay lại · xem biểu · hủy\n", transcript);
        Assert.Contains("Tổng điểm: 96/100 — xếp loại Tốt", transcript);
        var posted = _session.Read(db => db.Records.FindById("1:2026-11"));
        Assert.NotNull(posted);
        Assert.Equal(96m, posted.Total);
        Assert.Equal(8.5m, posted.Record.Scores["12"]);
        Assert.Equal(3.5m, posted.Record.Scores["17"]);
        Assert.StartsWith("Tiếp tục vận động bà con", posted.Record.Conclusion);
        Assert.DoesNotContain(_session.Logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task The_sample_script_runs_a_check_in_and_a_committee_members_queries()
    {
        var transcript = await _session.RunAsync(Sample("checkin-and-query.txt"));
        output.WriteLine(transcript);

        // Members answer for themselves. The console cannot edit a message, so each answer is confirmed in one line and
        // the list is shown twice only: when check-in opens and when it closes.
        Assert.Equal(2, transcript.Split("📋 ĐIỂM DANH SINH HOẠT CHI BỘ").Length - 1);
        Assert.Contains(Block("nhóm Chi bộ Khu phố 3", "Đã ghi: đồng chí Trần Thị Bình có mặt. Đã trả lời 1/11: 1 có mặt, 0 vắng có lý do."), transcript);
        Assert.Contains(Block("nhóm Chi bộ Khu phố 3", "Đã ghi: đồng chí Phạm Thị Dung vắng có lý do (ốm, đã báo bí thư). Đã trả lời 2/11: 1 có mặt, 1 vắng có lý do."), transcript);
        Assert.Contains("  ✅ Có mặt (2):\n  2. Trần Thị Bình\n  3. Lê Văn Cường\n", transcript);
        Assert.Contains("  🟡 Vắng có lý do (1):\n  4. Phạm Thị Dung — ốm, đã báo bí thư\n", transcript);
        Assert.Contains("Khách: Đồng chí chưa có trong danh sách chi bộ hoặc chưa liên kết tài khoản, nên không điểm danh được.", transcript);
        var checkIn = _session.Read(db => db.CheckIns.FindById("1:2026-11"));
        Assert.NotNull(checkIn);
        Assert.Equal(CheckInStatus.Closed, checkIn.Status);
        Assert.Equal(["console:binh", "console:cuong", "console:dung"], checkIn.Answers.Select(a => a.UserKey).Order());

        // The committee member's queries over the demo's ten posted months.
        Assert.Contains(Block("nhóm Đảng ủy phường Minh Khai",
            "📊 Đảng ủy phường Minh Khai — tháng 10/2026",
            "Đã có kết quả: 1/1 chi bộ — Tốt 1, Khá 0, Trung bình 0, Kém 0",
            "",
            "Xếp theo điểm:",
            "1. Chi bộ Khu phố 3 — 98 điểm — Tốt"), transcript);
        Assert.Contains("  1. Chi bộ Khu phố 3 — trung bình 91,67 điểm\n  tháng 7: 94 (Tốt) · tháng 8: 86 (Khá) · tháng 9: 95 (Tốt)\n", transcript);
        Assert.Contains("  Từng tháng: T1 Tốt · T2 Tốt · T3 Tốt · T4 Trung bình · T5 Tốt · T6 Tốt · T7 Tốt · T8 Khá · T9 Tốt · T10 Tốt · T11 chưa kết thúc · T12 chưa đến\n", transcript);
        Assert.Contains(Block("Phạm Thị Hà (tin nhắn riêng)",
            "📊 Chi bộ Khu phố 3 — tháng 10/2026",
            "Tổng điểm: 98/100 — xếp loại Tốt"), transcript);
        Assert.DoesNotContain(_session.Logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_line_ending_in_a_backslash_continues_the_message_and_thongbao_also_takes_one_line()
    {
        // Demo time: 05/11/2026 10:00; the secretary announces December's meeting.
        var transcript = await _session.RunAsync("""
            /thongbao 03/12/2026 \
            14:00 \
            Hội trường khu phố 3 \
            Kiểm điểm công tác tháng 11
            /thongbao 04/12/2026 14:00, Nhà văn hóa, Kiểm điểm công tác tháng 11; Triển khai nhiệm vụ tháng 12
            """);

        Assert.Contains("📢 THÔNG BÁO SINH HOẠT CHI BỘ", transcript);
        Assert.Contains("📍 Địa điểm: Hội trường khu phố 3", transcript);
        Assert.Contains("📢 THÔNG BÁO THAY ĐỔI LỊCH SINH HOẠT CHI BỘ", transcript);
        Assert.DoesNotContain("Thiếu giờ bắt đầu", transcript);
        var notice = _session.Read(db => db.Notices.FindById("1:2026-12"));
        Assert.Equal((new DateOnly(2026, 12, 4), "Nhà văn hóa"), (notice.Date, notice.Place));
        Assert.Equal(["Kiểm điểm công tác tháng 11", "Triển khai nhiệm vụ tháng 12"], notice.Agenda);
    }

    [Fact]
    public async Task The_prompt_always_shows_who_speaks_and_where_and_local_commands_change_them()
    {
        var transcript = await _session.RunAsync("""
            /la Trần Thị Bình
            /rieng
            /la 13
            /danguy
            /la không có ai
            /la khach
            /nhom
            /danhgia
            xin chào
            """);

        Assert.Contains("[Nguyễn Văn An · nhóm Chi bộ Khu phố 3] › /la Trần Thị Bình\n» Bây giờ đang nói với tư cách Trần Thị Bình (Phó bí thư).", transcript);
        Assert.Contains("[Trần Thị Bình · nhóm Chi bộ Khu phố 3] › /rieng\n» Bây giờ đang ở riêng với ChiBo.", transcript);
        Assert.Contains("[Trần Thị Bình · riêng với ChiBo] › /la 13\n» Bây giờ đang nói với tư cách Quản trị viên (quản trị viên ChiBo).", transcript);
        Assert.Contains("[Quản trị viên · riêng với ChiBo] › /danguy", transcript);
        Assert.Contains("[Quản trị viên · nhóm Đảng ủy phường Minh Khai] › /la không có ai\n» Không có ai là \"không có ai\". Gõ /ai để xem những người có thể nói.", transcript);
        Assert.Contains("[Khách · nhóm Chi bộ Khu phố 3] › /danhgia\n\n"
            + Block("nhóm Chi bộ Khu phố 3", "Xin lỗi, chỉ cán bộ chi bộ (bí thư, phó bí thư, thư ký) mới được làm việc này."), transcript);
        Assert.Contains("[Khách · nhóm Chi bộ Khu phố 3] › xin chào\n» ChiBo không trả lời tin nhắn này", transcript);
        // Local commands never reach ChiBo: nothing was answered for them, and no review was started by the stranger.
        Assert.Equal(0, _session.Read(db => db.AllReviews().Count(r => r.Status == ReviewStatus.InProgress)));
    }

    [Fact]
    public async Task The_demo_is_written_once_and_a_second_run_continues_the_review_where_the_first_stopped()
    {
        await _session.RunAsync("/danhgia\nhôm qua 14:00-16:30\n");

        var second = await _session.RunAsync("tất cả có mặt\n");

        Assert.Contains("Dữ liệu đã có: Chi bộ Khu phố 3 (12 đảng viên, 10 tháng đã đánh giá)", second);
        Assert.DoesNotContain("Đã tạo sẵn dữ liệu mẫu", second);
        Assert.Contains("[Nguyễn Văn An · riêng với ChiBo] › tất cả có mặt", second);
        Assert.Contains("Bước 2/6 · Điểm danh", second);
        Assert.Contains("11/11 có mặt (100%)", second);
        Assert.Equal((1, 12, 1, 10), _session.Read(db => (db.Cells.Count(), db.Members.Count(), db.Committees.Count(), db.Records.Count())));
        var review = _session.Read(db => db.Review("1:2026-11")!);
        Assert.Equal((ReviewStatus.InProgress, ReviewStep.Attendance), (review.Status, review.Step));
    }

    [Fact]
    public async Task A_posted_month_is_kept_or_reopened_and_corrected_by_typing()
    {
        var transcript = await _session.RunAsync("""
            /danhgia 9/2026
            thôi
            /nhom
            /danhgia 10/2026
            có lẽ
            mở lại
            sửa 12
            6
            xác nhận
            """);

        Assert.Contains("Chi bộ Khu phố 3, tháng 9/2026 đã được đánh giá và công bố (95 điểm, Tốt).", transcript);
        Assert.Contains("  👉 Gõ: mở lại · thôi\n", transcript);
        Assert.Contains("› thôi\n\n" + Block("Nguyễn Văn An (tin nhắn riêng)", "Đã giữ nguyên kết quả đã công bố."), transcript);
        Assert.Contains("› có lẽ\n\n" + Block("Nguyễn Văn An (tin nhắn riêng)", "Chi bộ Khu phố 3, tháng 10/2026 đã được công bố. Gõ \"mở lại\" để sửa, hoặc \"thôi\" để giữ nguyên."), transcript);
        Assert.Contains("Đã mở lại. Sửa những gì cần rồi xác nhận để công bố lại.", transcript);
        Assert.Contains("📣 CẬP NHẬT KẾT QUẢ SINH HOẠT CHI BỘ", transcript);
        Assert.Contains("• Tổng điểm: 98 (Tốt) → 95 (Tốt)", transcript);
        Assert.Contains("• Tiêu chí 12: 9 → 6", transcript);

        var (september, october, audit) = _session.Read(db => (db.Records.FindById("1:2026-09"), db.Records.FindById("1:2026-10"), db.Audit.FindAll().ToList()));
        Assert.Equal((95m, 1), (september.Total, september.Revision));
        Assert.Equal((95m, 2, 6m), (october.Total, october.Revision, october.Record.Scores["12"]));
        var entry = Assert.Single(audit);
        Assert.Equal(("1:2026-10", "console:an"), (entry.RecordId, entry.By));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // CI runs on Linux, where the modes matter
    public async Task An_export_is_written_next_to_the_database_readable_only_by_its_owner_and_its_path_printed()
    {
        var transcript = await _session.RunAsync("/la ha\n/danguy\n/xuat nam 2026\n/nhom\n/la an\n/bienban 10/2026\n");

        var folder = Path.Combine(Path.GetDirectoryName(_session.DatabasePath)!, "files");
        var year = Path.Combine(folder, "xep-loai-nam-2026.xlsx");
        var minutes = Path.Combine(folder, "bien-ban-1-2026-10.docx");
        Assert.Contains($"  📎 Tệp đã lưu: {year}\n", transcript);
        Assert.Contains($"  📎 Tệp đã lưu: {minutes}\n", transcript);
        using (var x = new ChiBo.Bot.Tests.Files.XlsxReader(File.ReadAllBytes(year)))
            Assert.Equal("Chi bộ Khu phố 3", x.Value("Năm 2026", "B5"));
        Assert.Contains("BIÊN BẢN", ChiBo.Bot.Files.Docx.ReadParagraphs(File.ReadAllBytes(minutes)));
        Assert.Equal(0, _session.Read(db => db.Files.FindAll().Count()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(year));
    }
}
