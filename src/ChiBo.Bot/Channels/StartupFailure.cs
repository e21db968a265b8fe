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

    public void StopHost()
    {
        ExitCode = FailedExitCode;
        lifetime.StopApplication();
    }
}
