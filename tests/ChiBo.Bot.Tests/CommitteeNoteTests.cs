using ChiBo.Bot.Flows;
using ChiBo.Bot.Tests.Files;
using ChiBo.Bot.Tests.Harness;
using Xunit.Abstractions;
using static ChiBo.Bot.Tests.Harness.CommitteeWorld;

namespace ChiBo.Bot.Tests;

/// <summary>The committee's comment and adjusted total on a cell's posted month: who may add them, the audit trail,
/// the self-assessment kept as it was, and where they are shown (/ketqua, /lichsu, the cell's group, the exports).</summary>
public sealed class CommitteeNoteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_committee_member_comments_and_adjusts_beside_the_self_assessment_with_an_audit_trail()
    {
        await using var w = await StartAsync(output);
        var id = w.Kp1.Id;

        var confirm = await w.AskAsync(Dung, CommitteeChat, $"/nhanxet {id} 11/2026 Chi bộ cần chuẩn bị kỹ nội dung sinh hoạt.");
        Assert.Equal($"Đã ghi nhận xét của cấp ủy cho Chi bộ Khu phố 1, tháng 11/2026, và gửi vào nhóm chi bộ. Điểm chi bộ tự chấm vẫn được giữ nguyên.", confirm);
        Assert.Equal("📝 Nhận xét của cấp ủy — Đảng ủy phường Tân Mai\nChi bộ Khu phố 1, tháng 11/2026\nChi bộ cần chuẩn bị kỹ nội dung sinh hoạt.\nĐồng chí Dũng, 10:00 10/12/2026",
            w.Emu.LastMessageIn(CellChat)!.Text);
        await w.AskAsync(Dung, CommitteeChat, $"/dieuchinh {id} 11/2026 80 Chưa kiểm điểm việc thực hiện nhiệm vụ tháng trước");

        var posted = w.Db.Records.FindById($"{id}:2026-11");
        Assert.Equal((92m, 1), (posted.Total, posted.Revision)); // never overwritten
        var notes = w.Db.CommitteeNotes.FindAll().OrderBy(n => n.At).ToList();
        Assert.Equal([null, 80m], notes.Select(n => n.AdjustedTotal));
        var audit = w.Db.Audit.FindAll().ToList();
        Assert.Equal([CommitteeNoteFlow.NoteAction, CommitteeNoteFlow.AdjustAction], audit.Select(a => a.Action));
        Assert.Equal("Tổng điểm theo cấp ủy: chưa có (chi bộ tự chấm 92) → 80; lý do: Chưa kiểm điểm việc thực hiện nhiệm vụ tháng trước", audit[1].Changes.Single());

        var result = await w.AskAsync(TestUsers.Binh, CellChat, "/ketqua 11/2026");
        Assert.Contains("\nTổng điểm theo cấp ủy: 80 — Khá (chi bộ tự chấm 92)\nNhận xét của cấp ủy:\n"
            + "• Đồng chí Dũng, 10:00 10/12/2026: Chi bộ cần chuẩn bị kỹ nội dung sinh hoạt.\n"
            + "• Đồng chí Dũng, 10:00 10/12/2026: Chưa kiểm điểm việc thực hiện nhiệm vụ tháng trước (cấp ủy điều chỉnh tổng điểm thành 80)", result);

        var history = await w.AskAsync(TestUsers.Binh, CellChat, "/lichsu 11/2026");
        Assert.Contains("\n\n1. 10:00 10/12/2026 — Dũng — Nhận xét của cấp ủy\n• Nhận xét: Chi bộ cần chuẩn bị kỹ nội dung sinh hoạt.", history);
        Assert.Contains("\n\n2. 10:00 10/12/2026 — Dũng — Cấp ủy điều chỉnh điểm\n• Tổng điểm theo cấp ủy: chưa có (chi bộ tự chấm 92) → 80", history);

        await w.AskAsync(Dung, CommitteeChat, "/xuat thang 11/2026");
        using var x = new XlsxReader(w.Emu.FilesIn(CommitteeChat).Single().Bytes);
        Assert.Equal("Điểm cấp ủy điều chỉnh", x.Value("Tháng 11-2026", "Q4"));
        Assert.Equal(80m, x.Number("Tháng 11-2026", "Q5"));
        Assert.Contains("Chi bộ cần chuẩn bị kỹ nội dung sinh hoạt.", x.Value("Tháng 11-2026", "R5"));
    }

    [Fact]
    public async Task Only_the_cells_committee_may_comment_and_bad_input_changes_nothing()
    {
        await using var w = await StartAsync(output);
        var id = w.Kp1.Id;

        Assert.Equal("Xin lỗi, chỉ ủy viên của cấp ủy mới được làm việc này.",
            await w.AskAsync(TestUsers.Binh, CellChat, $"/nhanxet {id} 11/2026 Chi bộ tự khen mình làm rất tốt."));
        Assert.Equal("Xin lỗi, chỉ ủy viên của cấp ủy mới được làm việc này.",
            await w.AskAsync(TestUsers.Stranger, CommitteeChat, $"/dieuchinh {id} 11/2026 100 Không có lý do gì cả"));
        Assert.Equal("Tổng điểm \"105\" không hợp lệ: hãy gõ từ 0 đến 100, điểm nguyên hoặc nửa điểm.",
            await w.AskAsync(Dung, CommitteeChat, $"/dieuchinh {id} 11/2026 105 Chấm lại cho đúng thực tế"));
        Assert.Equal("Chi bộ Khu phố 1 chưa công bố kết quả tháng 4/2026, nên chưa nhận xét được.",
            await w.AskAsync(Dung, CommitteeChat, $"/nhanxet {id} 4/2026 Tháng này chưa họp sao?"));
        Assert.StartsWith("Hãy gõ theo mẫu: /nhanxet 3 11/2026 Chi bộ cần chuẩn bị kỹ nội dung sinh hoạt",
            await w.AskAsync(Dung, CommitteeChat, "/nhanxet Khu phố 1 tốt"));
        Assert.Equal("Không có chi bộ mã 999. Gõ /ganchibo trong nhóm cấp ủy để xem mã các chi bộ.",
            await w.AskAsync(Dung, CommitteeChat, "/nhanxet 999 11/2026 Chi bộ này không tồn tại"));

        Assert.Empty(w.Db.CommitteeNotes.FindAll());
        Assert.Empty(w.Db.Audit.FindAll());
    }

    [Fact]
    public async Task Where_the_rules_forbid_adjusting_only_comments_are_taken()
    {
        await using var w = await StartAsync(output, new Dictionary<string, string?> { ["ChiBo:CommitteeMayAdjustScores"] = "false" });

        Assert.Equal("Theo quy định đang áp dụng, cấp ủy không điều chỉnh điểm chi bộ tự chấm; đồng chí có thể ghi nhận xét bằng /nhanxet.",
            await w.AskAsync(Dung, CommitteeChat, $"/dieuchinh {w.Kp1.Id} 11/2026 80 Chưa kiểm điểm nhiệm vụ"));
        Assert.Empty(w.Db.CommitteeNotes.FindAll());
    }
}
