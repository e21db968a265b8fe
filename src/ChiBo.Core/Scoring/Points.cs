using System.Globalization;
using ChiBo.Core.Rubrics;

namespace ChiBo.Core.Scoring;

/// <summary>The rule for one criterion's score: 0 to its max, in steps of half a point.</summary>
public static class Points
{
    public const decimal Step = 0.5m;

    /// <summary>Checks a score for a criterion; the error says why in Vietnamese, ready to show.</summary>
    public static bool TryValidate(Criterion criterion, double value, out decimal points, out string error)
    {
        points = 0;
        error = "";
        var max = Vietnamese.Points(criterion.MaxPoints);
        if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) > 1_000_000)
        {
            error = $"Điểm phải là một số từ 0 đến {max}.";
            return false;
        }
        var d = (decimal)value;
        if (d < 0 || d > criterion.MaxPoints)
        {
            error = $"Điểm {Vietnamese.Number(d)} nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến {max} điểm.";
            return false;
        }
        if (d % Step != 0)
        {
            error = $"Điểm {Vietnamese.Number(d)} không hợp lệ: chỉ chấm điểm nguyên hoặc nửa điểm ({Example(criterion)}).";
            return false;
        }
        points = d;
        return true;
    }

    /// <summary>Reads a typed score: "4", "4.5", "4,5", "4 điểm". Says what went wrong otherwise.</summary>
    public static bool TryParse(Criterion criterion, string? text, out decimal points, out string error)
    {
        points = 0;
        var s = (text ?? "").Trim().ToLowerInvariant();
        if (s.EndsWith("điểm")) s = s[..^"điểm".Length].Trim();
        s = s.Replace(',', '.');
        if (s.Length == 0 || s.Length > 12 || !double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            error = $"\"{Trim(text)}\" không phải là số điểm. Hãy gõ một số từ 0 đến {Vietnamese.Points(criterion.MaxPoints)}, {Example(criterion)}.";
            return false;
        }
        return TryValidate(criterion, value, out points, out error);
    }

    /// <summary>"ví dụ 3 hoặc 2,5": two valid scores for this criterion.</summary>
    public static string Example(Criterion criterion) =>
        $"ví dụ {Vietnamese.Points(criterion.MaxPoints)} hoặc {Vietnamese.Points(criterion.MaxPoints - Step)}";

    private static string Trim(string? text) => Vietnamese.Shorten(text, 30);
}

/// <summary>A meeting's scores against a rubric: the total only once every criterion is scored.</summary>
public sealed record Scorecard(Rubric Rubric, IReadOnlyDictionary<string, decimal> Scores)
{
    public IReadOnlyList<Criterion> Unscored => Rubric.Criteria.Where(c => !Scores.ContainsKey(c.Id)).ToList();

    public bool IsComplete => Unscored.Count == 0;

    /// <summary>The total, or null while a criterion is unscored.</summary>
    public decimal? Total => IsComplete ? Rubric.Criteria.Sum(c => Scores[c.Id]) : null;

    public Rating? Rating => Total is { } t ? MonthlyRating.For(t) : null;

    public string? RatingLabel => Rating is { } r ? Rubric.Labels.For(r) : null;

    /// <summary>The criteria scored below their max, with the points lost.</summary>
    public IReadOnlyList<(Criterion Criterion, decimal Points, decimal Lost)> LostPoints =>
        Rubric.Criteria
            .Where(c => Scores.TryGetValue(c.Id, out var p) && p < c.MaxPoints)
            .Select(c => (c, Scores[c.Id], c.MaxPoints - Scores[c.Id]))
            .ToList();
}
