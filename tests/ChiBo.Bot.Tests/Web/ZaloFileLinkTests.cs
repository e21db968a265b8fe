using System.Net;
using ChiBo.Bot.Files;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Web;

/// <summary>
/// Zalo sends no documents: a file goes as a signed, single-use link to the bot's web listener. The link downloads the
/// file once; a reused, expired or forged link gets a Vietnamese page; without ChiBo:Http:PublicUrl the bot says what to set.
/// Today is 10/12/2026 10:00 in Hà Nội; Chi bộ Khu phố 3's Zalo group has November posted (92).
/// </summary>
public sealed class ZaloFileLinkTests(ITestOutputHelper output)
{
    private const string Group = "g-chibo-kp3";
    private static readonly ZaloUser Binh = ZaloTestUsers.Binh;

    private sealed record World(ZaloEmulator Zalo, BotUnderTest Bot, FakeTimeProvider Clock) : IAsyncDisposable
    {
        public Database Db => Bot.Services.GetRequiredService<Database>();

        public async Task<string> SayAsync(string text)
        {
            await Zalo.SendTextAndWaitAsync(Binh, Group, ZaloEmulator.Mention(text)); // a group hears the bot's mentions
            return Zalo.LastMessageIn(Group)!.Text;
        }

        /// <summary>An HTTP client on the listener, and the path of the link in <paramref name="message"/>.</summary>
        public (HttpClient Http, string Path) Link(string message)
        {
            var url = message[message.IndexOf("https://chibo.example.org/l/", StringComparison.Ordinal)..].Trim();
            var server = Bot.Services.GetRequiredService<ChiBo.Bot.Channels.WebhookServer>();
            return (new HttpClient { BaseAddress = new Uri(server.Addresses[0]) }, new Uri(url).AbsolutePath);
        }

        public async ValueTask DisposeAsync()
        {
            await Bot.DisposeAsync();
            await Zalo.DisposeAsync();
        }
    }

    private async Task<World> StartAsync(bool publicUrl = true)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.FromHours(7)));
        var zalo = await ZaloEmulator.StartAsync();
        zalo.Time = clock;
        var settings = new Dictionary<string, string?> { ["ChiBo:Http:Urls"] = "http://127.0.0.1:0" };
        if (publicUrl) settings["ChiBo:Http:PublicUrl"] = "https://chibo.example.org";
        var bot = await BotUnderTest.StartAsync(null, settings: settings, customize: b => b.Services.AddSingleton<TimeProvider>(clock), output: output, zalo: zalo);
        var db = bot.Services.GetRequiredService<Database>();
        var cell = new Cell { Name = "Chi bộ Khu phố 3", RubricId = "bac-giang-2019", Channel = "zalo", ChatId = Group, ChatKey = $"zalo:{Group}" };
        db.InTransaction(() =>
        {
            db.Cells.Insert(cell);
            db.Members.Insert(new Member { CellId = cell.Id, Name = "Trần Thị Bình", Role = OfficerRole.Secretary, Accounts = [Binh.Key] });
        });
        new Seed(bot).Posted(cell, new YearMonth(2026, 11), 92m);
        return new World(zalo, bot, clock);
    }

    [Fact]
    public async Task The_link_downloads_the_file_once_then_says_it_was_used()
    {
        await using var w = await StartAsync();

        var message = await w.SayAsync("/bieu 11/2026");
        Assert.StartsWith("📎 Chi bộ Khu phố 3 — biểu tự chấm điểm tháng 11/2026\n\n📥 Tải tệp bieu-tu-cham-1-2026-11.docx (mở được một lần, đến 10:00 11/12/2026):\nhttps://chibo.example.org/l/", message);
        var (http, path) = w.Link(message);
        using var _ = http;

        var preview = await http.GetAsync(path); // a messenger drawing a preview uses nothing up
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var download = await http.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Docx.ContentType, download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("bieu-tu-cham-1-2026-11.docx", download.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Contains("BIỂU TỰ CHẤM ĐIỂM", Docx.ReadParagraphs(await download.Content.ReadAsByteArrayAsync()));
        Assert.Empty(w.Db.Files.FindAll()); // served once, then gone

        var again = await http.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("đã được dùng", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_a_forged_one_too()
    {
        await using var w = await StartAsync();
        var (http, path) = w.Link(await w.SayAsync("/xuat nam 2026"));
        using var _ = http;
        Assert.Single(w.Db.Files.FindAll()); // kept after sending, for the link

        var forged = await http.PostAsync(path[..^3] + (path[^3] == 'A' ? "BBB" : "AAA"), null);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("không hợp lệ", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        w.Clock.Advance(TimeSpan.FromHours(24));
        var expired = await http.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("hết hạn", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await w.SayAsync("/bieudo 2026"); // the next link clears files whose links expired
        Assert.Equal(["bieu-do-1-2026.png"], w.Db.Files.FindAll().Select(f => f.Filename));
    }

    [Fact]
    public async Task Without_a_public_address_the_bot_says_what_to_configure()
    {
        await using var w = await StartAsync(publicUrl: false);

        var answer = await w.SayAsync("/bienban 11/2026");

        Assert.StartsWith("Zalo không gửi được tệp trực tiếp: ChiBo gửi đường link tải tệp, nhưng chưa được cấu hình địa chỉ công khai. "
            + "Quản trị viên hãy đặt ChiBo__Http__PublicUrl", answer);
        Assert.Empty(w.Db.Files.FindAll());
    }
}
