using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>
/// A bot whose web listener runs (ChiBo:Http:PublicUrl = https://chibo.test, listening on a free loopback port), on
/// Telegram and/or Zalo, with a seeded cell: Bình (secretary, on both), Cường, Hoa, and Miễn (exempt). The clock is fixed
/// at 10 November 2026, 10:00 in Hà Nội. <see cref="Local"/> turns a public address into the listener's own.
/// </summary>
public sealed class WebFormBot : IAsyncDisposable
{
    public const string PublicUrl = "https://chibo.test";
    public const string ReviewId = "1:2026-11";

    private WebFormBot(BotUnderTest bot, FakeTimeProvider clock, TelegramEmulator? telegram, ZaloEmulator? zalo)
    {
        Bot = bot;
        Clock = clock;
        Telegram = telegram;
        Zalo = zalo;
        Address = bot.Services.GetRequiredService<WebhookServer>().Addresses[0].TrimEnd('/');
        Http = new HttpClient { BaseAddress = new Uri(Address) };
    }

    public BotUnderTest Bot { get; }
    public FakeTimeProvider Clock { get; }
    public TelegramEmulator? Telegram { get; }
    public ZaloEmulator? Zalo { get; }
    public string Address { get; }
    public HttpClient Http { get; }
    public Database Db => Bot.Services.GetRequiredService<Database>();
    public ReviewDoc Review => Db.Review(ReviewId)!;

    public static async Task<WebFormBot> StartAsync(Xunit.Abstractions.ITestOutputHelper output, bool telegram = true, bool zalo = false, string publicUrl = PublicUrl)
    {
        var tg = telegram ? await TelegramEmulator.StartAsync() : null;
        var za = zalo ? await ZaloEmulator.StartAsync() : null;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 3, 0, 0, TimeSpan.Zero));
        if (za is not null) za.Time = clock;
        var bot = await BotUnderTest.StartAsync(tg, output: output, zalo: za, settings: new Dictionary<string, string?>
        {
            ["ChiBo:Http:Urls"] = "http://127.0.0.1:0",
            ["ChiBo:Http:PublicUrl"] = publicUrl,
        }, customize: b => b.Services.AddSingleton<TimeProvider>(clock));
        var site = new WebFormBot(bot, clock, tg, za);
        var cell = CellSeed.Create(bot, "Chi bộ Khu phố 3",
            [new("Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary), new("Lê Văn Cường", TestUsers.Cuong), new("Đặng Thị Hoa"), new("Võ Thị Miễn", Exempt: true)]);
        var binh = site.Db.Members.FindOne(m => m.Name == "Trần Thị Bình");
        binh.Accounts.Add(ZaloTestUsers.Binh.Key);
        site.Db.Members.Update(binh);
        Assert.Equal(1, cell.Id);
        return site;
    }

    /// <summary>"https://chibo.test/app/review?id=…" → the same path on the listener.</summary>
    public string Local(string publicUrl) => Address + new Uri(publicUrl).PathAndQuery;

    /// <summary>A Mini App API call as the page makes it, with Telegram's initData.</summary>
    public HttpRequestMessage Api(HttpMethod method, string? initData, object? body = null)
    {
        var request = new HttpRequestMessage(method, $"/api/review?id={Uri.EscapeDataString(ReviewId)}");
        if (initData is not null) request.Headers.Authorization = new AuthenticationHeaderValue("tma", initData);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try { await Bot.DisposeAsync(); }
        finally
        {
            if (Telegram is not null) await Telegram.DisposeAsync();
            if (Zalo is not null) await Zalo.DisposeAsync();
        }
    }
}
