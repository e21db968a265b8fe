using ChiBo.Bot.Files;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Files;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
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
    private const long CommitteeChat = -500;
    private const long CellChat = -101;
    private static readonly TgUser Dung = new(1004, "Dũng", "Phạm Văn");
    private static readonly YearMonth November = new(2026, 11);

    private TelegramEmulator _emu = null!;
    private BotUnderTest _bot = null!;
    private Cell _kp1 = null!;

    public async Task InitializeAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.FromHours(7)));
        _emu = await TelegramEmulator.StartAsync();
        _emu.Time = clock;
        _bot = await BotUnderTest.StartAsync(_emu, customize: b => b.Services.AddSingleton<TimeProvider>(clock), output: output);
        var seed = new Seed(_bot);
        var committee = seed.Committee("Đảng ủy phường Tân Mai", CommitteeChat, Dung);
        _kp1 = seed.Cell("Chi bộ Khu phố 1", CellChat, committee);
        var kp2 = seed.Cell("Chi bộ Khu phố 2", -102, committee);
        seed.Member(_kp1, "Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary);
        seed.Member(_kp1, "Vũ Thị Lan", role: OfficerRole.MinuteTaker);
        var attendance = new List<AttendanceEntry>
        {
            new() { MemberId = 1, Name = "Trần Thị Bình", Status = AttendanceStatus.Present },
            new() { MemberId = 2, Name = "Vũ Thị Lan", Status = AttendanceStatus.AbsentWithReason, Reason = "đi công tác" },
        };
        seed.Posted(_kp1, November, 92m, attendance: attendance);
        seed.Posted(kp2, November, 78.5m);
        seed.Year(_kp1, 2026, 95, 90, 85, null, 70, 92, 93, 94, 88, 91);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _emu.DisposeAsync();
    }

    private Database Db => _bot.Services.GetRequiredService<Database>();

    [Fact]
    public async Task A_committee_member_gets_the_months_spreadsheet_after_an_upload_action_and_the_stored_file_is_cleared()
    {
        var mark = _emu.CallCount;
        await _emu.SendTextAndWaitAsync(Dung, CommitteeChat, "/xuat thang 11/2026");

        var action = await _emu.WaitForCallAsync("sendChatAction", after: mark);
        Assert.Equal("upload_document", action.Str("action"));
        var upload = await _emu.WaitForCallAsync("sendDocument", after: mark);
        Assert.True(upload.Index > action.Index);
        var file = Assert.Single(_emu.FilesIn(CommitteeChat));
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
        await _emu.SendTextAndWaitAsync(TestUsers.Stranger, CommitteeChat, "/xuat nam 2026");

        Assert.Empty(_emu.FilesIn(CommitteeChat));
        Assert.Equal("Xin lỗi, chỉ ủy viên của cấp ủy mới được làm việc này.", _emu.LastMessageIn(CommitteeChat)!.Text);
        Assert.Empty(Db.Files.FindAll());
    }

    [Fact]
    public async Task A_failed_upload_is_retried_from_the_stored_file()
    {
        _emu.InjectError("sendDocument", 500, "Internal Server Error");
        await _emu.SendTextAndWaitAsync(Dung, CommitteeChat, "/xuat nam 2026");

        var second = await _emu.WaitForCallAsync("sendDocument", c => _emu.FilesIn(CommitteeChat).Count > 0, after: 0);
        await _emu.WaitUntilAnsweredAsync(second);
        var file = Assert.Single(_emu.FilesIn(CommitteeChat));
        Assert.Equal("xep-loai-nam-2026.xlsx", file.FileName);
        Assert.Equal(2, _emu.CallsOf("sendDocument").Count);
        using var x = new XlsxReader(file.Bytes);
        Assert.Equal(["Năm 2026"], x.SheetNames);
    }

    [Fact]
    public async Task A_member_gets_the_form_and_the_minutes_of_a_posted_month_in_the_cells_group()
    {
        await _emu.SendTextAndWaitAsync(TestUsers.Binh, CellChat, "/bieu 11/2026");
        await _emu.SendTextAndWaitAsync(TestUsers.Binh, CellChat, "/bienban 11/2026");
        await _emu.SendTextAndWaitAsync(TestUsers.Binh, CellChat, "/bieu 12/2026");

        var files = _emu.FilesIn(CellChat);
        Assert.Equal([$"bieu-tu-cham-{_kp1.Id}-2026-11.docx", $"bien-ban-{_kp1.Id}-2026-11.docx"], files.Select(f => f.FileName));
        using (var form = WordprocessingDocument.Open(new MemoryStream(files[0].Bytes), false))
        {
            var grid = form.MainDocumentPart!.Document!.Body!.Elements<Table>().Single(t => t.Elements<TableRow>().Count() > 5);
            Assert.Equal(1 + 25 + 1, grid.Elements<TableRow>().Count());
        }
        var minutes = Docx.ReadParagraphs(files[1].Bytes);
        Assert.Contains("Chủ trì: đồng chí Trần Thị Bình. Thư ký: đồng chí Vũ Thị Lan.", minutes);
        Assert.Contains("Vắng có lý do: 1 đồng chí — Vũ Thị Lan (đi công tác).", minutes);
        Assert.Contains(minutes, p => p.Contains("ĐẢNG ỦY PHƯỜNG TÂN MAI", StringComparison.Ordinal));
        Assert.Equal("Chi bộ Khu phố 1 chưa công bố kết quả tháng 12/2026, nên chưa có biểu tự chấm điểm.", _emu.LastMessageIn(CellChat)!.Text);
    }

    [Fact]
    public async Task The_cells_year_chart_comes_as_a_photo()
    {
        var mark = _emu.CallCount;
        await _emu.SendTextAndWaitAsync(TestUsers.Binh, CellChat, "/bieudo 2026");

        Assert.Equal("upload_photo", (await _emu.WaitForCallAsync("sendChatAction", after: mark)).Str("action"));
        var photo = Assert.Single(_emu.FilesIn(CellChat));
        Assert.Equal("photo", photo.Kind);
        using var bitmap = SKBitmap.Decode(photo.Bytes);
        Assert.Equal(Charts.Width, bitmap.Width);
        Assert.Equal("📎 Chi bộ Khu phố 1 — tổng điểm từng tháng năm 2026", photo.Caption);
    }
}
