using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Web;

/// <summary>The web form in a real browser (the system's Chromium): opened from the Telegram button with valid initData,
/// filled and submitted until the chat shows the summary, read-only once posted; a forged initData refused; a Zalo link
/// working once. Screenshots at 360 and 1280 px are kept as artifacts; nothing may overflow a 360 px phone.</summary>
public sealed class WebFormBrowserTests(ITestOutputHelper output, SystemChromium browser) : IClassFixture<SystemChromium>
{
    private static readonly TgUser Binh = TestUsers.Binh;
    private const string DarkTheme = "{\"bg_color\":\"#17212b\",\"text_color\":\"#f5f5f5\",\"hint_color\":\"#708499\",\"link_color\":\"#6ab3f3\",\"button_color\":\"#5288c1\",\"button_text_color\":\"#ffffff\",\"secondary_bg_color\":\"#232e3c\"}";

    /// <summary>What Telegram opens for a web_app button: the page with initData and theme in the #fragment.</summary>
    private static string MiniApp(WebFormBot site, string buttonUrl, string initData, string theme = DarkTheme) =>
        site.Local(buttonUrl) + "#tgWebAppData=" + Uri.EscapeDataString(initData) + "&tgWebAppVersion=8.0&tgWebAppPlatform=android&tgWebAppThemeParams=" + Uri.EscapeDataString(theme);

    private static Task WaitForText(IPage page, string selector, string text) =>
        page.WaitForFunctionAsync("(s, t) => { const e = document.querySelector(s); return e && e.textContent.includes(t); }", selector, text);

    private static Task Set(IPage page, string id, string value) =>
        page.EvaluateFunctionAsync("(id, v) => { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('change', { bubbles: true })); e.dispatchEvent(new Event('input', { bubbles: true })); }", id, value);

    /// <summary>A click as a person makes it: the field scrolled to the middle of the screen first (Chromium's own
    /// scrolling may leave it under the fixed total bar at the bottom).</summary>
    private static async Task Click(IPage page, string selector, int count = 1)
    {
        await page.EvaluateFunctionAsync("(s) => document.querySelector(s).scrollIntoView({ block: 'center' })", selector);
        await page.ClickAsync(selector, new PuppeteerSharp.Input.ClickOptions { Count = count });
    }

