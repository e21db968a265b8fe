using System.Text.Json;
using System.Text.Json.Serialization;

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
            throw new RubricException($"Tệp khung tiêu chí không đúng định dạng JSON (dòng {ex.LineNumber + 1}): {ex.Message}");
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
            var c = file.Criteria[i];
            var where = string.IsNullOrWhiteSpace(c.Id) ? $"tiêu chí thứ {i + 1}" : $"tiêu chí \"{c.Id}\"";
            if (string.IsNullOrWhiteSpace(c.Id)) throw new RubricException($"{Capitalize(where)}: thiếu trường \"id\".");
            if (!seen.Add(c.Id)) throw new RubricException($"Mã tiêu chí \"{c.Id}\" bị trùng.");
            if (string.IsNullOrWhiteSpace(c.Text)) throw new RubricException($"{Capitalize(where)}: thiếu nội dung (trường \"text\").");
            if (c.MaxPoints is not { } max || max <= 0) throw new RubricException($"{Capitalize(where)}: điểm tối đa phải là số dương (trường \"maxPoints\").");
            if (max * 2 != decimal.Truncate(max * 2)) throw new RubricException($"{Capitalize(where)}: điểm tối đa phải là số nguyên hoặc nửa điểm.");
            criteria.Add(new Criterion(c.Id.Trim(), c.Order ?? i + 1, c.Text.Trim(), max, c.Short, c.Group, c.Derive ?? DerivedFrom.None, c.ShowPreviousConclusion));
        }

        var total = criteria.Sum(c => c.MaxPoints);
        if (total != RequiredTotal)
            throw new RubricException($"Khung tiêu chí \"{file.Id}\": tổng điểm tối đa là {Vietnamese.Points(total)}, phải đúng {Vietnamese.Points(RequiredTotal)}.");

        var labels = file.RatingLabels is { } l
            ? new RatingLabels(l.Good ?? RatingLabels.Default.Good, l.Fair ?? RatingLabels.Default.Fair, l.Average ?? RatingLabels.Default.Average, l.Poor ?? RatingLabels.Default.Poor)
            : RatingLabels.Default;
        return new Rubric(file.Id.Trim(), file.Title.Trim(), file.Source ?? "", criteria.OrderBy(c => c.Order).ToList(), labels);
    }

    private static string Capitalize(string s) => char.ToUpper(s[0], Vietnamese.Culture) + s[1..];

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
        public string? Short { get; set; }
        public string? Group { get; set; }
        public decimal? MaxPoints { get; set; }
        [JsonConverter(typeof(DeriveConverter))] public DerivedFrom? Derive { get; set; }
        public bool ShowPreviousConclusion { get; set; }
    }

    /// <summary>"meeting-day", "notice", "attendance-rate", "no-unexcused-absence".</summary>
    private sealed class DeriveConverter : JsonConverter<DerivedFrom?>
    {
        public override DerivedFrom? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() switch
            {
                null or "" => null,
                "meeting-day" => DerivedFrom.MeetingDay,
                "notice" => DerivedFrom.Notice,
                "attendance-rate" => DerivedFrom.AttendanceRate,
                "no-unexcused-absence" => DerivedFrom.NoUnexcusedAbsence,
                var other => throw new RubricException($"Giá trị \"derive\" không hợp lệ: \"{other}\" (chỉ nhận meeting-day, notice, attendance-rate, no-unexcused-absence)."),
            };

        public override void Write(Utf8JsonWriter writer, DerivedFrom? value, JsonSerializerOptions options) =>
            throw new NotSupportedException();
    }
}
