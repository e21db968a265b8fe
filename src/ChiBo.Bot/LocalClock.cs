namespace ChiBo.Bot;

/// <summary>The cells' local time: the injected <see cref="TimeProvider"/> seen in the configured time zone.</summary>
public static class LocalClock
{
    public static TimeZoneInfo Zone(this ChiBoOptions options)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("UTC+7", TimeSpan.FromHours(7), "UTC+7", "UTC+7"); }
    }

    public static DateTimeOffset LocalNow(this TimeProvider time, ChiBoOptions options) => TimeZoneInfo.ConvertTime(time.GetUtcNow(), options.Zone());

    public static DateOnly Today(this TimeProvider time, ChiBoOptions options) => DateOnly.FromDateTime(time.LocalNow(options).DateTime);
}
