using System.Globalization;
using System.Text.RegularExpressions;
using ChiBo.Core;

namespace ChiBo.Bot.Flows;

/// <summary>A year typed after a command ("2026", "năm 2026"), and a cell named before it ("3 2026", "Khu phố 3 năm 2026").</summary>
public static partial class Periods
{
    /// <summary>The year typed, or <paramref name="current"/>'s year when none; says how to write it otherwise.</summary>
    public static bool TryYear(string text, string command, YearMonth current, out int year, out string error)
    {
        year = current.Year;
        error = "";
        var t = text.Trim();
        var m = YearPattern().Match(t);
        if (t.Length > 0 && !(m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 2100))
            error = $"Không hiểu năm \"{Short(t)}\". Hãy gõ theo mẫu: {command} {current.Year}.";
        else if (year > current.Year)
            error = $"Năm {year} chưa bắt đầu.";
        return error.Length == 0;
    }

    /// <summary>"3 2026" → ("3", "2026"); "Khu phố 3" → ("Khu phố 3", ""); "2026" → ("", "2026").</summary>
    public static (string Selector, string Year) SplitYear(string args)
    {
        var a = args.Trim();
        var m = TrailingYear().Match(a);
        return m.Success ? (a[..m.Index].Trim(), m.Groups[1].Value) : (a, "");
    }

    /// <summary>The first word folded ("thang", "quy", "nam") and the rest.</summary>
    public static (string Kind, string Tail) SplitKind(string args)
    {
        var words = args.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return (words.Length == 0 ? "" : Roster.Fold(words[0]), words.Length > 1 ? words[1].Trim() : "");
    }

    /// <summary>An argument echoed back: at most 30 characters as a reader counts them, then "…".</summary>
    public static string Short(string text) => Vietnamese.Shorten(text, 30);

    [GeneratedRegex(@"^(?:năm\s*|nam\s*)?(\d{4})$", RegexOptions.IgnoreCase)] private static partial Regex YearPattern();

    [GeneratedRegex(@"(?:^|\s)(?:năm\s*|nam\s*)?(\d{4})$", RegexOptions.IgnoreCase)] private static partial Regex TrailingYear();
}
