using System.Net;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Bot.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Web;

/// <summary>Signed links: valid once until they expire; a used, expired, forged or other-purpose token is refused; the key
/// comes from the settings or is generated once and kept in the database; and over HTTP, /l/{token} serves the handler of
/// the link's purpose once, with a Vietnamese page for every refusal.</summary>
public sealed class SignedLinkTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 3, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "chibo-tests", $"links-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(Now);
    private Database? _db;

    public void Dispose()
    {
        _db?.Dispose();
        File.Delete(_path);
    }

    private SignedLinks Links(string? key = null)
    {
        _db ??= new Database(_path, null);
        var options = new ChiBoOptions { Http = { PublicUrl = "https://chibo.example.org/", LinkKey = key } };
        return new SignedLinks(_db, Options.Create(options), _clock, NullLogger<SignedLinks>.Instance);
    }

    [Fact]
    public void A_link_carries_its_purpose_and_payload_and_opens_once()
    {
        var links = Links();
        var url = links.Create("export", "cell=3;month=2026-11", TimeSpan.FromHours(1));
        Assert.StartsWith("https://chibo.example.org/l/", url, StringComparison.Ordinal);
        var token = url[url.LastIndexOf('/')..][1..];

        var first = links.Redeem(token);
        Assert.Equal(LinkStatus.Valid, first.Status);
        Assert.Equal(("export", "cell=3;month=2026-11"), (first.Link!.Purpose, first.Link.Payload));
        Assert.Equal(LinkStatus.Used, links.Redeem(token).Status);
        Assert.Equal(LinkStatus.Used, links.Check(token).Status);
        var other = links.CreateToken("export", "y", TimeSpan.FromHours(1));
        Assert.Equal(LinkStatus.Valid, links.Check(other).Status);
        Assert.Equal(LinkStatus.Valid, links.Check(other).Status); // checking alone never uses a link up
    }

    [Fact]
    public void A_link_past_its_expiry_is_refused_even_if_never_opened()
    {
        var links = Links();
        var token = links.CreateToken("export", "x", TimeSpan.FromMinutes(30));
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(LinkStatus.Valid, links.Check(token).Status);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(LinkStatus.Expired, links.Redeem(token).Status);
        Assert.Contains("hết hạn", links.Redeem(token).Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Forgeries => new()
    {
        "", "abc", "a.b.c", "!!!.???", "eA.eA",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void Malformed_tokens_are_forged(string token) => Assert.Equal(LinkStatus.Forged, Links().Redeem(token).Status);

    [Fact]
    public void A_changed_payload_a_changed_signature_another_key_or_another_purpose_is_forged()
    {
        var links = Links();
        var token = links.CreateToken("review-form", "3:2026-11", TimeSpan.FromHours(1));
        var (body, signature) = (token[..token.IndexOf('.')], token[(token.IndexOf('.') + 1)..]);
        var otherBody = links.CreateToken("review-form", "4:2026-11", TimeSpan.FromHours(1)).Split('.')[0];

        Assert.Equal(LinkStatus.Forged, links.Check(otherBody + "." + signature).Status);
        Assert.Equal(LinkStatus.Forged, links.Check(body + "." + (signature[0] == 'A' ? 'B' : 'A') + signature[1..]).Status);
        Assert.Equal(LinkStatus.Forged, links.Check(token, purpose: "export").Status);
        Assert.Equal(LinkStatus.Valid, links.Check(token, purpose: "review-form").Status);

        var elsewhere = new SignedLinks(new Database(_path + "-2", null), Options.Create(new ChiBoOptions()), _clock, NullLogger<SignedLinks>.Instance);
        Assert.Equal(LinkStatus.Forged, elsewhere.Check(token).Status);
        Assert.Contains("không hợp lệ", elsewhere.Check(token).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_key_is_kept_in_the_database_and_a_configured_key_is_used_instead()
    {
        var token = Links().CreateToken("export", "x", TimeSpan.FromHours(1));
        _db!.Dispose();
        _db = null;
        Assert.Equal(LinkStatus.Valid, Links().Check(token).Status); // reopened: same stored key
        Assert.NotNull(_db!.GetSetting("web.link-key"));

        var configured = Links(key: new string('k', 40));
        Assert.Equal(LinkStatus.Forged, configured.Check(token).Status);
        Assert.Equal(LinkStatus.Valid, configured.Check(configured.CreateToken("export", "x", TimeSpan.FromHours(1))).Status);
    }

    [Fact]
    public void A_used_mark_survives_a_restart()
    {
        var token = Links().CreateToken("export", "x", TimeSpan.FromHours(1));
        Assert.True(Links().Redeem(token).IsValid);
        _db!.Dispose();
        _db = null;
        Assert.Equal(LinkStatus.Used, Links().Redeem(token).Status);
    }

    private sealed class EchoHandler : ILinkHandler
    {
        public string Purpose => "echo";

        public Task HandleAsync(SignedLink link, HttpContext context) => context.Response.WriteAsync("payload=" + link.Payload);
    }

    [Fact]
    public async Task Over_http_a_link_serves_its_purpose_once_after_a_get_that_uses_nothing_and_refusals_are_pages()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output, settings: new Dictionary<string, string?>
        {
            ["ChiBo:Http:Urls"] = "http://127.0.0.1:0",
            ["ChiBo:Http:PublicUrl"] = "https://chibo.example.org",
        }, customize: b =>
        {
            b.Services.AddSingleton<ILinkHandler, EchoHandler>();
            b.Services.AddSingleton<TimeProvider>(_clock);
        });
        var server = bot.Services.GetRequiredService<ChiBo.Bot.Channels.WebhookServer>();
        Assert.Single(server.Addresses); // polling mode, but PublicUrl is set: the listener runs
        var links = bot.Services.GetRequiredService<SignedLinks>();
        using var http = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        string PathOf(string url) => new Uri(url).AbsolutePath;

        var path = PathOf(links.Create("echo", "hello", TimeSpan.FromMinutes(10)));
        var preview = await http.GetAsync(path); // what a messenger does to draw a preview
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("<form method=\"post\"", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var opened = await http.PostAsync(path, null);
        Assert.Equal("payload=hello", await opened.Content.ReadAsStringAsync());
        var again = await http.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("đã được dùng", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await http.GetAsync(path)).StatusCode);

        var late = PathOf(links.Create("echo", "late", TimeSpan.FromMinutes(10)));
        _clock.Advance(TimeSpan.FromMinutes(11));
        var expired = await http.PostAsync(late, null);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("hết hạn", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var forged = await http.PostAsync(path[..^2] + "AA", null);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("không hợp lệ", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Text.Contains(path[3..], StringComparison.Ordinal)); // tokens never logged
    }

    [Fact]
    public async Task Without_a_public_url_nothing_listens_in_polling_mode()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(emu, output: output, settings: new Dictionary<string, string?> { ["ChiBo:Http:Urls"] = "http://127.0.0.1:0" });
        Assert.Empty(bot.Services.GetRequiredService<ChiBo.Bot.Channels.WebhookServer>().Addresses);
        Assert.False(bot.Services.GetRequiredService<SignedLinks>().Enabled);
    }
}
