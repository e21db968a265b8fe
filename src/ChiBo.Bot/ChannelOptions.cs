namespace ChiBo.Bot;

/// <summary>How a channel receives updates.</summary>
public enum ChannelMode
{
    /// <summary>The bot asks the messenger for updates (getUpdates).</summary>
    Polling,
    /// <summary>The messenger posts each update to <see cref="WebhookOptions.PublicUrl"/>.</summary>
    Webhook,
}

/// <summary>A channel's webhook: where the messenger posts updates and the secret it must send with them.</summary>
public sealed class WebhookOptions
{
    /// <summary>The public HTTPS address that reaches this host's webhook path (for example
    /// https://bot.example.org/webhooks/telegram through a reverse proxy to <see cref="HttpOptions.Urls"/>).</summary>
    public string? PublicUrl { get; set; }

    /// <summary>8 to 256 letters, digits, '_' or '-'; the messenger sends it back in a header. Secret: never logged.</summary>
    public string? Secret { get; set; }
}

/// <summary>The Zalo Bot Platform channel (see ../shared/ZALO_BOT_API.md). On when <see cref="Token"/> is set.</summary>
public sealed class ZaloOptions
{
    public const string DefaultApiBaseUrl = "https://bot-api.zaloplatforms.com";

    /// <summary>The bot token ("bot_id:secret") from Zalo Bot Manager. Secret: never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Bot API server; empty means Zalo's own.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Long-polling timeout in seconds (getUpdates returns one event, or nothing after this long).</summary>
    public int PollingTimeoutSeconds { get; set; } = 30;

    public ChannelMode Mode { get; set; }

    public WebhookOptions Webhook { get; set; } = new();

    /// <summary>Messages a month (sent and received) the Zalo plan allows; the admins are warned at 80 % and 100 %, and from 80 %
    /// reminders are left out. 0 counts without limit.</summary>
    public int MonthlyQuota { get; set; } = 3000;

    /// <summary>How long the channel pauses after Zalo answers 429 (quota exceeded) before trying to send again.</summary>
    public int QuotaPauseSeconds { get; set; } = 900;

    /// <summary>The least time between two polls when an empty poll answers at once.</summary>
    public int MinPollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Zalo documents no sending limits: none by default (its 429 still pauses sending, see ZaloSender).</summary>
    public Channels.SendLimits Limits { get; set; } = new();
}

/// <summary>The HTTP listener for webhooks and the bot's pages; started when a channel is in webhook mode or
/// <see cref="PublicUrl"/> is set.</summary>
public sealed class HttpOptions
{
    /// <summary>Where Kestrel listens, ';'-separated ("http://127.0.0.1:8080").</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The public https address that reaches <see cref="Urls"/> through the TLS proxy ("https://bot.example.org"):
    /// the web form and signed links are offered only when it is set.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The key that signs web links (at least 32 characters); empty: one is generated and kept in the database.
    /// Secret: never logged.</summary>
    public string? LinkKey { get; set; }
}
