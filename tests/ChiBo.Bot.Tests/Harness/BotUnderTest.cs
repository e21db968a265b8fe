using ChiBo.Bot.Tests.Emulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>Users the tests share. The admin is in ChiBo:Admins unless a test says otherwise.</summary>
public static class TestUsers
{
    public static readonly TgUser Admin = new(1001, "An", "Nguyễn Văn", "admin_an");
    public static readonly TgUser Binh = new(1002, "Bình", "Trần Thị", "binh_tt");
    public static readonly TgUser Cuong = new(1003, "Cường", "Lê Văn");
    public static readonly TgUser Stranger = new(1999, "Khách");
}

/// <summary>
/// The real ChiBo host (<see cref="BotHost.Build"/>) pointed at a <see cref="TelegramEmulator"/> and/or a <see cref="ZaloEmulator"/>, with its own temporary
/// database file and every log line captured in <see cref="Logs"/>. It can be stopped and started again on the same
/// database and emulator (a restart, or a crash mid-conversation). Disposing stops the host and deletes the files;
/// the emulator belongs to the test.
/// </summary>
public sealed class BotUnderTest : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<HostApplicationBuilder>? _customize;
    private readonly TelegramEmulator? _telegram;
    private IHost? _host;
    private bool _stopped;

    /// <param name="settings">Extra configuration keys ("ChiBo:DefaultDues" …); they override the defaults.</param>
    /// <param name="customize">Runs after the harness's own settings, e.g. to replace the TimeProvider.</param>
    /// <param name="zalo">Also (or, with a null Telegram emulator, only) run the Zalo channel against this emulator;
    /// <see cref="ZaloTestUsers.Admin"/> is then an admin too.</param>
    public BotUnderTest(
        TelegramEmulator? emulator,
        TgUser? admin = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<HostApplicationBuilder>? customize = null,
        ITestOutputHelper? output = null,
        ZaloEmulator? zalo = null)
    {
        if (emulator is null && zalo is null) throw new ArgumentException("The bot needs at least one emulator.", nameof(emulator));
        _telegram = emulator;
        Zalo = zalo;
        Admin = admin ?? TestUsers.Admin;
        DataDirectory = Path.Combine(Path.GetTempPath(), "chibo-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        DatabasePath = Path.Combine(DataDirectory, "chibo.db");
        Logs = new LogCapture { Output = output };
        _customize = customize;
        _settings = new Dictionary<string, string?>
        {
            ["ChiBo:Storage:Path"] = DatabasePath,
            ["ChiBo:Admins:0"] = Admin.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ChiBo:Backup:Enabled"] = "false", // on by default; StorageTests turn it on where it is what they test
        };
        if (emulator is not null)
        {
            _settings["ChiBo:Telegram:Token"] = emulator.Token;
            _settings["ChiBo:Telegram:ApiBaseUrl"] = emulator.BaseUrl;
            _settings["ChiBo:Telegram:PollingTimeoutSeconds"] = "2";
            // Most tests run on a fake clock that only moves when told: Telegram's limits are off unless a test sets them.
            _settings["ChiBo:Telegram:Limits:MessagesPerSecond"] = "0";
            _settings["ChiBo:Telegram:Limits:PerChatPerSecond"] = "0";
            _settings["ChiBo:Telegram:Limits:PerGroupPerMinute"] = "0";
        }
        if (zalo is not null)
        {
            _settings["ChiBo:Zalo:Token"] = zalo.Token;
            _settings["ChiBo:Zalo:ApiBaseUrl"] = zalo.BaseUrl;
            _settings["ChiBo:Zalo:PollingTimeoutSeconds"] = "2";
            _settings["ChiBo:Admins:1"] = ZaloTestUsers.Admin.Key;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    /// <summary>Creates the harness and starts the bot, returning once it polls for updates.</summary>
    public static async Task<BotUnderTest> StartAsync(
        TelegramEmulator? emulator,
        TgUser? admin = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<HostApplicationBuilder>? customize = null,
        ITestOutputHelper? output = null,
        ZaloEmulator? zalo = null)
    {
        var bot = new BotUnderTest(emulator, admin, settings, customize, output, zalo);
        try
        {
            await bot.StartAsync();
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    /// <summary>The Telegram emulator; throws when the bot runs on Zalo only.</summary>
    public TelegramEmulator Emulator => _telegram ?? throw new InvalidOperationException("This bot runs without Telegram.");

    /// <summary>The Zalo emulator, or null when the bot runs on Telegram only.</summary>
    public ZaloEmulator? Zalo { get; }
    public TgUser Admin { get; }
    public string DataDirectory { get; }
    public string DatabasePath { get; }

    /// <summary>Log lines of every run of the host, in order.</summary>
    public LogCapture Logs { get; }

    /// <summary>How many times the host was started.</summary>
    public int Starts { get; private set; }

    /// <summary>The current host; throws when none was started.</summary>
    public IHost Host => _host ?? throw new InvalidOperationException("The bot host is not running; call StartAsync.");

    public IServiceProvider Services => Host.Services;

    public IHostApplicationLifetime Lifetime => Services.GetRequiredService<IHostApplicationLifetime>();

    /// <summary>Builds and starts a new host on the same database. With <paramref name="waitUntilPolling"/> it returns
    /// once the bot has registered its commands and called getUpdates, and fails fast if the host stops instead.</summary>
    public async Task StartAsync(bool waitUntilPolling = true, TimeSpan? timeout = null)
    {
        if (_host is not null) throw new InvalidOperationException("The bot host is already running; StopAsync first.");
        var mark = _telegram?.CallCount ?? 0;
        var zaloMark = Zalo?.CallCount ?? 0;
        _stopped = false;
        _host = BotHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(_settings);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(Logs);
            builder.Logging.AddFilter<LogCapture>(null, LogLevel.Debug);
            _customize?.Invoke(builder);
        });
        Starts++;
        // "Processed" means answered: the bot's outbox sends while it polls on.
        Func<Task> settle = () => _host?.Services.GetService<ChiBo.Bot.Channels.Outbox>()?.WhenIdleAsync() ?? Task.CompletedTask;
        if (_telegram is not null) _telegram.Settle = settle;
        if (Zalo is not null) Zalo.Settle = settle;
        await _host.StartAsync();
        if (!waitUntilPolling) return;

        var stopping = Task.Delay(Timeout.Infinite, Lifetime.ApplicationStopping);
        var ready = WaitUntilPollingAsync(mark, zaloMark, timeout);
        if (await Task.WhenAny(ready, stopping) != ready)
            throw new InvalidOperationException("The bot host stopped while starting. Log:\n" + string.Join('\n', Logs.Lines));
        await ready;
        // What was saved before the start (a crash, reminders that fell due) goes out once the channels registered.
        await Services.GetRequiredService<ChiBo.Bot.Channels.Outbox>().WhenIdleAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
    }

    /// <summary>Waits until the host stops by itself (e.g. after a rejected token) and has shut down.</summary>
    public async Task WaitForShutdownAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? _telegram?.DefaultTimeout ?? Zalo!.DefaultTimeout;
        try
        {
            await Host.WaitForShutdownAsync().WaitAsync(limit);
            _stopped = true;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The bot host did not stop by itself within {limit.TotalSeconds:0.#} s.\n{_telegram?.Describe()}\n{Zalo?.Describe()}");
        }
    }

    /// <summary>Stops and disposes the current host (the database file stays).</summary>
    public async Task StopAsync()
    {
        if (_host is not { } host) return;
        _host = null;
        try
        {
            if (!_stopped)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await host.StopAsync(cts.Token);
            }
        }
        finally
        {
            if (host is IAsyncDisposable async) await async.DisposeAsync();
            else host.Dispose();
        }
    }

    /// <summary>Stops the host and starts a new one on the same database and emulator.</summary>
    public async Task RestartAsync(TimeSpan? timeout = null)
    {
        await StopAsync();
        await StartAsync(waitUntilPolling: true, timeout);
    }

    /// <summary>True if any captured line contains <paramref name="text"/> (message or exception).</summary>
    public bool LogContains(string text) => Logs.Lines.Any(l => l.Text.Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Logs.Output = null;
            try { Directory.Delete(DataDirectory, recursive: true); }
            catch (IOException) { /* a file still open: the OS temp cleaner will get it */ }
            catch (UnauthorizedAccessException) { }
        }
    }

    private async Task WaitUntilPollingAsync(int mark, int zaloMark, TimeSpan? timeout)
    {
        if (_telegram is not null)
        {
            await _telegram.WaitForCallAsync("setMyCommands", c => c.Str("scope")?.Contains("all_group_chats", StringComparison.Ordinal) == true, mark, timeout);
            await _telegram.WaitForCallAsync("getUpdates", after: mark, timeout: timeout);
        }
        if (Zalo is not null) await Zalo.WaitForCallAsync("getUpdates", after: zaloMark, timeout: timeout);
    }
}
