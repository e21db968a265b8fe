// Load run: drives whole reviews through the real update pipeline (routing, Stateless machine, LiteDB transaction,
// outbox) with no network, and prints throughput, latency percentiles, memory and database size.
// Usage: dotnet run -c Release --project bench/ChiBo.Load [cells=20] [members=30]
//        dotnet run -c Release --project bench/ChiBo.Load exports [cells=300] [members=30]   (big exports, ExportLoad.cs)
using System.Diagnostics;
using System.Globalization;
using ChiBo.Bot;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Rubrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

if (args.Length > 0 && args[0] == "exports") return ExportLoad.Run(args);

var cells = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var members = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
var dir = Path.Combine(Path.GetTempPath(), "chibo-load-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
var dbPath = Path.Combine(dir, "chibo.db");

using var host = BotHost.Build([], b =>
{
    b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ChiBo:Storage:Path"] = dbPath,
        ["ChiBo:Admins:0"] = "load:admin",
        ["ChiBo:DefaultDues"] = "20000",
    });
    b.Logging.ClearProviders();
});
// The host is built, not started: no channel runs, the pipeline is driven directly.
var pipeline = host.Services.GetRequiredService<Pipeline>();
var db = host.Services.GetRequiredService<Database>();
var rubric = BuiltInRubrics.Get(BuiltInRubrics.BacGiang2019);
var admin = new ChatUser("load", "admin", "Quản trị");
var latencies = new List<double>();
var next = 0;
// Updates are applied in batches, as the polling loop does at the evening peak (BATCH=1: one transaction per update).
var batchSize = int.TryParse(Environment.GetEnvironmentVariable("BATCH"), CultureInfo.InvariantCulture, out var b) && b > 0 ? b : 100;

ChatEvent Event(ChatRef chat, ChatUser user, string text) =>
    new((++next).ToString(CultureInfo.InvariantCulture), chat, user, text, null, null, DateTimeOffset.UtcNow);

void Send(ChatRef chat, ChatUser user, string text) => pipeline.Process(Event(chat, user, text));

var month = YearMonth.Of(DateOnly.FromDateTime(DateTime.UtcNow)).Previous;
string[] review =
[
    $"/danhgia {month}", $"03/{month.Month:D2}/{month.Year} 14:00-16:00", "tất cả có mặt", "vắng có lý do 3", "Ốm", "xong",
    "tất cả đã nộp", "xong", .. rubric.Criteria.Select(c => Vietnamese.Points(c.MaxPoints)),
    "Chi bộ thống nhất các nhiệm vụ tháng tới.", "bỏ qua", "xác nhận",
];

// Setup, not timed: each cell registered with its roster, member 1 linked and appointed secretary.
var secretaries = new List<(ChatRef Chat, ChatUser User)>();
for (var c = 1; c <= cells; c++)
{
    var group = new ChatRef("load", $"-{c}", ChatKind.Group);
    Send(group, admin, $"/taochibo Chi bộ {c}");
    Send(group, admin, "/themdv " + string.Join("\n", Enumerable.Range(1, members).Select(i => $"Đảng viên {Letters(c)} {Letters(i)}")));
    var secretary = new ChatUser("load", $"s{c}", $"Bí thư {c}");
    var first = db.Members.Find(m => m.CellId == c).OrderBy(m => m.Id).First(); // roster no. 1
    first.Accounts.Add(secretary.Key); // linking is a button flow; the load run links directly
    db.Members.Update(first);
    Send(group, admin, "/bonhiem 1 bithu");
    secretaries.Add((new ChatRef("load", secretary.Id, ChatKind.Private), secretary));
}

// The reviews, all cells at once, step by step, in batches. The first tenth of the cells warm up (not timed): the figure
// is the steady cost of an update, not the JIT's.
void Reviews(IEnumerable<(ChatRef Chat, ChatUser User)> who, bool timed)
{
    var list = who.ToList();
    foreach (var text in review)
        foreach (var chunk in list.Chunk(batchSize))
        {
            var started = Stopwatch.GetTimestamp();
            pipeline.ProcessBatch([.. chunk.Select(s => Event(s.Chat, s.User, text))]);
            if (timed) latencies.AddRange(Enumerable.Repeat(Stopwatch.GetElapsedTime(started).TotalMilliseconds, chunk.Length));
        }
}
var warmup = Math.Max(1, cells / 10);
Reviews(secretaries.Take(warmup), timed: false);
using var allocationTypes = Environment.GetEnvironmentVariable("ALLOC") == "1" ? new AllocationTypes() : null;
if (allocationTypes is not null) allocationTypes.Enabled = true;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
var total = Stopwatch.StartNew();
Reviews(secretaries.Skip(warmup), timed: true);
total.Stop();
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
if (allocationTypes is not null) allocationTypes.Enabled = false;
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var collections = string.Join("/", collectionsBefore.Select((n, g) => GC.CollectionCount(g) - n));

var posted = db.Records.Count();
// The daily online backup holds the database lock while it copies: how long updates wait for it.
var backupPath = Path.Combine(dir, "backup.db");
var backup = Stopwatch.StartNew();
db.CopyTo(backupPath);
backup.Stop();
db.Dispose();
latencies.Sort();
double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(q * latencies.Count))];
Console.WriteLine($"cells={cells} members/cell={members} batch={batchSize} timed updates={latencies.Count} (after {warmup} cells of warm-up) posted={posted}");
Console.WriteLine($"elapsed={total.Elapsed.TotalSeconds:F2} s  throughput={latencies.Count / total.Elapsed.TotalSeconds:F0} updates/s");
Console.WriteLine($"cpu={cpu.TotalMilliseconds / latencies.Count:F3} ms per update (all threads, fsync waits excluded; no network)");
Console.WriteLine($"allocated={allocated / 1024.0 / latencies.Count:F1} KiB per update  collections gen0/1/2={collections}");
Console.WriteLine($"batch latency ms: p50={P(0.5):F2} p95={P(0.95):F2} p99={P(0.99):F2} max={latencies[^1]:F2}");
Console.WriteLine($"managed heap={GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F1} MiB  peak working set={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1} MiB");
Console.WriteLine($"database={new FileInfo(dbPath).Length / 1024.0:F0} KiB  online backup={backup.Elapsed.TotalMilliseconds:F0} ms ({new FileInfo(backupPath).Length / 1024.0:F0} KiB)");
allocationTypes?.Print(latencies.Count);
Directory.Delete(dir, recursive: true);
return posted == cells ? 0 : 1;

// Member names must not contain digits (the roster refuses them): 1 → "A", 27 → "AA".
static string Letters(int n)
{
    var s = "";
    for (; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
    return s;
}
