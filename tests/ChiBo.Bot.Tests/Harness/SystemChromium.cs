using PuppeteerSharp;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c>, installed by .ci/run; <c>CHIBO_CHROMIUM</c> overrides the path) driven
/// by PuppeteerSharp, headless, with nothing downloaded and no traffic of its own. Screenshots go to
/// <c>artifacts/screenshots/</c> at the repository root (or <c>CHIBO_ARTIFACTS</c>), kept as the run's artifacts.
/// </summary>
public sealed class SystemChromium : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHIBO_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"No Chromium at {ExecutablePath}: install Debian's chromium (apt-get install -y chromium, as .ci/run does) or set CHIBO_CHROMIUM.");
        Chromium = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
    }

    /// <summary>A new page at <paramref name="width"/> CSS pixels wide (phone height).</summary>
    public async Task<IPage> PageAsync(int width = 360)
    {
        var page = await Chromium.NewPageAsync();
        page.DefaultTimeout = 15_000;
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = width < 600 ? 740 : 900 });
        return page;
    }

    /// <summary>A full-page screenshot saved as a test artifact; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("CHIBO_ARTIFACTS") is { Length: > 0 } custom ? custom : Path.Combine(RepositoryRoot(), "artifacts");
        var path = Path.Combine(dir, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = true });
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ChiBo.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
