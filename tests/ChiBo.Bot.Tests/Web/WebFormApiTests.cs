using System.Net;
using System.Text.Json;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Web;

/// <summary>The web form's page and API over HTTP: Telegram's initData checked on every call, signed single-use links
/// for Zalo, submissions through the same rules as the chat, later write wins per part, read-only once posted.</summary>
public sealed class WebFormApiTests(ITestOutputHelper output)
{
    private static readonly TgUser Binh = TestUsers.Binh;

    private static object AllScores(decimal seven = 3) => new Dictionary<string, decimal>
    {
        ["1"] = 2, ["2"] = 2, ["3"] = 1, ["4"] = 2, ["5"] = 3, ["6"] = 3, ["7"] = seven, ["8"] = 4, ["9"] = 5, ["10"] = 5, ["11"] = 5, ["12"] = 10, ["13"] = 6,
        ["14"] = 6, ["15"] = 5, ["16"] = 4, ["17"] = 4, ["18"] = 4, ["19"] = 4, ["20"] = 4, ["21"] = 4, ["22"] = 4, ["23"] = 4, ["24"] = 3, ["25"] = 3,
    };

    [Fact]
    public async Task The_Mini_App_button_opens_the_form_and_every_call_needs_fresh_genuine_initData_of_an_officer()
    {
        await using var site = await WebFormBot.StartAsync(output);
        var emu = site.Telegram!;
        await emu.SendPrivateTextAndWaitAsync(Binh, "/danhgia 11/2026");
        var button = emu.LastMessageIn(Binh.Id)!.Button("Điền cả biểu trên web");
        Assert.Equal($"{WebFormBot.PublicUrl}/app/review?id=1%3A2026-11", button.WebApp);
        Assert.Null(button.Data);

        var page = await site.Http.GetAsync(site.Local(button.WebApp!));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.DoesNotContain("http", html.Replace("http-equiv", ""), StringComparison.OrdinalIgnoreCase); // nothing from another site
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());

        var now = site.Clock.GetUtcNow();
        var valid = emu.WebAppInitData(Binh, now.AddMinutes(-2));
        var ok = await site.Http.SendAsync(site.Api(HttpMethod.Get, valid));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var state = (await WebFormBot.JsonOf(ok)).GetProperty("state");
        Assert.Equal("Chi bộ Khu phố 3", state.GetProperty("cell").GetString());
        Assert.Equal(25, state.GetProperty("criteria").GetArrayLength());
        Assert.Equal("Tỷ lệ dự họp trên 90%", state.GetProperty("criteria")[4].GetProperty("short").GetString());

        var forged = valid.Replace("hash=", "hash=0", StringComparison.Ordinal)[..^1];
        var otherToken = emu.WebAppInitData(Binh, now, token: "123:another-bot");
        var stale = emu.WebAppInitData(Binh, now.AddHours(-3).AddSeconds(-1)); // replayed after TelegramInitData.MaxAge
        var tampered = valid.Replace("%22id%22%3A1002", "%22id%22%3A1001", StringComparison.Ordinal); // the admin's id, same hash
        Assert.NotEqual(valid, tampered);
        foreach (var bad in new[] { forged, otherToken, stale, tampered, "", "hash=abc" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await site.Http.SendAsync(site.Api(HttpMethod.Get, bad))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await site.Http.SendAsync(site.Api(HttpMethod.Get, null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await site.Http.SendAsync(site.Api(HttpMethod.Post, stale, new { conclusion = "Không được ghi" }))).StatusCode);
        var member = await site.Http.SendAsync(site.Api(HttpMethod.Get, emu.WebAppInitData(TestUsers.Cuong, now)));
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode); // genuine, but not an officer of the cell
        Assert.Null(site.Review.Record.Conclusion);
    }

