using System.Text.RegularExpressions;
using ChiBo.Core.Rubrics;

namespace ChiBo.Core.Scoring;

/// <summary>How a line of several scores was written.</summary>
public enum ScoreLineForm
{
    /// <summary>One number per criterion, in criterion order: "2 2 1 2 3 3 …".</summary>
    InOrder,
    /// <summary>Full marks except the items given: "đủ điểm, trừ 7: 2; 12: 8,5".</summary>
    FullExcept,
    /// <summary>Some criteria only: "7: 2, 12: 8,5".</summary>
    Items,
}

/// <summary>Several scores typed in one message, every value checked against its criterion. <see cref="Scores"/> holds
/// every criterion for <see cref="ScoreLineForm.InOrder"/> and <see cref="ScoreLineForm.FullExcept"/>, the items given otherwise.</summary>
public sealed record ScoreLine(ScoreLineForm Form, IReadOnlyDictionary<string, decimal> Scores);

/// <summary>What a typed message is as a score line: not one at all (a single score, a word), a valid line, or a line
/// that cannot be read as written (wrong count, bad value, unknown criterion), with every reason in Vietnamese.</summary>
public sealed record ScoreLineResult(ScoreLine? Line, string? Error)
{
    public static readonly ScoreLineResult None = new(null, null);
    public bool IsScoreLine => Line is not null || Error is not null;
}

/// <summary>
/// Reads the quick-entry forms of a whole scoring form. A message with two or more numbers in a row is always read as
/// an attempt at the whole form, so it is either complete and valid or refused: never one score plus a note.
/// </summary>
public static partial class ScoreLines
{
    /// <summary>The three forms, for messages that point the secretary to them.</summary>
    public static string Help(Rubric rubric) =>
        $"Nhập nhanh cả biểu trong một tin nhắn:\n• {rubric.Criteria.Count} số theo thứ tự tiêu chí, cách nhau bằng dấu cách: {Example(rubric)}\n"
        + $"• đủ điểm, trừ {Sample(rubric)}\n• từng mục: {Sample(rubric).Replace(';', ',')}";

