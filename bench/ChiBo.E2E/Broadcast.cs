using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ChiBo.Bot.Scheduling;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Telegram;
using ChiBo.Core.Rubrics;

namespace ChiBo.Bot.E2E;

/// <summary>
/// The broadcast: every one of N cells' groups gets its day-before meeting reminder, queued by the real
/// <see cref="Reminders"/> service (one transaction per notice, outbox priority Background, as any reminder or broadcast),
/// while a few secretaries type a review in private (answers: priority Answer). Telegram's limits are on at both ends: the
/// bot's defaults (30 messages/s for the whole bot, 1/s per chat, 20/min per group) and the emulator's 429s past 30/s or
/// 20/min per group (LIMITS=1 unless LIMITS=0).
/// The typists register their cells through the chat as in the review plan (not timed). The N broadcast cells and their
/// notices (sent three days ago, meeting in 23 hours) are then written straight to the database, and the service's next
/// check (once a minute since the host started) queues the reminders. The typists start their reviews when the first
/// reminder goes out, and the run ends when every group has its reminder and every review is done.
/// </summary>
public static class Broadcast
{
    private const long FirstGroup = 2_000_001;

    private static long GroupOf(int g) => -(FirstGroup - 1 + g);

    private static bool IsBroadcast(long chat) => chat <= -FirstGroup;

    public static async Task<int> RunAsync(string[] args)
    {
        var groups = Stats.Arg(args, 0, 1000);
        var typists = Stats.Arg(args, 1, 5);
        var (rttMs, thinkMs, limits, webhook, members, idle, stall, maxRun) = RunOptions.FromEnvironment(limitsByDefault: true);

        await using var emulator = await LoopbackTelegram.StartAsync(rttMs, limits);
        var setups = Enumerable.Range(1, typists).Select(u => Plans.Setup(u, members)).ToArray();
        var reviews = Enumerable.Range(1, typists).Select(Plans.Review).ToArray();

        using var run = new CancellationTokenSource(maxRun);
        string? error = null;
        double startupMs = 0, idleRssMb = 0, cpuMs = 0;
        long phaseStart = 0;
        await using (var bot = BenchBot.Build(emulator, webhook))
        {
            try
            {
                await bot.StartAsync(emulator, idle, run.Token);
                (startupMs, idleRssMb) = (bot.StartupMs, bot.IdleRssMb);
                await emulator.RunPhaseAsync("setup", setups, stall, run.Token);
                await bot.DrainedAsync(stall, run.Token);
                await emulator.QuietAsync(TimeSpan.FromSeconds(2), run.Token);

                var first = emulator.SendsToAsync(IsBroadcast, Math.Min(groups, 1));
                var all = emulator.SendsToAsync(IsBroadcast, groups);
                phaseStart = Stopwatch.GetTimestamp();
                Seed(bot, groups);
                try { await first.WaitAsync(Reminders.Period + stall, run.Token); }
                catch (TimeoutException) { throw new TimeoutException($"no reminder went out within {(Reminders.Period + stall).TotalSeconds:0} s"); }

                var cpu0 = Stats.Cpu; // from the first reminder: the queueing transactions and the sending
                await Task.WhenAll(emulator.RunPhaseAsync("review", reviews, stall, run.Token, thinkMs), all.WaitAsync(run.Token));
                cpuMs = (Stats.Cpu - cpu0).TotalMilliseconds;
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                error = e is TimeoutException ? e.Message : $"the run took longer than MAX_S={maxRun.TotalSeconds:0}";
            }
        }

        var log = emulator.SendLog().Where(s => s.At >= phaseStart).ToArray();
        var sent = log.Where(s => IsBroadcast(s.Chat)).ToArray();
        long from = sent.Length > 0 ? sent[0].At : 0, to = sent.Length > 0 ? sent[^1].At : 0;
        var seconds = Stopwatch.GetElapsedTime(from, to).TotalSeconds;
        double? PerSecond(int count) => seconds > 0 ? Math.Round(count / seconds, 1) : null;
        var replies = emulator.Latencies.ToArray();
        var during = replies.Where(r => r.QueuedAt >= from && r.QueuedAt <= to).Select(r => r.Ms).Order().ToArray();
        var lat = replies.Select(r => r.Ms).Order().ToArray();
        var output = new JsonObject
        {
            ["scenario"] = "broadcast", ["groups"] = groups, ["typists"] = typists, ["think_ms"] = thinkMs,
            ["rtt_ms"] = rttMs, ["limits"] = limits, ["webhook"] = webhook,
            ["broadcast_sent"] = sent.Length, ["broadcast_s"] = Math.Round(seconds, 3),
            ["broadcast_msgs_per_s"] = PerSecond(sent.Length), // first to last group message
            ["all_msgs_per_s"] = PerSecond(log.Count(s => s.At >= from && s.At <= to)), // the same span, typists' answers too
            ["max_msgs_in_1s"] = MaxInOneSecond(log),
            ["too_many_requests"] = emulator.TooManyRequests,
            ["typist_replies"] = lat.Length,
            ["p50_ms"] = Stats.Pct(lat, 0.5), ["p99_ms"] = Stats.Pct(lat, 0.99), ["max_ms"] = Stats.Pct(lat, 1),
            ["replies_during_broadcast"] = during.Length,
            ["p50_during_ms"] = Stats.Pct(during, 0.5), ["p99_during_ms"] = Stats.Pct(during, 0.99), ["max_during_ms"] = Stats.Pct(during, 1),
            ["cpu_ms_per_message"] = log.Length > 0 ? Math.Round(cpuMs / log.Length, 3) : null, // whole process: bot + emulator
            ["startup_ms"] = startupMs, ["idle_rss_mb"] = idleRssMb, ["peak_rss_mb"] = Stats.ProcMb("VmHWM"),
            ["warning_replies"] = emulator.Warnings,
            ["calls_review"] = emulator.CallsJson("review"), ["unknown_methods"] = emulator.UnknownMethodsJson(),
        };
        if (error is not null) output["error"] = error;
        System.Console.WriteLine(output.ToJsonString());
        return error is null ? 0 : 1;
    }

