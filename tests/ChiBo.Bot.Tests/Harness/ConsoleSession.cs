using ChiBo.Bot.Console;
using ChiBo.Bot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>
/// The real ChiBo host with no messenger configured, so it runs the local console chat: each <see cref="RunAsync"/>
/// feeds a script as standard input and returns what was written to standard output, once the host stopped by itself
/// at the end of the input. Runs share one temporary database (a second run is a restart); the clock is fake.
/// </summary>
public sealed class ConsoleSession : IDisposable
{
    /// <summary>Thursday 5 November 2026, 10:00 in Hà Nội: two days after the demo cell's meeting day.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 5, 10, 0, 0, TimeSpan.FromHours(7));

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chibo-tests", Guid.NewGuid().ToString("N"));

    public ConsoleSession(ITestOutputHelper? output = null, DateTimeOffset? now = null)
    {
        Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "data", "chibo.db");
        Time = new FakeTimeProvider(now ?? DefaultNow);
        Logs = new LogCapture { Output = output };
    }

    public string DatabasePath { get; }
    public FakeTimeProvider Time { get; }
    public LogCapture Logs { get; }

    /// <summary>Runs the host on <paramref name="script"/> until it stops at the end of the input; returns the transcript.</summary>
    public async Task<string> RunAsync(string script)
    {
        var output = new StringWriter { NewLine = "\n" };
        using var host = BotHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ChiBo:Storage:Path"] = DatabasePath,
                ["ChiBo:Telegram:Token"] = "",
                ["ChiBo:Zalo:Token"] = "",
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(Logs);
            builder.Services.AddSingleton<TimeProvider>(Time);
            builder.Services.AddSingleton(new ConsoleIo(new StringReader(script), output, echo: true));
        });
        try
        {
            await host.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The console host did not stop at the end of its input. Transcript:\n" + output);
        }
        return output.ToString();
    }

    /// <summary>Reads the database the runs left behind (call between or after runs, never during one).</summary>
    public T Read<T>(Func<Database, T> query)
    {
        using var db = new Database(DatabasePath, null);
        return query(db);
    }

    public void Dispose()
    {
        Logs.Output = null;
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* a file still open: the OS temp cleaner will get it */ }
        catch (UnauthorizedAccessException) { }
    }
}
