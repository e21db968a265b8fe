// End-to-end load run: the real ChiBo host, with its real Telegram client, polls a loopback Bot API emulator
// (LoopbackTelegram.cs) over HTTP. Each user first sets up a cell in its own group (not timed), then sends a whole
// review in private (timed), each answer only after the bot answered the previous one: the plan of
// ../shared/bench/chibo-emu.mjs (PLAN=chibo), and the same JSON fields.
// Usage: dotnet run -c Release --project bench/ChiBo.E2E [users=20]
// Env: RTT_MS (0: every API call answered this much later), LIMITS (1: the emulator answers 429 past 30 messages/s
// per bot or 20/min per group), WEBHOOK (1: the bot takes its updates by webhook, each posted by the emulator), MEMBERS (30), STALL_S (60), MAX_S (600). Bot settings come from the environment as
// usual (ChiBo__Telegram__Limits__MessagesPerSecond=0 …). The bot runs in this process: CPU and RSS include the emulator.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ChiBo.Bot;
using ChiBo.Bot.Channels;
using ChiBo.Bot.E2E;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Rubrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var users = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
int Env(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;
var rttMs = Env("RTT_MS", 0);
var limits = Environment.GetEnvironmentVariable("LIMITS") == "1";
var webhook = Environment.GetEnvironmentVariable("WEBHOOK") == "1";
var members = Env("MEMBERS", 30);
var stall = TimeSpan.FromSeconds(Env("STALL_S", 60));
var maxRun = TimeSpan.FromSeconds(Env("MAX_S", 600));
const long Admin = 4242;

await using var emulator = await LoopbackTelegram.StartAsync(rttMs, limits);
var dir = Path.Combine(Path.GetTempPath(), "chibo-e2e-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
var host = BotHost.Build([], b =>
{
    b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ChiBo:Storage:Path"] = Path.Combine(dir, "chibo.db"),
        ["ChiBo:Admins:0"] = Admin.ToString(CultureInfo.InvariantCulture),
        ["ChiBo:Backup:Enabled"] = "false",
        ["ChiBo:Telegram:Token"] = LoopbackTelegram.Token,
        ["ChiBo:Telegram:ApiBaseUrl"] = emulator.BaseUrl,
    });
    if (webhook)
    {
        var port = FreePort();
        b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChiBo:Telegram:Mode"] = "Webhook",
            ["ChiBo:Http:Urls"] = $"http://127.0.0.1:{port}",
            ["ChiBo:Telegram:Webhook:PublicUrl"] = $"http://127.0.0.1:{port}/webhooks/telegram",
            ["ChiBo:Telegram:Webhook:Secret"] = "bench-" + Guid.NewGuid().ToString("N"),
        });
    }
    b.Configuration.AddEnvironmentVariables(); // ChiBo__… still overrides, as for the real binary
    b.Logging.ClearProviders();
});

// The plan, per user u: setup in group -(1000000+u) by the admin and secretary 100000+u, then the review in private.
var rubric = BuiltInRubrics.Get(BuiltInRubrics.BacGiang2019);
var month = YearMonth.Of(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7))).Previous; // Vietnam's clock, as ChiBo.Load
var plans = Enumerable.Range(1, users).Select(u =>
{
    long sec = 100000 + u, group = -(1000000 + u);
    var names = Enumerable.Range(1, members).Select(i => $"Đảng viên {Letters(u)} {Letters(i)}");
    Step[] setup =
    [
        new(group, Admin, $"/taochibo Chi bộ Bench {Letters(u)}"),
        new(group, Admin, "/themdv " + string.Join("\n", names)),
        new(group, Admin, "/bonhiem 1 bithu"),
        new(group, sec, "/toila 1"),
        new(group, Admin, "/xacnhan 1"),
    ];
    string[] texts =
    [
        $"/danhgia {month}", $"03/{month.Month:D2}/{month.Year} 14:00-16:00", "tất cả có mặt", "vắng có lý do 3", "Ốm", "xong",
        "tất cả đã nộp", "xong", .. rubric.Criteria.Select(c => Vietnamese.Points(c.MaxPoints)),
        "Chi bộ thống nhất các nhiệm vụ tháng tới.", "bỏ qua", "xác nhận",
    ];
    return (Setup: setup, Review: texts.Select(t => new Step(sec, sec, t)).ToArray());
}).ToArray();