    /// <summary>N cells, each with its group and a notice the Reminders service will remind of a day before: sent three days
    /// ago, the meeting 23 hours from now (Vietnam's clock), so exactly the day-before reminder is due.</summary>
    private static void Seed(BenchBot bot, int groups)
    {
        var db = bot.Get<Database>();
        var clock = bot.Get<Clock>();
        var now = clock.UtcNow;
        var meeting = clock.Now.AddHours(23);
        var date = DateOnly.FromDateTime(meeting.DateTime);
        var start = new TimeOnly(meeting.Hour, meeting.Minute);
        db.InTransaction(() =>
        {
            var cells = Enumerable.Range(1, groups).Select(g => GroupOf(g).ToString(CultureInfo.InvariantCulture)).Select((chat, i) => new Cell
            {
                Name = $"Chi bộ Thôn {i + 1}", RubricId = BuiltInRubrics.BacGiang2019, Channel = TelegramChannel.Name, ChatId = chat,
                ChatKey = $"{TelegramChannel.Name}:{chat}", CreatedAt = now, RegisteredBy = $"{TelegramChannel.Name}:{BenchBot.Admin}",
            }).ToList();
            db.Cells.InsertBulk(cells);
            db.Notices.InsertBulk(cells.Select(c => new MeetingNotice
            {
                Id = $"{c.Id}:{date:yyyy-MM}", CellId = c.Id, Year = date.Year, Month = date.Month, Date = date, Start = start,
                StartsAt = clock.At(date, start), Place = "Nhà văn hóa thôn", Agenda = ["Kiểm điểm công tác tháng", "Triển khai nhiệm vụ tháng tới"],
                SentAt = now.AddDays(-3), SentBy = $"{TelegramChannel.Name}:{BenchBot.Admin}",
            }));
        });
    }

    /// <summary>The most messages accepted in any one-second window.</summary>
    private static int MaxInOneSecond(Sent[] log)
    {
        var max = 0;
        for (int i = 0, j = 0; j < log.Length; j++)
        {
            while (Stopwatch.GetElapsedTime(log[i].At, log[j].At) >= TimeSpan.FromSeconds(1)) i++;
            max = Math.Max(max, j - i + 1);
        }
        return max;
    }
}
