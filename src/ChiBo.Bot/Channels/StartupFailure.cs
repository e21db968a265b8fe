namespace ChiBo.Bot.Channels;

/// <summary>A channel or the webhook listener that cannot start (a rejected token, an address in use) stops the
/// whole host with exit code 3, after one critical log line saying which setting to check.</summary>
public static class StartupFailure
{
    public const int ExitCode = 3;

    public static void StopHost(IHostApplicationLifetime lifetime)
    {
        Environment.ExitCode = ExitCode;
        lifetime.StopApplication();
    }
}