    [Fact]
    public async Task A_submission_goes_through_the_chats_rules_all_or_nothing_and_the_chat_shows_the_summary()
    {
        await using var site = await WebFormBot.StartAsync(output);
        var emu = site.Telegram!;
        await emu.SendPrivateTextAndWaitAsync(Binh, "/danhgia 11/2026");
        var initData = emu.WebAppInitData(Binh, site.Clock.GetUtcNow());
        var version = site.Review.Version;

        var bad = await site.Http.SendAsync(site.Api(HttpMethod.Post, initData, new
        {
            meeting = new { date = "2026-11-25", start = "14:00", end = "13:00", thematic = false },
            scores = new Dictionary<string, decimal> { ["7"] = 4, ["12"] = 9.25m, ["1"] = 2, ["99"] = 1 },
            conclusion = "ok",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await WebFormBot.JsonOf(bad)).GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("Ngày 25/11/2026 chưa đến. Hãy gõ ngày đã họp.", errors);
        Assert.Contains("Giờ kết thúc phải sau giờ bắt đầu.", errors);
        Assert.Contains("Tiêu chí 7: Điểm 4 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 3 điểm.", errors);
        Assert.Contains("Tiêu chí 12: Điểm 9,25 không hợp lệ: chỉ chấm điểm nguyên hoặc nửa điểm (ví dụ 10 hoặc 9,5).", errors);
        Assert.Contains("Không có tiêu chí 99.", errors);
        Assert.Contains("Kết luận phải dài từ 5 đến 4000 ký tự.", errors);
        Assert.Equal(version, site.Review.Version); // nothing written, not even the valid criterion 1
        Assert.Empty(site.Review.Record.Scores);

        var attendance = site.Review.Record.Attendance;
        var hoa = attendance.Single(a => a.Name == "Đặng Thị Hoa").MemberId;
        var ok = await site.Http.SendAsync(site.Api(HttpMethod.Post, initData, new
        {
            meeting = new { date = "2026-11-03", start = "14:00", end = "16:30", thematic = false },
            attendance = attendance.Where(a => a.Name != "Võ Thị Miễn").Select(a => new { id = a.MemberId, status = a.MemberId == hoa ? "AbsentWithReason" : "Present", reason = a.MemberId == hoa ? "Con ốm" : null }),
            dues = site.Review.Record.Dues.Select(d => new { id = d.MemberId, paid = true, amount = 20000 }),
            scores = AllScores(seven: 2),
            conclusion = "Tiếp tục vận động bà con giữ vệ sinh môi trường khu phố.",
            tasks = new[] { new { who = "Lê Văn Cường", what = "Hoàn thiện báo cáo quý", due = "2026-12-15" } },
        }));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("xác nhận để công bố", (await WebFormBot.JsonOf(ok)).GetProperty("message").GetString());

        var summary = emu.LastMessageIn(Binh.Id)!.Text; // sent before the form got its answer back
        Assert.Contains("🖥 Đã nhận biểu gửi từ trang web.", summary);
        Assert.Contains("Bước 6/6 · Tổng hợp", summary);
        Assert.Contains("TỔNG: 99/100 — Tốt", summary);
        Assert.Contains("Điểm danh: 2/3 có mặt", summary);
        Assert.Contains("• Lê Văn Cường: Hoàn thiện báo cáo quý — hạn 15/12/2026", summary);
        Assert.Null(site.Db.Records.FindById(WebFormBot.ReviewId)); // the form never posts by itself
        Assert.Empty(emu.MessagesIn(CellSeed.GroupId));
        Assert.Equal("Con ốm", site.Review.Record.Attendance.Single(a => a.MemberId == hoa).Reason);
        // Criterion 5 scored 3 where 2 of 3 present suggests 0: an override, kept with its suggestion, and the chat asks why.
        Assert.Equal((0m, 3m), (site.Review.Record.Suggested["5"], site.Review.Record.Scores["5"]));
        Assert.Contains("• Tiêu chí 5 (Tỷ lệ dự họp trên 90%): ChiBo đề xuất 0, đồng chí chấm 3.", summary);
    }

    [Fact]
    public async Task Chat_and_form_on_one_review_keep_every_answer_and_a_posted_review_is_read_only()
    {
        await using var site = await WebFormBot.StartAsync(output);
        var emu = site.Telegram!;
        await emu.SendPrivateTextAndWaitAsync(Binh, "/danhgia 11/2026");
        var initData = emu.WebAppInitData(Binh, site.Clock.GetUtcNow());
        await site.Http.SendAsync(site.Api(HttpMethod.Post, initData, new
        {
            meeting = new { date = "2026-11-03", start = "14:00", end = "16:30", thematic = false },
            attendance = site.Review.Record.Attendance.Where(a => a.Name != "Võ Thị Miễn").Select(a => new { id = a.MemberId, status = "Present" }),
            scores = AllScores(), conclusion = "Kết luận thứ nhất của chi bộ.",
        }));
        // The chat changes criterion 12; the form, still open with old values, then sends only what was changed there.
        await emu.SendPrivateTextAndWaitAsync(Binh, "sửa 12: 8,5");
        await emu.SendPrivateTextAndWaitAsync(Binh, "đúng");
        var later = await site.Http.SendAsync(site.Api(HttpMethod.Post, initData, new { conclusion = "Kết luận sửa trên trang web.", scores = new Dictionary<string, decimal> { ["7"] = 2.5m } }));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        var record = site.Review.Record;
        Assert.Equal((8.5m, 2.5m, "Kết luận sửa trên trang web."), (record.Scores["12"], record.Scores["7"], record.Conclusion));
        Assert.Contains("TỔNG: 98/100 — Tốt", emu.LastMessageIn(Binh.Id)!.Text);

        await emu.SendPrivateTextAndWaitAsync(Binh, "xác nhận");
        Assert.Equal(98m, site.Db.Records.FindById(WebFormBot.ReviewId).Total);
        var read = await WebFormBot.JsonOf(await site.Http.SendAsync(site.Api(HttpMethod.Get, initData)));
        Assert.True(read.GetProperty("state").GetProperty("readOnly").GetBoolean());
        var refused = await site.Http.SendAsync(site.Api(HttpMethod.Post, initData, new { conclusion = "Sửa sau khi đã công bố." }));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("đã công bố", (await WebFormBot.JsonOf(refused)).GetProperty("errors")[0].GetString());
        Assert.Equal("Kết luận sửa trên trang web.", site.Db.Records.FindById(WebFormBot.ReviewId).Record.Conclusion);
    }

    [Fact]
    public async Task On_Zalo_the_form_comes_as_a_signed_link_that_opens_once_and_expires()
    {
        await using var site = await WebFormBot.StartAsync(output, telegram: false, zalo: true);
        var zalo = site.Zalo!;
        var binh = ZaloTestUsers.Binh;
        await zalo.SendTextAndWaitAsync(binh, binh.PrivateChatId, "/danhgia 11/2026");
        Assert.EndsWith("· hủy · mở biểu", zalo.MessagesIn(binh.PrivateChatId)[^1].Text); // Zalo has no buttons: what to type
        await zalo.SendTextAndWaitAsync(binh, binh.PrivateChatId, "mở biểu");
        var text = zalo.MessagesIn(binh.PrivateChatId)[^1].Text;
        Assert.Contains("🖥 Biểu đầy đủ trên web (liên kết dùng một lần, hết hạn sau 60 phút):", text);
        var url = text.Split('\n').Single(l => l.StartsWith(WebFormBot.PublicUrl + "/l/", StringComparison.Ordinal));

        var opened = await site.Http.PostAsync(site.Local(url), null);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var session = System.Text.RegularExpressions.Regex.Match(await opened.Content.ReadAsStringAsync(), "name=\"chibo-session\" content=\"([^\"]+)\"").Groups[1].Value;
        var api = new HttpRequestMessage(HttpMethod.Get, "/api/review");
        api.Headers.Authorization = new("session", session);
        Assert.Equal(HttpStatusCode.OK, (await site.Http.SendAsync(api)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await site.Http.PostAsync(site.Local(url), null)).StatusCode); // once only

        await zalo.SendTextAndWaitAsync(binh, binh.PrivateChatId, "mở biểu");
        var late = zalo.MessagesIn(binh.PrivateChatId)[^1].Text.Split('\n').Single(l => l.StartsWith(WebFormBot.PublicUrl + "/l/", StringComparison.Ordinal));
        site.Clock.Advance(TimeSpan.FromMinutes(61));
        var expired = await site.Http.PostAsync(site.Local(late), null);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("hết hạn", await expired.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_a_plain_http_public_url_Telegram_gets_a_button_that_sends_a_signed_link_not_a_Mini_App()
    {
        await using var site = await WebFormBot.StartAsync(output, publicUrl: "http://chibo.lan:8080");
        var emu = site.Telegram!;
        await emu.SendPrivateTextAndWaitAsync(Binh, "/danhgia 11/2026");
        var prompt = emu.LastMessageIn(Binh.Id)!;
        var button = prompt.Button("Điền cả biểu trên web");
        Assert.Null(button.WebApp); // Telegram refuses a Mini App over http: the whole message would be lost
        await emu.PressAndWaitAsync(Binh, prompt, "Điền cả biểu trên web");
        var link = emu.LastMessageIn(Binh.Id)!.Text.Split('\n').Single(l => l.StartsWith("http://chibo.lan:8080/l/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await site.Http.PostAsync(site.Local(link), null)).StatusCode);
    }

    [Fact]
    public async Task Without_a_public_url_no_form_button_is_offered_and_mo_bieu_says_so()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        await s.PrivateAsync(Binh, "/danhgia 11/2026");
        Assert.DoesNotContain(s.Prompt(Binh).AllButtons, b => b.WebApp is not null || b.Text.Contains("web", StringComparison.Ordinal));
        await s.PrivateAsync(Binh, "mở biểu");
        Assert.Contains("⚠️ Biểu trên web chưa được bật", s.Prompt(Binh).Text);
    }
}
