using System.Diagnostics;
using System.Globalization;
using ChiBo.Bot.Channels;
using ChiBo.Core;
using ChiBo.Core.Rubrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChiBo.Bot.E2E;

/// <summary>
/// The real ChiBo host, in this process, on a new database in a temporary folder, polling the emulator with its real
/// Telegram client (or, with WEBHOOK=1, taking the updates the emulator posts to its webhook on a free loopback port).
/// Settings are the product's defaults (Telegram's limits kept), overridden by ChiBo__… variables as for the real binary.
/// </summary>
public sealed class BenchBot : IAsyncDisposable
{
    public const long Admin = 4242;

    private readonly string _dir;
    private readonly long _builtAt;

    private BenchBot(IHost host, string dir, long builtAt) => (Host, _dir, _builtAt) = (host, dir, builtAt);

    public IHost Host { get; }

    /// <summary>Building the host → the emulator's first getUpdates or setWebhook (the runtime's own start and the emulator's are not in it).</summary>
    public double StartupMs { get; private set; }

    /// <summary>This process's RSS once the bot is up and has been idle for a moment, before any update.</summary>
    public double IdleRssMb { get; private set; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public static BenchBot Build(LoopbackTelegram emulator, bool webhook)
    {
        var dir = Path.Combine(Path.GetTempPath(), "chibo-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var builtAt = Stopwatch.GetTimestamp();
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
        return new BenchBot(host, dir, builtAt);
    }

    /// <summary>Starts the host, waits for its first getUpdates, then <paramref name="idle"/> before sampling the idle RSS
    /// (as chibo-emu.mjs's IDLE_MS).</summary>
    public async Task StartAsync(LoopbackTelegram emulator, TimeSpan idle, CancellationToken ct)
    {
        await Host.StartAsync(ct);
        await emulator.FirstPoll.WaitAsync(ct);
        StartupMs = Math.Round(Stopwatch.GetElapsedTime(_builtAt, emulator.FirstPollAt).TotalMilliseconds, 1);
        await Task.Delay(idle, ct);
        IdleRssMb = Stats.ProcMb("VmRSS");
    }

    /// <summary>Returns once the outbox holds nothing (<see cref="Outbox.WhenIdleAsync"/> also returns while messages wait
    /// for a limit); throws TimeoutException after <paramref name="stall"/>.</summary>
    public async Task DrainedAsync(TimeSpan stall, CancellationToken ct)
    {
        var outbox = Get<Outbox>();
        var until = Stopwatch.GetTimestamp() + (long)(stall.TotalSeconds * Stopwatch.Frequency);
        while (outbox.Pending > 0)
        {
            if (Stopwatch.GetTimestamp() > until) throw new TimeoutException($"{outbox.Pending} messages still waiting after {stall.TotalSeconds:0} s");
            await Task.Delay(50, ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await Host.StopAsync(stop.Token); } catch (OperationCanceledException) { }
        Host.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>What the users type: the plan of ../shared/bench/chibo-emu.mjs (PLAN=chibo).</summary>
public static class Plans
{
    public static long Secretary(int u) => 100000 + u;
    public static long Group(int u) => -(1000000 + u);

    /// <summary>In group <see cref="Group"/>: the admin registers the cell with <paramref name="members"/> members and
    /// appoints member 1 secretary, the secretary links with /toila 1, the admin confirms.</summary>
    public static Step[] Setup(int u, int members)
    {
        long sec = Secretary(u), group = Group(u);
        var names = Enumerable.Range(1, members).Select(i => $"Đảng viên {Letters(u)} {Letters(i)}");
        return
        [
            new(group, BenchBot.Admin, $"/taochibo Chi bộ Bench {Letters(u)}"),
            new(group, BenchBot.Admin, "/themdv " + string.Join("\n", names)),
            new(group, BenchBot.Admin, "/bonhiem 1 bithu"),
            new(group, sec, "/toila 1"),
            new(group, BenchBot.Admin, "/xacnhan 1"),
        ];
    }

    /// <summary>In private: the secretary reviews last month (Vietnam's clock, as ChiBo.Load), 36 typed answers.</summary>
    public static Step[] Review(int u)
    {
        var rubric = BuiltInRubrics.Get(BuiltInRubrics.BacGiang2019);
        var month = YearMonth.Of(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7))).Previous;
        string[] texts =
        [
            $"/danhgia {month}", $"03/{month.Month:D2}/{month.Year} 14:00-16:00", "tất cả có mặt", "vắng có lý do 3", "Ốm", "xong",
            "tất cả đã nộp", "xong", .. rubric.Criteria.Select(c => Vietnamese.Points(c.MaxPoints)),
            "Chi bộ thống nhất các nhiệm vụ tháng tới.", "bỏ qua", "xác nhận",
        ];
        return texts.Select(t => new Step(Secretary(u), Secretary(u), t)).ToArray();
    }

    public static string Letters(int n)
    {
        var s = "";
        for (; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }
}

/// <summary>The options both scenarios read from the environment (see Program.cs).</summary>
public sealed record RunOptions(int RttMs, int ThinkMs, bool Limits, bool Webhook, int Members, TimeSpan Idle, TimeSpan Stall, TimeSpan MaxRun)
{
    /// <summary><paramref name="limitsByDefault"/>: the emulator's 429s are on unless LIMITS=0 (else only with LIMITS=1).</summary>
    public static RunOptions FromEnvironment(bool limitsByDefault) => new(
        Stats.Env("RTT_MS", 0), Stats.Env("THINK_MS", 0),
        limitsByDefault ? Environment.GetEnvironmentVariable("LIMITS") != "0" : Environment.GetEnvironmentVariable("LIMITS") == "1",
        Environment.GetEnvironmentVariable("WEBHOOK") == "1", Stats.Env("MEMBERS", 30),
        TimeSpan.FromMilliseconds(Stats.Env("IDLE_MS", 2000)), TimeSpan.FromSeconds(Stats.Env("STALL_S", 60)), TimeSpan.FromSeconds(Stats.Env("MAX_S", 600)));
}

public static class Stats
{
    public static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;

    public static int Arg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    /// <summary>The p-th percentile of sorted values, rounded to 0,01 (the emulator's nearest-rank rule); null when empty.</summary>
    public static double? Pct(double[] sorted, double p) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))], 2);

    /// <summary>A memory figure of this process from /proc/self/status ("VmRSS", "VmHWM"), in MB.</summary>
    public static double ProcMb(string key)
    {
        var line = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return Math.Round(long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0, 1);
    }

    public static TimeSpan Cpu => Process.GetCurrentProcess().TotalProcessorTime;
}
