using ChiBo.Bot.Files;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Files;
using ChiBo.Bot.Tests.Harness;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SkiaSharp;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// /xuat, /bieu, /bienban and /bieudo end to end on Telegram: the file arrives by sendDocument or sendPhoto after an
/// upload action, opens with the library that wrote it, goes only to those who may read the figures, and is retried
/// when sending fails. Today is 10/12/2026; Đảng ủy phường Tân Mai follows Khu phố 1 (92 in November) and Khu phố 2 (78,5).
/// </summary>
public sealed class ExportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long CommitteeChat = CommitteeWorld.CommitteeChat;
    private const long CellChat = CommitteeWorld.CellChat;
    private static readonly TgUser Dung = CommitteeWorld.Dung;

    private CommitteeWorld _world = null!;

    public async Task InitializeAsync() => _world = await CommitteeWorld.StartAsync(output);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private TelegramEmulator Emu => _world.Emu;
    private Cell Kp1 => _world.Kp1;
    private Database Db => _world.Db;

    [Fact]
    public async Task A_committee_member_gets_the_months_spreadsheet_after_an_upload_action_and_the_stored_file_is_cleared()
    {
        var mark = Emu.CallCount;
        await Emu.SendTextAndWaitAsync(Dung, CommitteeChat, "/xuat thang 11/2026");

        var action = await Emu.WaitForCallAsync("sendChatAction", after: mark);
        Assert.Equal("upload_document", action.Str("action"));
        var upload = await Emu.WaitForCallAsync("sendDocument", after: mark);
        Assert.True(upload.Index > action.Index);
        var file = Assert.Single(Emu.FilesIn(CommitteeChat));
        Assert.Equal("ket-qua-thang-2026-11.xlsx", file.FileName);
        Assert.Equal("📎 Đảng ủy phường Tân Mai — kết quả tháng 11/2026", file.Caption);
        using var x = new XlsxReader(file.Bytes);
        Assert.Equal(["Tháng 11-2026"], x.SheetNames);
        Assert.Equal("Chi bộ Khu phố 1", x.Value("Tháng 11-2026", "B5"));
        Assert.Equal(92m, x.Number("Tháng 11-2026", "E5"));
        Assert.Equal(78.5m, x.Number("Tháng 11-2026", "E6"));

        Assert.Empty(Db.Outbox.FindAll());
        Assert.Empty(Db.Files.FindAll());
    }

    [Fact]
    public async Task Someone_who_may_not_read_the_committees_figures_gets_no_file()
    {
        await Emu.SendTextAndWaitAsync(TestUsers.Stranger, CommitteeChat, "/xuat nam 2026");

        Assert.Empty(Emu.FilesIn(CommitteeChat));
        Assert.Equal("Xin lỗi, chỉ ủy viên của cấp ủy mới được làm việc này.", Emu.LastMessageIn(CommitteeChat)!.Text);
        Assert.Empty(Db.Files.FindAll());
    }

    [Fact]
    public async Task A_failed_upload_is_retried_from_the_stored_file()
    {
        Emu.InjectError("sendDocument", 500, "Internal Server Error");
        await Emu.SendTextAndWaitAsync(Dung, CommitteeChat, "/xuat nam 2026");
        await Emu.WaitForCallAsync("sendDocument"); // the failed attempt
        _world.Clock.Advance(TimeSpan.FromMinutes(1)); // past the outbox's backoff

        var second = await Emu.WaitForCallAsync("sendDocument", c => Emu.FilesIn(CommitteeChat).Count > 0, after: 0);
        await Emu.WaitUntilAnsweredAsync(second);
        var file = Assert.Single(Emu.FilesIn(CommitteeChat));
        Assert.Equal("xep-loai-nam-2026.xlsx", file.FileName);
        Assert.Equal(2, Emu.CallsOf("sendDocument").Count);
        using var x = new XlsxReader(file.Bytes);
        Assert.Equal(["Năm 2026"], x.SheetNames);
    }

    [Fact]
    public async Task A_member_gets_the_form_and_the_minutes_of_a_posted_month_in_the_cells_group()
    {
        await Emu.SendTextAndWaitAsync(TestUsers.Binh, CellChat, "/bieu 11/2026");
        await Emu.SendTextAndWaitAsync(TestUsers.Binh, CellChat, "/bienban 11/2026");
        await Emu.SendTextAndWaitAsync(TestUsers.Binh, CellChat, "/bieu 12/2026");

        var files = Emu.FilesIn(CellChat);
        Assert.Equal([$"bieu-tu-cham-{Kp1.Id}-2026-11.docx", $"bien-ban-{Kp1.Id}-2026-11.docx"], files.Select(f => f.FileName));
        using (var form = WordprocessingDocument.Open(new MemoryStream(files[0].Bytes), false))
        {
            var grid = form.MainDocumentPart!.Document!.Body!.Elements<Table>().Single(t => t.Elements<TableRow>().Count() > 5);
            Assert.Equal(1 + 25 + 1, grid.Elements<TableRow>().Count());
        }
        var minutes = Docx.ReadParagraphs(files[1].Bytes);
        Assert.Contains("Chủ trì: đồng chí Trần Thị Bình. Thư ký: đồng chí Vũ Thị Lan.", minutes);
        Assert.Contains("Vắng có lý do: 1 đồng chí — Vũ Thị Lan (đi công tác).", minutes);
        Assert.Contains(minutes, p => p.Contains("ĐẢNG ỦY PHƯỜNG TÂN MAI", StringComparison.Ordinal));
        Assert.Equal("Chi bộ Khu phố 1 chưa công bố kết quả tháng 12/2026, nên chưa có biểu tự chấm điểm.", Emu.LastMessageIn(CellChat)!.Text);
    }

    [Fact]
    public async Task The_cells_year_chart_comes_as_a_photo()
    {
        var mark = Emu.CallCount;
        await Emu.SendTextAndWaitAsync(TestUsers.Binh, CellChat, "/bieudo 2026");

        Assert.Equal("upload_photo", (await Emu.WaitForCallAsync("sendChatAction", after: mark)).Str("action"));
        var photo = Assert.Single(Emu.FilesIn(CellChat));
        Assert.Equal("photo", photo.Kind);
        using var bitmap = SKBitmap.Decode(photo.Bytes);
        Assert.Equal(Charts.Width, bitmap.Width);
        Assert.Equal("📎 Chi bộ Khu phố 1 — tổng điểm từng tháng năm 2026", photo.Caption);
    }

    [Fact]
    public async Task The_new_commands_are_in_the_menus_and_in_help()
    {
        string[] added = ["xuat", "bieu", "bienban", "bieudo", "thamgia", "vangnhieu", "chitieu", "lichsu", "nhanxet", "dieuchinh"];
        Assert.Empty(added.Except(Emu.CommandsFor("all_group_chats")!.Select(c => c.Command)));
        Assert.Empty(added.Except(Emu.CommandsFor("all_private_chats")!.Select(c => c.Command)));
        var help = await _world.AskAsync(Dung, CommitteeChat, "/help");
        Assert.Contains("• /xuat thang 11/2026 | quy Q4/2026 | nam 2026 | chibo <mã> 2026 — Xuất bảng Excel", help);
        Assert.Contains("• /dangphi <số tiền> | /dangphi nam [mã chi bộ] [2026]", help);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "/xuat", "Đồng chí muốn xuất bảng nào? Gõ một trong các lệnh:\n• /xuat thang 12/2026" },
        { "/xuat bang", "Đồng chí muốn xuất bảng nào?" },
        { "/xuat thang 13/2026", "Không hiểu tháng \"13/2026\". Hãy gõ theo mẫu: /xuat thang 12/2026" },
        { "/xuat thang 1/2027", "Tháng 1/2027 chưa đến." },
        { "/xuat quy Q5/2026", "Không hiểu quý \"Q5/2026\". Hãy gõ theo mẫu: /xuat quy Q4/2026." },
        { "/xuat nam hai nghìn", "Không hiểu năm \"hai nghìn\". Hãy gõ theo mẫu: /xuat nam 2026." },
        { "/xuat nam 2030", "Năm 2030 chưa bắt đầu." },
        { "/xuat nam " + new string('a', 29) + "😀😀", "Không hiểu năm \"" + new string('a', 29) + "😀…\"." }, // an emoji is never cut in half
        { "/xuat nam ٢٠٢٦", "Không hiểu năm \"٢٠٢٦\"." },
        { "/bieudo thang abc", "Không hiểu tháng \"abc\"." },
        { "/bieu 11/2026", "muốn xem chi bộ nào? Gõ mã hoặc tên chi bộ, ví dụ /bieu" },
        { "/bienban 999 11/2026", "Không có chi bộ \"999\" trong Đảng ủy phường Tân Mai." },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_request_it_cannot_read_gets_an_example_and_no_file(string request, string answer)
    {
        Assert.Contains(answer, await _world.AskAsync(Dung, CommitteeChat, request));
        Assert.Empty(Emu.FilesIn(CommitteeChat));
        Assert.Empty(Db.Files.FindAll());
    }
}
