using System.Diagnostics;
using System.Globalization;
using ChiBo.Bot;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// Big exports: a committee of <c>cells</c> cells with <c>members</c> members each and last year fully posted (written
/// straight into LiteDB), then each committee command that builds a file or a year's figures, timed through the real
/// pipeline (the file is made and stored in the update's transaction). Prints the time and the file size of each.
/// Usage: dotnet run -c Release --project bench/ChiBo.Load exports [cells=300] [members=30]
/// </summary>
public static class ExportLoad
{
    public static int Run(string[] args)
    {
        var cells = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
        var members = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var dir = Path.Combine(Path.GetTempPath(), "chibo-exports-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var dbPath = Path.Combine(dir, "chibo.db");
        using var host = BotHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ChiBo:Storage:Path"] = dbPath, ["ChiBo:Admins:0"] = "load:admin" });
            b.Logging.ClearProviders();
        });
        var pipeline = host.Services.GetRequiredService<Pipeline>();
        var db = host.Services.GetRequiredService<Database>();
        var rubric = BuiltInRubrics.Get(BuiltInRubrics.BacGiang2019);
        var year = DateTime.UtcNow.Year - 1;
        var random = new Random(42);

        var seeding = Stopwatch.StartNew();
        var committee = new Committee { Name = "Đảng ủy Khối", ChatKey = "load:-1", Channel = "load", ChatId = "-1" };
        db.InTransaction(() =>
        {
            db.Committees.Insert(committee);
            for (var c = 1; c <= cells; c++)
            {
                var cell = new Cell { Name = $"Chi bộ {c}", RubricId = rubric.Id, Channel = "load", ChatId = $"-{c + 1}", ChatKey = $"load:-{c + 1}", CommitteeId = committee.Id };
                db.Cells.Insert(cell);
                var roster = Enumerable.Range(1, members).Select(i => new Member { CellId = cell.Id, Name = $"Đảng viên {i}" }).ToList();
                db.Members.InsertBulk(roster);
                for (var m = 1; m <= 12; m++)
                {
                    var scores = rubric.Criteria.ToDictionary(x => x.Id, x => random.Next(4) == 0 ? Math.Max(0, x.MaxPoints - 1) : x.MaxPoints);
                    var total = scores.Values.Sum();
                    db.Records.Insert(new PostedRecord
                    {
                        Id = $"{cell.Id}:{year}-{m:00}", CellId = cell.Id, Year = year, Month = m, Total = total, Rating = rubric.Labels.For(MonthlyRating.For(total)),
                        PostedBy = "load:s", PostedByName = "Bí thư", PostedAt = new DateTimeOffset(year, m, 5, 10, 0, 0, TimeSpan.Zero), Revision = 1,
                        Record = new MeetingRecord
                        {
                            CellId = cell.Id.ToString(CultureInfo.InvariantCulture), Year = year, Month = m, RubricId = rubric.Id, Date = new DateOnly(year, m, 3), Scores = scores,
                            Attendance = roster.Select(x => new AttendanceEntry { MemberId = x.Id, Name = x.Name, Status = random.Next(20) == 0 ? AttendanceStatus.AbsentWithReason : AttendanceStatus.Present }).ToList(),
                            Dues = roster.Select(x => new DuesEntry { MemberId = x.Id, Name = x.Name, Amount = 20000, Paid = random.Next(30) != 0 }).ToList(),
                            Speakers = roster.Where(_ => random.Next(2) == 0).Select(x => x.Id).ToList(),
                        },
                    });
                }
            }
        });
        seeding.Stop();
        Console.WriteLine($"cells={cells} members/cell={members} posted months={db.Records.Count()} (seeded in {seeding.Elapsed.TotalSeconds:F1} s)");

        var chat = new ChatRef("load", "-1", ChatKind.Group);
        var admin = new ChatUser("load", "admin", "Quản trị");
        var next = 0;
        string[] commands = [$"/xuat nam {year}", $"/xuat quy Q4/{year}", $"/xuat thang 12/{year}", $"/bieudo {year}", $"/bieudo thang 12/{year}", $"/chitieu {year}", $"/vangnhieu {year}"];
        for (var pass = 1; pass <= 2; pass++) // the first pass includes loading and compiling the file libraries
        {
            Console.WriteLine(pass == 1 ? "first run (cold):" : "second run (warm):");
            foreach (var command in commands)
            {
                var started = Stopwatch.GetTimestamp();
                pipeline.Process(new ChatEvent((++next).ToString(CultureInfo.InvariantCulture), chat, admin, command, null, null, DateTimeOffset.UtcNow));
                var elapsed = Stopwatch.GetElapsedTime(started);
                var message = db.Outbox.FindAll().Last().Message;
                var size = message.Attachment is { } f ? $"{f.FileName} {db.Files.FindById(f.FileId).Length / 1024.0:F0} KiB" : $"text {message.Text.Length} chars";
                Console.WriteLine($"  {command,-26} {elapsed.TotalMilliseconds,8:F0} ms  {size}");
            }
        }
        Console.WriteLine($"peak working set={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1} MiB  database={new FileInfo(dbPath).Length / 1048576.0:F1} MiB");
        db.Dispose();
        Directory.Delete(dir, recursive: true);
        return 0;
    }
}
