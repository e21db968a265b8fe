using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Core.Rubrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>
/// A registered cell, set up the way a real one is: through the chat. The admin registers the group, picks the rubric,
/// sets dues at 20.000 đ, adds ten members (the tenth exempt), Bình (no. 1) and Cường (no. 2) link their accounts and the admin confirms,
/// and Bình is appointed secretary. The clock is fixed at 10 November 2026, 10:00 in Hà Nội.
/// </summary>
public sealed class CellScenario : IAsyncDisposable
{
    public const long GroupId = -1001000000001;
    public const string GroupTitle = "Chi bộ Khu phố 3";
    public const string CellName = "Chi bộ Khu phố 3";

    public static readonly string[] Names =
    [
        "Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn Dũng", "Phạm Thị Hoa", "Hoàng Văn Minh",
        "Vũ Thị Lan", "Đặng Văn Nam", "Bùi Thị Thu", "Đỗ Văn Hải", "Ngô Thị Mai",
    ];

    /// <summary>10 November 2026, 10:00 in Hà Nội (UTC+7): the November meeting (the 3rd) is over.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 10, 3, 0, 0, TimeSpan.Zero);

    private CellScenario(TelegramEmulator emulator, BotUnderTest bot, FakeTimeProvider clock)
    {
        Emulator = emulator;
        Bot = bot;
        Clock = clock;
    }

    public TelegramEmulator Emulator { get; }
    public BotUnderTest Bot { get; }
    public FakeTimeProvider Clock { get; }
    public Database Db => Bot.Services.GetRequiredService<Database>();

    /// <summary>Starts an emulator and the bot on a fake clock, and sets up the cell with <paramref name="rubricId"/>.
    /// Disposing stops the bot and the emulator.</summary>
    /// <param name="settings">Extra configuration keys, as for <see cref="BotUnderTest"/>.</param>
    public static async Task<CellScenario> StartAsync(string rubricId = "bac-giang-2019", Xunit.Abstractions.ITestOutputHelper? output = null, DateTimeOffset? now = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var emulator = await TelegramEmulator.StartAsync();
        var clock = new FakeTimeProvider(now ?? Now);
        BotUnderTest? bot = null;
        try
        {
            bot = await BotUnderTest.StartAsync(emulator, settings: settings, customize: b => b.Services.AddSingleton<TimeProvider>(clock), output: output);
            var scenario = new CellScenario(emulator, bot, clock);
            await scenario.SetUpCellAsync(rubricId);
            return scenario;
        }
        catch
        {
            if (bot is not null) await bot.DisposeAsync();
            await emulator.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await Bot.DisposeAsync(); }
        finally { await Emulator.DisposeAsync(); }
    }

    private async Task SetUpCellAsync(string rubricId)
    {
        var admin = TestUsers.Admin;
        await InGroupAsync(admin, $"/taochibo {CellName}");
        await InGroupAsync(admin, $"/khungdiem {rubricId}");
        await InGroupAsync(admin, "/dangphi 20000");
        await InGroupAsync(admin, "/themdv " + string.Join("\n", Names.Select((n, i) => i == Names.Length - 1 ? n + ", miễn" : n)));
        await LinkAsync(TestUsers.Binh, 1);
        await LinkAsync(TestUsers.Cuong, 2);
        await InGroupAsync(admin, "/bonhiem 1 bithu");
        Assert.Contains("Trần Thị Bình là bí thư", Emulator.LastMessageIn(GroupId)!.Text, StringComparison.Ordinal);
    }

    /// <summary>The member says "/toila n" in the group and the admin presses Xác nhận under the request.</summary>
    public async Task LinkAsync(TgUser user, int number)
    {
        await InGroupAsync(user, $"/toila {number}");
        var request = Emulator.MessagesIn(GroupId).Last(m => m.AllButtons.Any(b => b.Text.Contains("Xác nhận", StringComparison.Ordinal)));
        await Emulator.PressAndWaitAsync(TestUsers.Admin, request, "Xác nhận");
        Assert.Contains("liên kết", Emulator.LastMessageIn(GroupId)!.Text, StringComparison.Ordinal);
    }

    public Task<int> InGroupAsync(TgUser user, string text) => Emulator.SendTextAndWaitAsync(user, GroupId, text, GroupTitle);

    public Task<int> PrivateAsync(TgUser user, string text) => Emulator.SendPrivateTextAndWaitAsync(user, text);

    /// <summary>The bot's latest message in the user's private chat: the review prompt.</summary>
    public BotMessage Prompt(TgUser user) => Emulator.LastMessageIn(user.Id) ?? throw new InvalidOperationException($"No message to {user.FirstName}.");

    /// <summary>The question asked after a derived criterion was scored against the suggestion without a reason.</summary>
    public const string ReasonQuestion = "Đồng chí gõ lý do ngắn gọn";

    /// <summary>Answers "bỏ qua" when the bot asks why a score differs from its suggestion (tests not about overrides).</summary>
    public async Task SkipReasonQuestionAsync(TgUser user)
    {
        if (Prompt(user).Text.Contains(ReasonQuestion, StringComparison.Ordinal)) await PrivateAsync(user, "bỏ qua");
    }

    public Task<int> PressAsync(TgUser user, string label) => Emulator.PressAndWaitAsync(user, Prompt(user), label);

    public ReviewDoc? Review(int year = 2026, int month = 11) => Db.AllReviews().FirstOrDefault(r => r.Year == year && r.Month == month);

    public PostedRecord? Posted(int year = 2026, int month = 11) => Db.Records.FindOne(r => r.Year == year && r.Month == month);

    public static Rubric Rubric(string id) => BuiltInRubrics.Get(id);
}