    [Fact]
    public async Task The_Mini_App_is_filled_in_a_real_browser_reaches_the_chat_summary_and_is_read_only_once_posted()
    {
        await using var site = await WebFormBot.StartAsync(output);
        var emu = site.Telegram!;
        await emu.SendPrivateTextAndWaitAsync(Binh, "/danhgia 11/2026");
        var url = emu.LastMessageIn(Binh.Id)!.Button("Điền cả biểu trên web").WebApp!;
        var initData = emu.WebAppInitData(Binh, site.Clock.GetUtcNow());
        var attendance = site.Review.Record.Attendance.ToDictionary(a => a.Name, a => a.MemberId);

        await using var page = await browser.PageAsync(360);
        await page.GoToAsync(MiniApp(site, url, initData));
        await page.WaitForSelectorAsync("#form:not([hidden])");
        Assert.Equal("Chi bộ Khu phố 3 — tháng 11/2026", await page.EvaluateExpressionAsync<string>("document.getElementById('title').textContent"));
        Assert.Equal("rgb(23, 33, 43)", await page.EvaluateExpressionAsync<string>("getComputedStyle(document.body).backgroundColor")); // Telegram's theme
        Assert.True(await page.EvaluateExpressionAsync<bool>("[...document.querySelectorAll('input, select, textarea')].every(e => e.labels && e.labels.length > 0)"),
            "every field has a label");

        await Set(page, "date", "2026-11-03");
        await Set(page, "start", "14:00");
        await Set(page, "end", "16:30");
        await page.SelectAsync($"#att-{attendance["Trần Thị Bình"]}", "Present");
        await page.SelectAsync($"#att-{attendance["Lê Văn Cường"]}", "Present");
        await page.SelectAsync($"#att-{attendance["Đặng Thị Hoa"]}", "AbsentWithReason");
        await page.TypeAsync($"#reason-{attendance["Đặng Thị Hoa"]}", "Con ốm");
        foreach (var id in attendance.Values) await Click(page, $"#paid-{id}");
        await page.EvaluateExpressionAsync("document.querySelectorAll('.score button:last-of-type').forEach(b => b.click())"); // "Tối đa" everywhere
        await WaitForText(page, "#total", "Tổng: 100/100 — Tốt");
        await Click(page, "#score-7", 3);
        await page.Keyboard.TypeAsync("2,5");
        await WaitForText(page, "#total", "Tổng: 99,5/100 — Tốt");
        await Click(page, "#score-12", 3);
        await page.Keyboard.TypeAsync("10,5");
        await WaitForText(page, "#err-12", "Tối đa 10 điểm.");
        await Click(page, "#score-12", 3);
        await page.Keyboard.TypeAsync("10");
        await page.TypeAsync("#conclusion", "Tiếp tục vận động bà con giữ vệ sinh môi trường khu phố.");
        await Click(page, "#add-task");
        var task = await page.QuerySelectorAllAsync("#tasks input");
        await task[0].TypeAsync("Lê Văn Cường");
        await task[1].TypeAsync("Hoàn thiện báo cáo quý");

        Assert.True(await page.EvaluateExpressionAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "no horizontal scroll at 360 px");
        output.WriteLine(await SystemChromium.ScreenshotAsync(page, "review-form-filled-dark-360"));
        await page.ClickAsync("#submit");
        await WaitForText(page, "#status", "Đã ghi biểu.");

        var summary = emu.LastMessageIn(Binh.Id)!.Text;
        Assert.Contains("🖥 Đã nhận biểu gửi từ trang web.", summary);
        Assert.Contains("TỔNG: 99,5/100 — Tốt", summary);
        Assert.Contains("Điểm danh: 2/3 có mặt", summary);
        Assert.Contains("• Lê Văn Cường: Hoàn thiện báo cáo quý", summary);
        Assert.Equal("Con ốm", site.Review.Record.Attendance.Single(a => a.Name == "Đặng Thị Hoa").Reason);
        Assert.All(site.Review.Record.Dues, d => Assert.True(d.Paid));

        // Criterion 5 scored 3 on the form where ChiBo suggests 0 (2 of 3 present): the chat asks why, below the summary.
        Assert.Contains("• Tiêu chí 5 (Tỷ lệ dự họp trên 90%): ChiBo đề xuất 0, đồng chí chấm 3.", summary);
        Assert.Contains(CellScenario.ReasonQuestion, summary);
        await emu.SendPrivateTextAndWaitAsync(Binh, "Đồng chí Hoa ốm, được cấp ủy đồng ý");
        await emu.SendPrivateTextAndWaitAsync(Binh, "xác nhận");
        Assert.Contains("đề xuất 0, chấm 3: Đồng chí Hoa ốm, được cấp ủy đồng ý", emu.LastMessageIn(CellSeed.GroupId)!.Text);
        Assert.Equal(99.5m, site.Db.Records.FindById(WebFormBot.ReviewId).Total);
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        await page.ReloadAsync();
        await WaitForText(page, "#status", "đã công bố");
        Assert.True(await page.EvaluateExpressionAsync<bool>("[...document.querySelectorAll('#form input, #form select, #form textarea, #form button')].every(e => e.disabled)"),
            "read-only after posting");
        Assert.Equal("none", await page.EvaluateExpressionAsync<string>("getComputedStyle(document.getElementById('submit')).display"));
        output.WriteLine(await SystemChromium.ScreenshotAsync(page, "review-form-posted-1280"));
    }

