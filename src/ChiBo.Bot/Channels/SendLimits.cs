namespace ChiBo.Bot.Channels;

/// <summary>A channel's sending limits (ChiBo:Telegram:Limits, ChiBo:Zalo:Limits); 0 switches a limit off. Telegram's
/// defaults are its documented ones, kept before Telegram enforces them; a local Bot API server or a benchmark raises them.
/// Every message and every edit counts once.</summary>
public sealed class SendLimits
{
    /// <summary>Messages in any second for the whole bot (Telegram: about 30).</summary>
    public int MessagesPerSecond { get; set; }

    /// <summary>Messages per second to one chat (Telegram: about 1), <see cref="PerChatBurst"/> of them at once.</summary>
    public double PerChatPerSecond { get; set; }

    public int PerChatBurst { get; set; } = 3;

    /// <summary>Messages in any minute to one group (Telegram: 20).</summary>
    public int PerGroupPerMinute { get; set; }

    public static SendLimits Telegram() => new() { MessagesPerSecond = 30, PerChatPerSecond = 1, PerChatBurst = 3, PerGroupPerMinute = 20 };
}

/// <summary>
/// <see cref="SendLimits"/> kept on the injected <see cref="TimeProvider"/>: each limit is "at most N messages in any
/// window W" over the times of the last N messages, so it holds however the window is placed (the way Telegram and the
/// benchmark's emulator count). A window is kept 10 % longer than the limit's, for the jitter between taking a permit and the
/// request's arrival (a busy machine, the network): 30 a second is 30 per 1,1 s, 27,3 a second sustained. The bot-wide limit
/// is also spread over its second (a tenth of it in any 0,1 s): 30 calls started at once reach the messenger over
/// tens of milliseconds on a busy machine, so the next 30, started 1,1 s after the first, would share a second with the
/// last of them (the E2E broadcast bench drew 821 429s from 2,005 calls that way); and an answer to a person typing waits
/// for a tenth of the window, not the whole of it. (System.Threading.RateLimiting's limiters were tried: even when replenished by hand they measure time on
/// the system clock, so tests on a fake clock could not drive them.) A message goes only when every limit that applies
/// has room, so a refused one uses none. Used by the outbox's single dispatcher, under its lock.
/// </summary>
public sealed class SendLimiter(SendLimits limits, Func<string, bool> isGroup, TimeProvider time)
{
    private readonly Window? _global = limits.MessagesPerSecond > 0 ? new Window(limits.MessagesPerSecond, TimeSpan.FromSeconds(1)) : null;
    // The pace only spreads the second out; the bot-wide window above keeps the margin, so the pace needs none (with one, the
    // two margins and the timers' slack held a broadcast under 27 a second: 26.85 in the bench).
    private readonly Window? _pace = limits.MessagesPerSecond > 0 ? new Window(Math.Max(1, limits.MessagesPerSecond / 10), TimeSpan.FromSeconds(0.1), margin: false) : null;
    private readonly Dictionary<string, Window> _chats = [];
    private readonly Dictionary<string, Window> _groups = [];

    /// <summary>Takes room for one message to <paramref name="chatId"/>, or says when to ask again.</summary>
    public bool TryAcquire(string chatId, out DateTimeOffset retryAt)
    {
        var now = time.GetUtcNow();
        var burst = Math.Max(1, limits.PerChatBurst);
        var chat = limits.PerChatPerSecond > 0 ? For(_chats, chatId, () => new Window(burst, TimeSpan.FromSeconds(burst / limits.PerChatPerSecond)), now) : null;
        var group = limits.PerGroupPerMinute > 0 && isGroup(chatId) ? For(_groups, chatId, () => new Window(limits.PerGroupPerMinute, TimeSpan.FromMinutes(1)), now) : null;
        Window?[] all = [chat, group, _global, _pace];
        retryAt = DateTimeOffset.MinValue;
        foreach (var window in all.OfType<Window>())
            if (window.FreeAt(now) is { } at && at > retryAt) retryAt = at;
        if (retryAt != DateTimeOffset.MinValue) return false;
        foreach (var window in all.OfType<Window>()) window.Take(now);
        return true;
    }

    private static Window For(Dictionary<string, Window> map, string key, Func<Window> create, DateTimeOffset now)
    {
        if (!map.TryGetValue(key, out var window))
        {
            // A bot in many chats: the windows of chats quiet for a while are empty and can go.
            if (map.Count > 10_000)
                foreach (var (quiet, _) in map.Where(w => w.Value.IsEmpty(now)).ToList()) map.Remove(quiet);
            map[key] = window = create();
        }
        return window;
    }

    /// <summary>At most <paramref name="permits"/> messages in any <paramref name="length"/> (plus 10 % with a margin).</summary>
    private sealed class Window(int permits, TimeSpan length, bool margin = true)
    {
        private readonly TimeSpan _length = margin ? length + length / 10 : length;
        private readonly Queue<DateTimeOffset> _sent = new();

        /// <summary>Null when there is room now; else when there will be.</summary>
        public DateTimeOffset? FreeAt(DateTimeOffset now)
        {
            while (_sent.Count > 0 && now - _sent.Peek() >= _length) _sent.Dequeue();
            return _sent.Count < permits ? null : _sent.Peek() + _length;
        }

        public void Take(DateTimeOffset now) => _sent.Enqueue(now);

        public bool IsEmpty(DateTimeOffset now) => FreeAt(now) is null && _sent.Count == 0;
    }
}
