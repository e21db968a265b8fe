using System.Globalization;
using System.Text;

namespace ChiBo.Core;

/// <summary>How numbers and dates are written for Vietnamese readers: "4,5", "94,4%", "03/11/2026".</summary>
public static class Vietnamese
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>Points: "4", "4,5", "89,5".</summary>
    public static string Points(decimal points) =>
        // A whole number of points (most scores) prints as its digits, without the custom format's slower path.
        !decimal.IsNegative(points) && points <= 1_000_000 && points == decimal.Truncate(points)
            ? ((int)points).ToString(Culture)
            : points.ToString("0.#", Culture);

    /// <summary>Any number up to two decimals: "0,25" (an invalid score echoed back), "86,67" (an average of totals).</summary>
    public static string Number(decimal value) => value.ToString("0.##", Culture);

    /// <summary>A ratio as a percentage with one decimal, no space before the sign: "94,4%".</summary>
    public static string Percent(decimal ratio) => (ratio * 100m).ToString("0.#", Culture) + "%";

    /// <summary>Money in đồng: "20.000 đ".</summary>
    public static string Money(decimal amount) => amount.ToString("#,0", Culture) + " đ";

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>"03/11": a day of the month on a button.</summary>
    public static string DayMonth(DateOnly date) => date.ToString("dd/MM", CultureInfo.InvariantCulture);

    private static readonly string[] Weekdays = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

    /// <summary>"Thứ Ba".</summary>
    public static string Weekday(DateOnly date) => Weekdays[(int)date.DayOfWeek];

    /// <summary>The text trimmed and cut after <paramref name="max"/> characters as a reader counts them (text elements, so an
    /// emoji or a letter with its marks is never split in half), with "…" when cut.</summary>
    public static string Shorten(string? text, int max)
    {
        var t = (text ?? "").Trim();
        if (t.Length <= max) return t; // never more text elements than chars: nothing to cut (most names, every button)
        var info = new StringInfo(t);
        return info.LengthInTextElements > max ? info.SubstringByTextElements(0, max) + "…" : t;
    }

    public static string DateTime(DateTimeOffset at) => at.ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>Text folded for matching typed words: trimmed, lower case, no diacritics, đ → d, single spaces ("Đủ  điểm" → "du diem").</summary>
    public static string Fold(string text)
    {
        var normalized = text.Trim().ToLowerInvariant().Replace('đ', 'd').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        foreach (var ch in normalized)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(ch);
        return string.Join(' ', sb.ToString().Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>"lúc 09:00 ngày 04/12/2026".</summary>
    public static string At(DateTimeOffset at) => $"lúc {at.ToString("HH:mm", CultureInfo.InvariantCulture)} ngày {at.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}";

    /// <summary>How long ago, as a cell's papers say it: "vừa xong", "5 phút trước", "3 giờ trước", "2 ngày trước".</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        if (span < TimeSpan.FromMinutes(1)) return "vừa xong";
        if (span < TimeSpan.FromHours(1)) return $"{(int)span.TotalMinutes} phút trước";
        if (span < TimeSpan.FromDays(1)) return $"{(int)span.TotalHours} giờ trước";
        if (span < TimeSpan.FromDays(60)) return $"{(int)span.TotalDays} ngày trước";
        return span < TimeSpan.FromDays(730) ? $"{(int)(span.TotalDays / 30)} tháng trước" : $"{(int)(span.TotalDays / 365)} năm trước";
    }
}