    public static ScoreLineResult Parse(Rubric rubric, string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return ScoreLineResult.None;
        var full = FullMarks().Match(t);
        if (full.Success)
        {
            var scores = rubric.Criteria.ToDictionary(c => c.Id, c => c.MaxPoints);
            var after = t[full.Length..];
            var rest = Except().Replace(after, "").Trim();
            if (rest.Length == 0 && rest.Length == after.Trim().Length) return new(new ScoreLine(ScoreLineForm.FullExcept, scores), null);
            return ParseItems(rubric, rest, out var items) is { } error ? Refuse(rubric, error) : Ok(ScoreLineForm.FullExcept, scores, items);
        }
        if (ItemStart().IsMatch(t))
            return ParseItems(rubric, t, out var items) is { } error ? Refuse(rubric, error) : Ok(ScoreLineForm.Items, new Dictionary<string, decimal>(), items);

        var tokens = t.Split([' ', '\t', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2 || !Number().IsMatch(tokens[0]) || !Number().IsMatch(tokens[1])) return ScoreLineResult.None;
        var count = rubric.Criteria.Count;
        if (tokens.FirstOrDefault(x => !Number().IsMatch(x)) is { } word)
            return Refuse(rubric, $"\"{Short(word)}\" không phải là số điểm.");
        if (tokens.Length != count)
            return Refuse(rubric, $"Đồng chí gõ {tokens.Length} số, nhưng biểu có {count} tiêu chí: cần đủ {count} số theo thứ tự tiêu chí. Không điểm nào được ghi.");
        var errors = new List<string>();
        var inOrder = new Dictionary<string, decimal>();
        for (var i = 0; i < count; i++)
        {
            var c = rubric.Criteria[i];
            if (Points.TryParse(c, tokens[i], out var p, out var error)) inOrder[c.Id] = p;
            else errors.Add($"Tiêu chí {c.Id} (số thứ {i + 1}): {error}");
        }
        return errors.Count > 0 ? Refuse(rubric, string.Join("\n", errors)) : new(new ScoreLine(ScoreLineForm.InOrder, inOrder), null);
    }

    /// <summary>"7: 2; 12: 8,5" or "7: 2, 12: 8,5" (a comma followed by a space separates; "8,5" is a decimal).</summary>
    private static string? ParseItems(Rubric rubric, string text, out Dictionary<string, decimal> items)
    {
        items = [];
        var errors = new List<string>();
        foreach (var part in ItemSeparator().Split(text).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var m = Item().Match(part);
            if (!m.Success)
            {
                errors.Add($"Không hiểu \"{Short(part)}\": mỗi mục viết là số tiêu chí, dấu hai chấm, số điểm (ví dụ 7: 2).");
                continue;
            }
            var id = m.Groups["id"].Value;
            if (rubric.Find(id) is not { } criterion)
            {
                errors.Add($"Không có tiêu chí {id}: các tiêu chí đánh số từ {rubric.Criteria[0].Id} đến {rubric.Criteria[^1].Id}.");
                continue;
            }
            if (items.ContainsKey(id))
            {
                errors.Add($"Tiêu chí {id} được gõ hai lần.");
                continue;
            }
            if (Points.TryParse(criterion, m.Groups["value"].Value, out var p, out var error)) items[id] = p;
            else errors.Add($"Tiêu chí {id}: {error}");
        }
        if (errors.Count == 0 && items.Count == 0) errors.Add("Chưa có mục nào sau \"trừ\".");
        return errors.Count > 0 ? string.Join("\n", errors) : null;
    }

    private static ScoreLineResult Ok(ScoreLineForm form, Dictionary<string, decimal> scores, Dictionary<string, decimal> items)
    {
        foreach (var (id, p) in items) scores[id] = p;
        return new(new ScoreLine(form, scores), null);
    }

    private static ScoreLineResult Refuse(Rubric rubric, string error) => new(null, $"{error}\n\n{Help(rubric)}");

    private static string Example(Rubric rubric) => string.Join(' ', rubric.Criteria.Select(c => Vietnamese.Points(c.MaxPoints)));

    private static string Sample(Rubric rubric)
    {
        var picks = rubric.Criteria.Count >= 12 ? [rubric.Criteria[6], rubric.Criteria[11]] : rubric.Criteria.Take(2).ToArray();
        return string.Join("; ", picks.Select(c => $"{c.Id}: {Vietnamese.Points(c.MaxPoints - Points.Step)}"));
    }

    private static string Short(string s) => s.Length > 20 ? s[..20] + "…" : s;

    [GeneratedRegex(@"^(?:tất cả\s+|tat ca\s+)?(?:đủ\s*điểm|du\s*diem|điểm tối đa|diem toi da|tối đa|toi da)\b[\s,.:;-]*", RegexOptions.IgnoreCase)]
    private static partial Regex FullMarks();

    [GeneratedRegex(@"^(?:ngoại trừ|ngoai tru|trừ|tru)\b[\s,.:;-]*", RegexOptions.IgnoreCase)]
    private static partial Regex Except();

    [GeneratedRegex(@"^(?:tiêu chí|tieu chi|tc)?\s*[0-9]\w*\s*[:=]", RegexOptions.IgnoreCase)]
    private static partial Regex ItemStart();

    [GeneratedRegex(@"^(?:tiêu chí|tieu chi|tc)?\s*(?<id>\w+)\s*[:=]\s*(?<value>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Item();

    [GeneratedRegex(@"\s*(?:;|\n|,(?=\s)|\s+và\s+|\s+va\s+)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ItemSeparator();

    [GeneratedRegex(@"^[+-]?[0-9]+(?:[.,][0-9]+)?$")]
    private static partial Regex Number();
}
