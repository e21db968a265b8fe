// End-to-end load runs: the real ChiBo host, with its real Telegram client, polls a loopback Bot API emulator
// (LoopbackTelegram.cs) over HTTP. The bot runs in this process: CPU and RSS figures include the emulator's.
//
// dotnet run -c Release --project bench/ChiBo.E2E [users=20]
//   The review plan of ../shared/bench/chibo-emu.mjs (PLAN=chibo), with its JSON fields: each user first sets up a cell
//   in its own group (not timed), then sends a whole review in private (timed), each answer only after the bot answered
//   the previous one (and THINK_MS later when set).
// dotnet run -c Release --project bench/ChiBo.E2E broadcast [groups=1000] [typists=5]
//   Broadcast.cs: a reminder to every one of `groups` cells' groups, the way the Reminders service sends them, while
//   `typists` secretaries review in private; emulator limits on by default.
//
// Env: WARM (0; 1: as many other users first review untimed, so the timed phase runs on a warmed-up process, as the bot
// does all evening after its first hour: the JIT has re-compiled the hot methods and the caches are full), RTT_MS (0: every API call answered this much later), LIMITS (1: the emulator answers 429 past 30 messages/s per
// bot or 20/min per group), WEBHOOK (1: the bot takes its updates by webhook, each posted by the emulator), THINK_MS (0: closed loop at saturation; > 0: a user waits 0.5–1.5 × THINK_MS before each
// next answer), MEMBERS (30), IDLE_MS (2000: idle before the idle RSS sample), STALL_S (60), MAX_S (600). Bot settings
// come from the environment as usual (ChiBo__Telegram__Limits__MessagesPerSecond=0 …).
using System.Text.Json.Nodes;
using ChiBo.Bot.E2E;
using ChiBo.Bot.Storage;

if (args.Length > 0 && args[0] == "broadcast") return await Broadcast.RunAsync(args[1..]);

var users = Stats.Arg(args, 0, 20);
var (rttMs, thinkMs, limits, webhook, members, idle, stall, maxRun) = RunOptions.FromEnvironment(limitsByDefault: false);
var warm = Environment.GetEnvironmentVariable("WARM") == "1";

await using var emulator = await LoopbackTelegram.StartAsync(rttMs, limits);
var plans = Enumerable.Range(1, users).Select(u => (Setup: Plans.Setup(u, members), Review: Plans.Review(u))).ToArray();
var warmUp = warm ? Enumerable.Range(users + 1, users).Select(u => (Setup: Plans.Setup(u, members), Review: Plans.Review(u))).ToArray() : [];
var reviewUpdates = plans.Sum(p => p.Review.Length);

using var run = new CancellationTokenSource(maxRun);
string? error = null;
double seconds = 0, cpuMs = 0, startupMs = 0, idleRssMb = 0;
var fsyncs = 0;
await using (var bot = BenchBot.Build(emulator, webhook))
{
    try
    {
        await bot.StartAsync(emulator, idle, run.Token);
        (startupMs, idleRssMb) = (bot.StartupMs, bot.IdleRssMb);
        await emulator.RunPhaseAsync("setup", [.. plans.Concat(warmUp).Select(p => p.Setup)], stall, run.Token);
        if (warm) await emulator.RunPhaseAsync("warm-up", [.. warmUp.Select(p => p.Review)], stall, run.Token, thinkMs);
        // A setup step can send more than its answer (/toila: a reply and a notice), so a later step may be matched with an
        // earlier message: let the last ones go out (2 s with no send) before the timed phase.
        await bot.DrainedAsync(stall, run.Token);
        await emulator.QuietAsync(TimeSpan.FromSeconds(2), run.Token);
        var cpu0 = Stats.Cpu;
        var syncs0 = bot.Get<Database>().LogSyncs;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await emulator.RunPhaseAsync("review", plans.Select(p => p.Review).ToArray(), stall, run.Token, thinkMs);
        seconds = clock.Elapsed.TotalSeconds;
        fsyncs = bot.Get<Database>().LogSyncs - syncs0;
        cpuMs = (Stats.Cpu - cpu0).TotalMilliseconds;
        // The ratings go to the groups behind the answers (spread over the bot-wide limit's second): group_posts counts
        // them once all went out, after the timed phase.
        await bot.DrainedAsync(stall, run.Token);
    }
    catch (Exception e) when (e is TimeoutException or OperationCanceledException)
    {
        error = e is TimeoutException ? e.Message : $"the run took longer than MAX_S={maxRun.TotalSeconds:0}";
    }
}

var lat = emulator.Latencies.Select(l => l.Ms).Order().ToArray();
var output = new JsonObject
{
    ["plan"] = "chibo", ["users"] = users, ["warm"] = warm, ["think_ms"] = thinkMs, ["updates"] = reviewUpdates, ["replies"] = lat.Length,
    ["seconds"] = Math.Round(seconds, 3),
    ["updates_per_s"] = seconds > 0 ? Math.Round(reviewUpdates / seconds, 1) : null,
    ["p50_ms"] = Stats.Pct(lat, 0.5), ["p99_ms"] = Stats.Pct(lat, 0.99), ["max_ms"] = Stats.Pct(lat, 1),
    ["startup_ms"] = startupMs, ["idle_rss_mb"] = idleRssMb,
    ["bot_cpu_ms_per_update"] = seconds > 0 ? Math.Round(cpuMs / reviewUpdates, 3) : null, // whole process: bot + emulator
    ["peak_rss_mb"] = Stats.ProcMb("VmHWM"), ["rss_after_mb"] = Stats.ProcMb("VmRSS"),
    ["group_posts"] = emulator.GroupPosts, ["warning_replies"] = emulator.Warnings,
    ["fsyncs_per_update"] = Math.Round((double)fsyncs / reviewUpdates, 3), ["webhook"] = webhook, ["webhook_failures"] = emulator.WebhookFailures,
    ["rtt_ms"] = rttMs, ["limits"] = limits, ["too_many_requests"] = emulator.TooManyRequests,
    ["calls_review"] = emulator.CallsJson("review"), ["unknown_methods"] = emulator.UnknownMethodsJson(),
};
if (error is not null) output["error"] = error;
Console.WriteLine(output.ToJsonString());
return error is null ? 0 : 1;
