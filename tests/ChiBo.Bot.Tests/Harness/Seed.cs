using System.Globalization;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>
/// Writes cells, members, committees and posted reviews straight into the database of a running
/// <see cref="BotUnderTest"/>, so a test can ask the bot about months of history through the emulator.
/// Each write takes the database's transaction lock, so it never interleaves with an update being handled.
/// </summary>
public sealed class Seed(BotUnderTest bot)
{
    public Database Db => bot.Services.GetRequiredService<Database>();

    public static string Key(TgUser user) => "telegram:" + user.Id.ToString(CultureInfo.InvariantCulture);

    public static string ChatKey(long chatId) => "telegram:" + chatId.ToString(CultureInfo.InvariantCulture);

    public Committee Committee(string name, long chatId, params TgUser[] members) => Db.InTransaction(() =>
    {
        var committee = new Committee
        {
            Name = name, ChatKey = ChatKey(chatId), Channel = "telegram", ChatId = chatId.ToString(CultureInfo.InvariantCulture),
            Members = members.Select(u => new CommitteeMember { UserKey = Key(u), DisplayName = u.FirstName }).ToList(),
        };
        Db.Committees.Insert(committee);
        return committee;
    });

    public Cell Cell(string name, long chatId, Committee? committee = null, string rubric = BuiltInRubrics.BacGiang2019) => Db.InTransaction(() =>
    {
        var cell = new Cell
        {
            Name = name, RubricId = rubric, ChatKey = ChatKey(chatId), Channel = "telegram",
            ChatId = chatId.ToString(CultureInfo.InvariantCulture), CommitteeId = committee?.Id,
        };
        Db.Cells.Insert(cell);
        return cell;
    });

    public Member Member(Cell cell, string name, TgUser? account = null, OfficerRole role = OfficerRole.None, bool exempt = false) => Db.InTransaction(() =>
    {
        var member = new Member { CellId = cell.Id, Name = name, Role = role, Exempt = exempt, Accounts = account is null ? [] : [Key(account)] };
        Db.Members.Insert(member);
        return member;
    });

    /// <summary>
    /// A posted review with the given total: every criterion at its max except those in <paramref name="scores"/>;
    /// any further shortfall is taken from the criteria in order. Posted on the 5th of the next month unless said.
    /// </summary>
    public PostedRecord Posted(Cell cell, YearMonth month, decimal total, IReadOnlyDictionary<string, decimal>? scores = null,
        bool thematic = false, List<AttendanceEntry>? attendance = null, string by = "Trần Thị Bình (Bí thư)", DateTimeOffset? at = null)
    {
        var rubric = BuiltInRubrics.Get(cell.RubricId);
        var points = ScoresFor(rubric, total, scores);
        var record = new PostedRecord
        {
            Id = $"{cell.Id}:{month.Key}", CellId = cell.Id, Year = month.Year, Month = month.Month, Total = total,
            Rating = rubric.Labels.For(MonthlyRating.For(total)), PostedBy = "telegram:1002", PostedByName = by,
            PostedAt = at ?? new DateTimeOffset(month.Next.FirstDay.AddDays(4).ToDateTime(new TimeOnly(20, 0)), TimeSpan.FromHours(7)),
            Revision = 1,
            Record = new MeetingRecord
            {
                CellId = cell.Id.ToString(CultureInfo.InvariantCulture), Year = month.Year, Month = month.Month, RubricId = rubric.Id,
                WithThematic = thematic, Date = new DateOnly(month.Year, month.Month, 3), Scores = points, Attendance = attendance ?? [],
            },
        };
        Db.InTransaction(() => Db.Records.Upsert(record));
        return record;
    }

    /// <summary>Scores adding up to <paramref name="total"/>: every criterion at its max except those in <paramref name="scores"/>;
    /// the shortfall is taken from the other criteria in order.</summary>
    public static Dictionary<string, decimal> ScoresFor(Rubric rubric, decimal total, IReadOnlyDictionary<string, decimal>? scores = null)
    {
        var points = rubric.Criteria.ToDictionary(c => c.Id, c => scores?.GetValueOrDefault(c.Id, c.MaxPoints) ?? c.MaxPoints);
        var shortfall = points.Values.Sum() - total;
        foreach (var c in rubric.Criteria.Where(c => scores is null || !scores.ContainsKey(c.Id)))
        {
            var take = Math.Min(shortfall, points[c.Id]);
            points[c.Id] -= take;
            shortfall -= take;
        }
        if (shortfall != 0) throw new ArgumentException($"Cannot reach a total of {total} with the given scores.", nameof(total));
        return points;
    }

    /// <summary>Posts a year of totals, month 1 first; null leaves the month without a posted review.</summary>
    public void Year(Cell cell, int year, params decimal?[] totals)
    {
        for (var m = 0; m < totals.Length; m++)
            if (totals[m] is { } t) Posted(cell, new YearMonth(year, m + 1), t);
    }
}
