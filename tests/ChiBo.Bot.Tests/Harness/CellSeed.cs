using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>A roster entry to seed: its name, the Telegram user linked to it (none: not linked), its office.</summary>
public sealed record SeedMember(string Name, TgUser? User = null, OfficerRole Role = OfficerRole.None, bool Exempt = false);

/// <summary>
/// Writes a registered cell with its roster straight into the bot's database, for tests whose subject comes after
/// setup (registering and linking have their own tests through the emulator). Members are numbered in the order given.
/// </summary>
public static class CellSeed
{
    public const long GroupId = -100777;

    /// <summary>Vietnamese given names for generated rosters (names in ChiBo have no digits).</summary>
    private static readonly string[] GivenNames =
        ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngọc", "Phương", "Quân"];

    /// <summary>Up to twenty Telegram users with distinct names, "Phạm Văn An" …, ids from 3001.</summary>
    public static List<TgUser> Users(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new TgUser(3001 + i, GivenNames[i], "Phạm Văn"))];

    public static string FullName(TgUser user) => $"{user.LastName} {user.FirstName}";

    public static Database Db(this BotUnderTest bot) => bot.Services.GetRequiredService<Database>();

    public static Cell Create(BotUnderTest bot, string name, IEnumerable<SeedMember> members, long groupId = GroupId, int? committeeId = null)
    {
        var seed = new Seed(bot);
        var cell = seed.Cell(name, groupId, committeeId is { } id ? seed.Db.Committees.FindById(id) : null);
        foreach (var m in members) seed.Member(cell, m.Name, m.User, m.Role, m.Exempt);
        return cell;
    }

    /// <summary>Starts the bot on a fake clock set to <paramref name="localStart"/> (Vietnam time, UTC+7).</summary>
    public static async Task<(BotUnderTest Bot, FakeTimeProvider Clock)> StartOnFakeClockAsync(
        TelegramEmulator emulator, DateTime localStart, Xunit.Abstractions.ITestOutputHelper output, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(localStart, TimeSpan.FromHours(7)));
        var bot = await BotUnderTest.StartAsync(emulator, settings: settings, customize: b => b.Services.AddSingleton<TimeProvider>(clock), output: output);
        return (bot, clock);
    }
}
