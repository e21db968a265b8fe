using System.Globalization;
using System.Text.RegularExpressions;

namespace ChiBo.Core;

/// <summary>A calendar month, the unit a cell is rated in. Written the Vietnamese way: "tháng 11/2026".</summary>
public readonly partial record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    public static YearMonth Of(DateOnly date) => new(date.Year, date.Month);

    public DateOnly FirstDay => new(Year, Month, 1);
    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);
    public YearMonth Previous => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);
    public YearMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);
    public Quarter Quarter => new(Year, (Month - 1) / 3 + 1);

    /// <summary>Sortable key, used as a storage id ("2026-11").</summary>
    public string Key => $"{Year:D4}-{Month:D2}";

    public int CompareTo(YearMonth other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);
    public static bool operator <(YearMonth a, YearMonth b) => a.CompareTo(b) < 0;
    public static bool operator >(YearMonth a, YearMonth b) => a.CompareTo(b) > 0;
    public static bool operator <=(YearMonth a, YearMonth b) => a.CompareTo(b) <= 0;
    public static bool operator >=(YearMonth a, YearMonth b) => a.CompareTo(b) >= 0;

    /// <summary>"11/2026".</summary>
    public override string ToString() => $"{Month}/{Year}";

    /// <summary>"tháng 11/2026".</summary>
    public string ToVietnamese() => $"tháng {Month}/{Year}";

    /// <summary>Parses "11/2026", "11-2026", "2026-11" or "tháng 11/2026".</summary>
    public static bool TryParse(string? text, out YearMonth value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().ToLowerInvariant();
        if (s.StartsWith("tháng")) s = s["tháng".Length..].Trim();
        var m = MonthYear().Match(s);
        int year, month;
        if (m.Success) { month = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture); year = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture); }
        else if ((m = YearMonthIso().Match(s)).Success) { year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture); month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture); }
        else return false;
        if (month is < 1 or > 12 || year is < 2000 or > 2100) return false;
        value = new YearMonth(year, month);
        return true;
    }

    public static YearMonth Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"Not a month: '{text}'. Expected e.g. 11/2026.");

    // [0-9], not \d: \d also matches other scripts' digits ("١١/٢٠٢٦"), which int.Parse then rejects with an exception.
    [GeneratedRegex(@"^([0-9]{1,2})\s*[/\-.]\s*([0-9]{4})$")] private static partial Regex MonthYear();
    [GeneratedRegex(@"^([0-9]{4})-([0-9]{1,2})$")] private static partial Regex YearMonthIso();
}

/// <summary>A calendar quarter: "Q4/2026", shown as "quý IV/2026".</summary>
public readonly partial record struct Quarter(int Year, int Number)
{
    public YearMonth FirstMonth => new(Year, (Number - 1) * 3 + 1);
    public IReadOnlyList<YearMonth> Months => [FirstMonth, FirstMonth.Next, FirstMonth.Next.Next];

    public override string ToString() => $"Q{Number}/{Year}";
    public string ToVietnamese() => $"quý {new[] { "I", "II", "III", "IV" }[Number - 1]}/{Year}";

    /// <summary>
    /// Parses "Q4/2026", "q4-2026", "quý 4/2026" and the way it is shown, "quý IV/2026".
    /// "4/2026" is not accepted (that is a month).
    /// </summary>
    public static bool TryParse(string? text, out Quarter value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return false;
        var number = m.Groups[1].Value.ToUpperInvariant() switch
        {
            "1" or "I" => 1,
            "2" or "II" => 2,
            "3" or "III" => 3,
            _ => 4,
        };
        var year = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2100) return false;
        value = new Quarter(year, number);
        return true;
    }

    [GeneratedRegex(@"^(?:q|quý)\s*([1-4]|iv|i{1,3})\s*[/\-.\s]\s*([0-9]{4})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
