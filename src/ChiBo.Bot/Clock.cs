using ChiBo.Core.Meetings;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot;

/// <summary>The cells' local time: the configured time zone over the injected <see cref="TimeProvider"/>
/// (tests replace it with a fake one and move the clock).</summary>
public sealed class Clock(TimeProvider time, IOptions<ChiBoOptions> options)
{
    private readonly Lazy<TimeZoneInfo> _zone = new(() => options.Value.Zone());

    public TimeZoneInfo Zone => _zone.Value;

    public DateTimeOffset UtcNow => time.GetUtcNow();

    /// <summary>Now, in the cells' time zone.</summary>
    public DateTimeOffset Now => ToLocal(time.GetUtcNow());

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    public HolidayCalendar Holidays => new(options.Value.Holidays, new TetSpan(options.Value.Tet.DaysBefore, options.Value.Tet.DaysAfter));

    public DateTimeOffset ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>A local date and time of day as an instant.</summary>
    public DateTimeOffset At(DateOnly date, TimeOnly timeOfDay)
    {
        var local = date.ToDateTime(timeOfDay);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
