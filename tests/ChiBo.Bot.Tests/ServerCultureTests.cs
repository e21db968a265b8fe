using System.Globalization;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>Changes the process's default culture, so it runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(ServerCultureTests), DisableParallelization = true)]
public sealed class ServerCultureCollection;

/// <summary>A server whose culture is not Vietnamese or invariant (another date or time separator, another calendar) shows and
/// accepts the same dates: what a user sees never depends on where the bot runs.</summary>
[Collection(nameof(ServerCultureTests))]
public sealed class ServerCultureTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("de-DE")] // date separator "."
    [InlineData("th-TH")] // Buddhist calendar: the year 2569
    [InlineData("fi-FI")] // time separator "."
    public async Task Meeting_days_and_times_read_and_store_the_same_under_any_server_culture(string culture)
    {
        var (before, beforeUi) = (CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture);
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            // 10/11/2026 at 10:00; the cell meets on the 3rd.
            await using var s = await CellScenario.StartAsync(output: output);
            await s.PrivateAsync(TestUsers.Binh, "/danhgia");

            var buttons = s.Prompt(TestUsers.Binh).AllButtons.ToList();
            Assert.Contains(buttons, b => b.Text == "Hôm nay 10/11" && b.Data!.EndsWith(":d:20261110", StringComparison.Ordinal));
            Assert.Contains(buttons, b => b.Text == "Ngày 03/11" && b.Data!.EndsWith(":d:20261103", StringComparison.Ordinal));

            await s.PrivateAsync(TestUsers.Binh, "03/11/2026 14:00-16:30"); // stored, then read back from the file
            var record = s.Review()!.Record;
            Assert.Equal((new DateOnly(2026, 11, 3), new TimeOnly(14, 0), new TimeOnly(16, 30)), (record.Date!.Value, record.Start!.Value, record.End!.Value));
            Assert.Contains("Bước 2/6 · Điểm danh", s.Prompt(TestUsers.Binh).Text, StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture) = (before, beforeUi);
        }
    }
}
