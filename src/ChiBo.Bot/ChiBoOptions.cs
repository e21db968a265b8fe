using ChiBo.Core.Ratings;
using ChiBo.Core.Rubrics;

namespace ChiBo.Bot;

/// <summary>Every setting, bound from the "ChiBo" section (environment: ChiBo__Telegram__Token …).</summary>
public sealed class ChiBoOptions
{
    public const string Section = "ChiBo";

    public TelegramOptions Telegram { get; set; } = new();
    public StorageOptions Storage { get; set; } = new();
    public ZaloOptions Zalo { get; set; } = new();
    public HttpOptions Http { get; set; } = new();
    public BackupOptions Backup { get; set; } = new();

    /// <summary>How the outbox sends: calls in flight at once, and the time one call may take.</summary>
    public Channels.OutboxOptions Outbox { get; set; } = new();

    /// <summary>Who may register cells and appoint officers: Telegram user ids ("123456"),
    /// or "channel:id" for other channels ("zalo:abc").</summary>
    public List<string> Admins { get; set; } = [];

    /// <summary>Asked on every update that checks a permission: compared in place, nothing allocated.</summary>
    public bool IsAdmin(string userKey)
    {
        const string telegram = "telegram:";
        foreach (var a in Admins)
            if (a == userKey || (!a.Contains(':') && userKey.StartsWith(telegram, StringComparison.Ordinal) && userKey.AsSpan(telegram.Length).SequenceEqual(a)))
                return true;
        return false;
    }

    /// <summary>The rubric a newly registered cell scores with.</summary>
    public string DefaultRubric { get; set; } = BuiltInRubrics.BacGiang2019;

    /// <summary>Extra rubric JSON files to load at start (see README, "Rubrics").</summary>
    public List<string> RubricFiles { get; set; } = [];

    /// <summary>IANA time zone the cells live in.</summary>
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";

    /// <summary>Default dues per member per month, in đồng; a cell can change it.</summary>
    public decimal DefaultDues { get; set; }

    /// <summary>Days off beyond weekends, the fixed holidays, Tết and Giỗ Tổ (a year's bridge days, 3/9 instead of 1/9), as yyyy-MM-dd.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>The official Tết span around lunar New Year's day (computed from the Vietnamese calendar).</summary>
    public TetOptions Tet { get; set; } = new();

    public MissingMonthPolicy MissingMonths { get; set; } = MissingMonthPolicy.CountAsPoor;

    /// <summary>/vangnhieu lists members absent (with or without reason) at this many meetings of the period or more.</summary>
    public int AbsenceThreshold { get; set; } = 3;

    /// <summary>Whether a committee member may set the committee's own total of a cell's month (/dieuchinh), beside the self-assessed one.</summary>
    public bool CommitteeMayAdjustScores { get; set; } = true;

    /// <summary>The cells' time zone; UTC+7 when the system does not know <see cref="TimeZone"/>.</summary>
    public TimeZoneInfo Zone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(TimeZone); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("UTC+7", TimeSpan.FromHours(7), "UTC+7", "UTC+7"); }
    }
}

public sealed class TelegramOptions
{
    /// <summary>The bot token from @BotFather. Secret: never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Bot API server; empty means Telegram's own (https://api.telegram.org).</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Long-polling timeout in seconds.</summary>
    public int PollingTimeoutSeconds { get; set; } = 30;

    /// <summary>Polling (default) or Webhook (Telegram calls <see cref="Webhook"/>'s URL).</summary>
    public ChannelMode Mode { get; set; }

    public WebhookOptions Webhook { get; set; } = new();

    /// <summary>Telegram's limits, kept before Telegram enforces them; raise them for a local Bot API server or a benchmark.</summary>
    public Channels.SendLimits Limits { get; set; } = Channels.SendLimits.Telegram();
}

public sealed class TetOptions
{
    /// <summary>Days off before lunar New Year's day (default 1: the last day of the lunar year).</summary>
    public int DaysBefore { get; set; } = 1;

    /// <summary>Days off after lunar New Year's day (default 3: up to the 4th of the new year).</summary>
    public int DaysAfter { get; set; } = 3;
}

public sealed class StorageOptions
{
    /// <summary>LiteDB file, created on first run.</summary>
    public string Path { get; set; } = "data/chibo.db";

    /// <summary>Optional LiteDB encryption password. Secret: never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Only for the <c>rekey</c> command: the password the file gets (empty: no encryption). Secret: never logged.</summary>
    public string? NewPassword { get; set; }
}

/// <summary>Daily online copies of the database (Scheduling/Backups.cs), README "Backups".</summary>
public sealed class BackupOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Where the copies go; empty: a "backups" folder next to the database file.</summary>
    public string? Folder { get; set; }

    /// <summary>The local time of day (ChiBo:TimeZone) after which the day's copy is taken.</summary>
    public TimeOnly At { get; set; } = new(3, 0);

    /// <summary>How many of the latest daily copies are kept.</summary>
    public int Daily { get; set; } = 7;

    /// <summary>How many months keep their first copy (on top of the daily ones).</summary>
    public int Monthly { get; set; } = 12;

    public string FolderFor(string databasePath) =>
        string.IsNullOrWhiteSpace(Folder) ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(databasePath))!, "backups") : Folder;
}
