using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>
/// A committee and two cells with posted months, on Telegram, for the exports and the committee's notes.
/// Today is 10/12/2026 in Hà Nội. Đảng ủy phường Tân Mai (group -500, Dũng a member) follows Khu phố 1 (group -101:
/// Bình secretary, Lan minute-taker; November 92 with Lan absent with reason, and most of 2026 posted) and Khu phố 2
/// (group -102, November 78,5).
/// </summary>
public sealed class CommitteeWorld : IAsyncDisposable
{
    public const long CommitteeChat = -500;
    public const long CellChat = -101;
    public static readonly TgUser Dung = new(1004, "Dũng", "Phạm Văn");
    public static readonly YearMonth November = new(2026, 11);

    private CommitteeWorld(TelegramEmulator emu, BotUnderTest bot, Cell kp1, Cell kp2, FakeTimeProvider clock)
    {
        Clock = clock;
        Emu = emu;
        Bot = bot;
        Kp1 = kp1;
        Kp2 = kp2;
    }

    public TelegramEmulator Emu { get; }
    public FakeTimeProvider Clock { get; }
    public BotUnderTest Bot { get; }
    public Cell Kp1 { get; }
    public Cell Kp2 { get; }
    public Database Db => Bot.Services.GetRequiredService<Database>();

    public static async Task<CommitteeWorld> StartAsync(ITestOutputHelper output, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.FromHours(7)));
        var emu = await TelegramEmulator.StartAsync();
        emu.Time = clock;
        var bot = await BotUnderTest.StartAsync(emu, settings: settings, customize: b => b.Services.AddSingleton<TimeProvider>(clock), output: output);
        var seed = new Seed(bot);
        var committee = seed.Committee("Đảng ủy phường Tân Mai", CommitteeChat, Dung);
        var kp1 = seed.Cell("Chi bộ Khu phố 1", CellChat, committee);
        var kp2 = seed.Cell("Chi bộ Khu phố 2", -102, committee);
        seed.Member(kp1, "Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary);
        seed.Member(kp1, "Vũ Thị Lan", role: OfficerRole.MinuteTaker);
        var attendance = new List<AttendanceEntry>
        {
            new() { MemberId = 1, Name = "Trần Thị Bình", Status = AttendanceStatus.Present },
            new() { MemberId = 2, Name = "Vũ Thị Lan", Status = AttendanceStatus.AbsentWithReason, Reason = "đi công tác" },
        };
        seed.Posted(kp1, November, 92m, attendance: attendance);
        seed.Posted(kp2, November, 78.5m);
        seed.Year(kp1, 2026, 95, 90, 85, null, 70, 92, 93, 94, 88, 91);
        return new CommitteeWorld(emu, bot, kp1, kp2, clock);
    }

    /// <summary>What the bot said last in <paramref name="chat"/> after <paramref name="user"/> typed <paramref name="text"/> there.</summary>
    public async Task<string> AskAsync(TgUser user, long chat, string text)
    {
        await Emu.SendTextAndWaitAsync(user, chat, text);
        return Emu.LastMessageIn(chat)!.Text;
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Emu.DisposeAsync();
    }
}