using var run = new CancellationTokenSource(maxRun);
string? error = null;
double seconds = 0, cpuMs = 0;
var fsyncs = 0;
var reviewUpdates = plans.Sum(p => p.Review.Length);
try
{
    await host.StartAsync(run.Token);
    await emulator.FirstPoll.WaitAsync(run.Token);
    await emulator.RunPhaseAsync("setup", plans.Select(p => p.Setup).ToArray(), stall, run.Token);
    // A setup step can send more than its answer (/toila: a reply and a notice), so a later step may be matched with an
    // earlier message: let the last ones go out (2 s with no send) before the timed phase.
    await host.Services.GetRequiredService<Outbox>().WhenIdleAsync().WaitAsync(stall, run.Token);
    await emulator.QuietAsync(TimeSpan.FromSeconds(2), run.Token);
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var syncs0 = host.Services.GetRequiredService<Database>().LogSyncs;
    var clock = Stopwatch.StartNew();
    await emulator.RunPhaseAsync("review", plans.Select(p => p.Review).ToArray(), stall, run.Token);
    seconds = clock.Elapsed.TotalSeconds;
    fsyncs = host.Services.GetRequiredService<Database>().LogSyncs - syncs0;
    cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
}
catch (Exception e) when (e is TimeoutException or OperationCanceledException)
{
    error = e is TimeoutException ? e.Message : $"the run took longer than MAX_S={maxRun.TotalSeconds:0}";
}
finally
{
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
    try { await host.StopAsync(stop.Token); } catch (OperationCanceledException) { }
    host.Dispose();
    try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
}

var lat = emulator.Latencies.Order().ToArray();
double? Pct(double p) => lat.Length == 0 ? null : Math.Round(lat[Math.Min(lat.Length - 1, (int)(p * lat.Length))], 2);
var status = File.ReadAllText("/proc/self/status");
double Mb(string key) => Math.Round(long.Parse(status.Split('\n').First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0, 1);
var calls = new JsonObject();
foreach (var (method, count) in emulator.CallsIn("review").OrderBy(c => c.Key, StringComparer.Ordinal)) calls[method] = count;
var output = new JsonObject
{
    ["plan"] = "chibo", ["users"] = users, ["updates"] = reviewUpdates, ["replies"] = lat.Length,
    ["seconds"] = Math.Round(seconds, 3),
    ["updates_per_s"] = seconds > 0 ? Math.Round(reviewUpdates / seconds, 1) : null,
    ["p50_ms"] = Pct(0.5), ["p99_ms"] = Pct(0.99), ["max_ms"] = Pct(1),
    ["bot_cpu_ms_per_update"] = seconds > 0 ? Math.Round(cpuMs / reviewUpdates, 3) : null, // whole process: bot + emulator
    ["peak_rss_mb"] = Mb("VmHWM"), ["rss_after_mb"] = Mb("VmRSS"),
    ["group_posts"] = emulator.GroupPosts, ["warning_replies"] = emulator.Warnings,
    ["fsyncs_per_update"] = Math.Round((double)fsyncs / reviewUpdates, 3), ["webhook"] = webhook, ["webhook_failures"] = emulator.WebhookFailures,
    ["rtt_ms"] = rttMs, ["limits"] = limits, ["too_many_requests"] = emulator.TooManyRequests,
    ["calls_review"] = calls, ["unknown_methods"] = new JsonArray([.. emulator.UnknownMethods.Select(m => (JsonNode?)m)]),
};
if (error is not null) output["error"] = error;
Console.WriteLine(output.ToJsonString());
return error is null ? 0 : 1;

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static string Letters(int n)
{
    var s = "";
    for (; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
    return s;
}