    [Fact]
    public async Task The_form_fits_a_360px_phone_and_a_desktop_in_light_mode()
    {
        await using var site = await WebFormBot.StartAsync(output);
        var emu = site.Telegram!;
        await emu.SendPrivateTextAndWaitAsync(Binh, "/danhgia 11/2026");
        var url = emu.LastMessageIn(Binh.Id)!.Button("Điền cả biểu trên web").WebApp!;
        var light = "{\"bg_color\":\"#ffffff\",\"text_color\":\"#000000\",\"hint_color\":\"#999999\",\"button_color\":\"#3390ec\",\"button_text_color\":\"#ffffff\",\"secondary_bg_color\":\"#f1f1f1\"}";
        foreach (var width in new[] { 360, 1280 })
        {
            await using var page = await browser.PageAsync(width);
            await page.GoToAsync(MiniApp(site, url, emu.WebAppInitData(Binh, site.Clock.GetUtcNow()), light));
            await page.WaitForSelectorAsync("#form:not([hidden])");
            Assert.Equal("rgb(255, 255, 255)", await page.EvaluateExpressionAsync<string>("getComputedStyle(document.body).backgroundColor"));
            var overflow = await page.EvaluateExpressionAsync<string>(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.tagName + '#' + e.id).slice(0, 5).join(', ')");
            Assert.Equal("", overflow);
            Assert.True(await page.EvaluateExpressionAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"no horizontal scroll at {width} px");
            output.WriteLine(await SystemChromium.ScreenshotAsync(page, $"review-form-{width}"));
        }

        // Keyboard only: Tab walks the form in reading order, skipping the hidden reason fields.
        await using var keyboard = await browser.PageAsync(360);
        await keyboard.GoToAsync(MiniApp(site, url, emu.WebAppInitData(Binh, site.Clock.GetUtcNow()), light));
        await keyboard.WaitForSelectorAsync("#form:not([hidden])");
        await keyboard.FocusAsync("#date");
        var order = new List<string>();
        for (var i = 0; i < 40 && order.Count < 12; i++)
        {
            var focused = await keyboard.EvaluateExpressionAsync<string>("document.activeElement.id || document.activeElement.textContent");
            if (order.Count == 0 || order[^1] != focused) order.Add(focused); // a date or time field has a stop per part
            await keyboard.Keyboard.PressAsync("Tab");
        }
        Assert.Equal(["date", "start", "end", "thematic", "att-1", "att-2", "att-3", "att-4", "paid-1", "amount-1", "paid-2", "amount-2"], order);
    }

    [Fact]
    public async Task A_forged_initData_in_the_browser_gets_the_refusal_and_no_form()
    {
        await using var site = await WebFormBot.StartAsync(output);
        var emu = site.Telegram!;
        await emu.SendPrivateTextAndWaitAsync(Binh, "/danhgia 11/2026");
        var url = emu.LastMessageIn(Binh.Id)!.Button("Điền cả biểu trên web").WebApp!;
        var forged = emu.WebAppInitData(Binh, site.Clock.GetUtcNow(), token: "999:not-this-bot");

        await using var page = await browser.PageAsync(360);
        await page.GoToAsync(MiniApp(site, url, forged));
        await WaitForText(page, "#status", "Phiên làm việc không hợp lệ hoặc đã hết hạn.");
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.getElementById('form').hidden"));
    }

    [Fact]
    public async Task A_Zalo_link_opens_the_form_once_in_the_browser_and_then_says_it_was_used()
    {
        await using var site = await WebFormBot.StartAsync(output, telegram: false, zalo: true);
        var zalo = site.Zalo!;
        var binh = ZaloTestUsers.Binh;
        await zalo.SendTextAndWaitAsync(binh, binh.PrivateChatId, "/danhgia 11/2026");
        await zalo.SendTextAndWaitAsync(binh, binh.PrivateChatId, "mở biểu");
        var link = zalo.MessagesIn(binh.PrivateChatId)[^1].Text.Split('\n').Single(l => l.StartsWith(WebFormBot.PublicUrl + "/l/", StringComparison.Ordinal));

        await using var page = await browser.PageAsync(360);
        await page.GoToAsync(site.Local(link)); // the page posts itself back, which uses the link up
        await page.WaitForSelectorAsync("#form:not([hidden])");
        await Click(page, "#score-1", 3);
        await page.Keyboard.TypeAsync("1,5");
        await Click(page, "button[aria-label='Thêm nửa điểm tiêu chí 1']");
        await Click(page, "button[aria-label='Thêm nửa điểm tiêu chí 1']"); // never past the max
        await Click(page, "button[aria-label='Bớt nửa điểm tiêu chí 1']");
        Assert.Equal("1,5", await page.EvaluateExpressionAsync<string>("document.getElementById('score-1').value"));
        await page.ClickAsync("#submit");
        await WaitForText(page, "#status", "Đã ghi biểu.");
        Assert.Equal(1.5m, site.Review.Record.Scores["1"]);
        Assert.Contains("🖥 Đã nhận biểu gửi từ trang web.", zalo.MessagesIn(binh.PrivateChatId)[^1].Text);

        await using var again = await browser.PageAsync(360);
        await again.GoToAsync(site.Local(link));
        await WaitForText(again, "body", "Liên kết này đã được dùng.");
    }
}
