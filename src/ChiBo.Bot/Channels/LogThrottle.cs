namespace ChiBo.Bot.Channels;

/// <summary>
/// Keeps a repeated log line from flooding the log (unauthenticated webhook requests can come by the thousand): the
/// first occurrence of a kind is logged, the next ones within <see cref="Window"/> are only counted, and the first one
/// after the window is logged with that count.
/// </summary>
public sealed class LogThrottle(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Since, int Suppressed)> _kinds = [];

    /// <summary>True when this occurrence of <paramref name="kind"/> should be logged; <paramref name="suppressed"/> is then how
    /// many were left out since the last logged one.</summary>
    public bool ShouldLog(string kind, out int suppressed)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_kinds.TryGetValue(kind, out var seen) && now - seen.Since < Window)
            {
                _kinds[kind] = seen with { Suppressed = seen.Suppressed + 1 };
                suppressed = 0;
                return false;
            }
            suppressed = seen.Suppressed;
            _kinds[kind] = (now, 0);
            return true;
        }
    }
}
