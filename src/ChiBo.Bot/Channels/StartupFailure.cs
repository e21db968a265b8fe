namespace ChiBo.Bot.Channels;

/// <summary>A channel or the webhook listener that cannot start (a rejected token, an address in use) stops the
/// whole host with exit code 3, after one critical log line saying which setting to check. The code is kept here,
/// per host, and returned by <c>Program</c>; the process-wide <see cref="Environment.ExitCode"/> is left alone, so
/// hosts running side by side (the tests) do not see each other's failures.</summary>
public sealed class StartupFailure(IHostApplicationLifetime lifetime)
{
    public const int FailedExitCode = 3;

    /// <summary>0 until a channel failed to start.</summary>
    public int ExitCode { get; private set; }

    /// <summary>A service that stopped the host by throwing (the host logs it and stops).</summary>
    public const int CrashedExitCode = 1;

    public void StopHost()
    {
        ExitCode = FailedExitCode;
        lifetime.StopApplication();
    }

    /// <summary>The process's exit code once the host stopped: <see cref="ExitCode"/>, or <see cref="CrashedExitCode"/> when a
    /// background service ended with an exception, so a supervisor restarting on failure restarts it (never 0 after a crash).</summary>
    public int ExitCodeAfterStop(IServiceProvider services) =>
        ExitCode != 0 ? ExitCode
        : services.GetServices<IHostedService>().OfType<BackgroundService>().Any(s => s.ExecuteTask is { IsFaulted: true }) ? CrashedExitCode
        : 0;
}
