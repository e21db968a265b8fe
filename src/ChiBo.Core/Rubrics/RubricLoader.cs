using System.Text.Json;

namespace ChiBo.Core.Rubrics;

/// <summary>A rubric file that cannot be used; the message names the criterion or field at fault.</summary>
public sealed class RubricException(string message) : Exception(message);

/// <summary>Reads a rubric from its JSON form and checks it before anyone scores with it.</summary>
public static class RubricLoader
{
    public const decimal RequiredTotal = 100m;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static Rubric Parse(string json)
    {
        RubricFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RubricFile>(json, Json);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $", trường \"{ex.Path.TrimStart('$', '.')}\"";
            throw new RubricException($"Tệp khung tiêu chí không đúng định dạng JSON (dòng {(ex.LineNumber ?? 0) + 1}{field}).");
        }
        if (file is null) throw new RubricException("Tệp khung tiêu chí trống.");
        return Validate(file);
    }

    public static Rubric Parse(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private static Rubric Validate(RubricFile file)
    {
        if (string.IsNullOrWhiteSpace(file.Id)) throw new RubricException("Thiếu trường \"id\" của khung tiêu chí.");
        if (string.IsNullOrWhiteSpace(file.Title)) throw new RubricException($"Khung tiêu chí \"{file.Id}\": thiếu trường \"title\".");
        if (file.Criteria is not { Count: > 0 }) throw new RubricException($"Khung tiêu chí \"{file.Id}\": không có tiêu chí nào (trường \"criteria\").");

        var seen = new HashSet<string>();
        var criteria = new List<Criterion>();
        for (var i = 0; i < file.Criteria.Count; i++)
        {
            var c = file.Criteria[i] ?? throw new RubricException($"Tiêu chí thứ {i + 1} trống (trường \"criteria\").");
            var id = c.Id?.Trim();
            var where = string.IsNullOrEmpty(id) ? $"Tiêu chí thứ {i + 1}" : $"Tiêu chí \"{id}\"";
            if (string.IsNullOrEmpty(id)) throw new RubricException($"{where}: thiếu trường \"id\".");
            if (!seen.Add(id)) throw new RubricException($"Mã tiêu chí \"{id}\" bị trùng.");
            if (string.IsNullOrWhiteSpace(c.Text)) throw new RubricException($"{where}: thiếu nội dung (trường \"text\").");
            if (c.MaxPoints is not { } max || max <= 0) throw new RubricException($"{where}: điểm tối đa phải là số dương (trường \"maxPoints\").");
            if (max > RequiredTotal) throw new RubricException($"{where}: điểm tối đa {Vietnamese.Number(max)} vượt quá {Vietnamese.Points(RequiredTotal)} (trường \"maxPoints\").");
            if (max % Scoring.Points.Step != 0) throw new RubricException($"{where}: điểm tối đa phải là số nguyên hoặc nửa điểm (trường \"maxPoints\").");
            var derive = c.Derive?.Trim() switch
            {
                null or "" => DerivedFrom.None,
                "meeting-day" => DerivedFrom.MeetingDay,
                "notice" => DerivedFrom.Notice,
                "attendance-rate" => DerivedFrom.AttendanceRate,
                "no-unexcused-absence" => DerivedFrom.NoUnexcusedAbsence,
                var other => throw new RubricException($"{where}: giá trị \"derive\" không hợp lệ: \"{other}\" (chỉ nhận meeting-day, notice, attendance-rate, no-unexcused-absence)."),
            };
            criteria.Add(new Criterion(id, c.Order ?? i + 1, c.Text.Trim(), max, c.Short, c.Group, derive, c.ShowPreviousConclusion,
                string.IsNullOrWhiteSpace(c.Original) ? null : c.Original.Trim()));
        }

        var total = criteria.Sum(c => c.MaxPoints);
        if (total != RequiredTotal)
            throw new RubricException($"Khung tiêu chí \"{file.Id}\": tổng điểm tối đa là {Vietnamese.Points(total)}, phải đúng {Vietnamese.Points(RequiredTotal)}.");

        var d = RatingLabels.Default;
        var labels = file.RatingLabels is { } l
            ? new RatingLabels(OrDefault(l.Good, d.Good), OrDefault(l.Fair, d.Fair), OrDefault(l.Average, d.Average), OrDefault(l.Poor, d.Poor))
            : d;
        return new Rubric(file.Id.Trim(), file.Title.Trim(), file.Source ?? "", criteria.OrderBy(c => c.Order).ToList(), labels);
    }

    private static string OrDefault(string? label, string fallback) => string.IsNullOrWhiteSpace(label) ? fallback : label.Trim();

    private sealed class RubricFile
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Source { get; set; }
        public LabelsFile? RatingLabels { get; set; }
        public List<CriterionFile>? Criteria { get; set; }
    }

    private sealed class LabelsFile
    {
        public string? Good { get; set; }
        public string? Fair { get; set; }
        public string? Average { get; set; }
        public string? Poor { get; set; }
    }

    private sealed class CriterionFile
    {
        public string? Id { get; set; }
        public int? Order { get; set; }
        public string? Text { get; set; }
        /// <summary>The source's verbatim wording, when <see cref="Text"/> corrects a typo in it.</summary>
        public string? Original { get; set; }
        public string? Short { get; set; }
        public string? Group { get; set; }
        public decimal? MaxPoints { get; set; }
        public string? Derive { get; set; }
        public bool ShowPreviousConclusion { get; set; }
    }
}
