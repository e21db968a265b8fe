using System.Text;
using ChiBo.Core.Rubrics;

namespace ChiBo.Core.Tests;

/// <summary>A committee's own rubric file: loaded when sound, otherwise rejected with a message naming the field at fault.</summary>
public sealed class RubricLoaderTests
{
    /// <summary>A rubric file with the given criteria (JSON objects, one per line), 100 points in the valid case.</summary>
    private static string RubricJson(params string[] criteria) =>
        "{ \"id\": \"test\", \"title\": \"Khung thử\",\n\"criteria\": [\n" + string.Join(",\n", criteria) + "\n] }";

    private const string Sixty = """{ "id": "1", "text": "Chuẩn bị", "maxPoints": 60 }""";
    private const string Forty = """{ "id": "2", "text": "Tổ chức", "maxPoints": 40 }""";

    [Fact]
    public void A_sound_file_loads_with_defaults_for_what_it_leaves_out()
    {
        var rubric = RubricLoader.Parse(RubricJson(Sixty, Forty));

        Assert.Equal("test", rubric.Id);
        Assert.Equal("Khung thử", rubric.Title);
        Assert.Equal("", rubric.Source);
        Assert.Equal(RatingLabels.Default, rubric.Labels);
        Assert.Equal(100m, rubric.MaxTotal);
        Assert.Equal([new Criterion("1", 1, "Chuẩn bị", 60m), new Criterion("2", 2, "Tổ chức", 40m)], rubric.Criteria);
    }

    [Fact]
    public void A_full_file_keeps_order_labels_groups_and_derived_criteria()
    {
        const string json = """
            // comments and trailing commas are allowed
            {
              "id": " tinh-x-2025 ", "title": " Khung tỉnh X ", "source": "Quy định 1",
              "ratingLabels": { "poor": "Yếu", "fair": "  " },
              "criteria": [
                { "id": "b", "order": 2, "text": " Tỷ lệ dự họp ", "short": "Dự họp", "maxPoints": 49.5, "derive": "attendance-rate" },
                { "id": "a", "order": 1, "text": "Ngày họp", "group": "Chuẩn bị", "maxPoints": 50, "derive": "meeting-day", "showPreviousConclusion": true },
                { "id": "c", "order": 3, "text": "Thông báo", "maxPoints": 0.5, "derive": "notice" },
              ],
            }
            """;

        var rubric = RubricLoader.Parse(json);

        Assert.Equal("tinh-x-2025", rubric.Id);
        Assert.Equal("Khung tỉnh X", rubric.Title);
        Assert.Equal("Quy định 1", rubric.Source);
        Assert.Equal(new RatingLabels("Tốt", "Khá", "Trung bình", "Yếu"), rubric.Labels); // a blank label falls back to the default
        Assert.Equal(
            [
                new Criterion("a", 1, "Ngày họp", 50m, null, "Chuẩn bị", DerivedFrom.MeetingDay, ShowPreviousConclusion: true),
                new Criterion("b", 2, "Tỷ lệ dự họp", 49.5m, "Dự họp", null, DerivedFrom.AttendanceRate),
                new Criterion("c", 3, "Thông báo", 0.5m, null, null, DerivedFrom.Notice),
            ],
            rubric.Criteria);
    }

    [Fact]
    public void Every_derive_value_is_understood()
    {
        var rubric = RubricLoader.Parse(RubricJson(
            """{ "id": "1", "text": "a", "maxPoints": 25, "derive": "meeting-day" }""",
            """{ "id": "2", "text": "b", "maxPoints": 25, "derive": "notice" }""",
            """{ "id": "3", "text": "c", "maxPoints": 25, "derive": "attendance-rate" }""",
            """{ "id": "4", "text": "d", "maxPoints": 25, "derive": "no-unexcused-absence" }"""));

        Assert.Equal([DerivedFrom.MeetingDay, DerivedFrom.Notice, DerivedFrom.AttendanceRate, DerivedFrom.NoUnexcusedAbsence],
            rubric.Criteria.Select(c => c.DerivedFrom));
    }

    [Fact]
    public void A_stream_loads_like_text()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(RubricJson(Sixty, Forty)));

        Assert.Equal(RubricLoader.Parse(RubricJson(Sixty, Forty)).Criteria, RubricLoader.Parse(stream).Criteria);
    }

    public static TheoryData<string, string> InvalidFiles() => new()
    {
        // Points not adding up to 100, both ways.
        { RubricJson(Sixty, """{ "id": "2", "text": "Tổ chức", "maxPoints": 39 }"""), "Khung tiêu chí \"test\": tổng điểm tối đa là 99, phải đúng 100." },
        { RubricJson(Sixty, """{ "id": "2", "text": "Tổ chức", "maxPoints": 40.5 }"""), "Khung tiêu chí \"test\": tổng điểm tối đa là 100,5, phải đúng 100." },
        // Duplicate ids, also when they differ only by spaces.
        { RubricJson(Sixty, """{ "id": "1", "text": "Tổ chức", "maxPoints": 40 }"""), "Mã tiêu chí \"1\" bị trùng." },
        { RubricJson(Sixty, """{ "id": " 1 ", "text": "Tổ chức", "maxPoints": 40 }"""), "Mã tiêu chí \"1\" bị trùng." },
        // Non-positive, missing, out-of-range or finer than half a point.
        { RubricJson(Sixty, Forty, """{ "id": "3", "text": "Thêm", "maxPoints": 0 }"""), "Tiêu chí \"3\": điểm tối đa phải là số dương (trường \"maxPoints\")." },
        { RubricJson(Sixty, Forty, """{ "id": "3", "text": "Thêm", "maxPoints": -5 }"""), "Tiêu chí \"3\": điểm tối đa phải là số dương (trường \"maxPoints\")." },
        { RubricJson(Sixty, """{ "id": "2", "text": "Tổ chức" }"""), "Tiêu chí \"2\": điểm tối đa phải là số dương (trường \"maxPoints\")." },
        { RubricJson(Sixty, """{ "id": "2", "text": "Tổ chức", "maxPoints": 39.75 }"""), "Tiêu chí \"2\": điểm tối đa phải là số nguyên hoặc nửa điểm (trường \"maxPoints\")." },
        { RubricJson("""{ "id": "1", "text": "Tất cả", "maxPoints": 150 }"""), "Tiêu chí \"1\": điểm tối đa 150 vượt quá 100 (trường \"maxPoints\")." },
        { RubricJson("""{ "id": "1", "text": "Tất cả", "maxPoints": 79228162514264337593543950335 }"""), "Tiêu chí \"1\": điểm tối đa 79228162514264337593543950335 vượt quá 100 (trường \"maxPoints\")." },
        // Missing text or id.
        { RubricJson(Sixty, """{ "id": "2", "maxPoints": 40 }"""), "Tiêu chí \"2\": thiếu nội dung (trường \"text\")." },
        { RubricJson(Sixty, """{ "id": "2", "text": "   ", "maxPoints": 40 }"""), "Tiêu chí \"2\": thiếu nội dung (trường \"text\")." },
        { RubricJson(Sixty, """{ "text": "Tổ chức", "maxPoints": 40 }"""), "Tiêu chí thứ 2: thiếu trường \"id\"." },
        { RubricJson(Sixty, "null"), "Tiêu chí thứ 2 trống (trường \"criteria\")." },
        // An unknown derive value names the criterion.
        { RubricJson(Sixty, """{ "id": "2", "text": "Tổ chức", "maxPoints": 40, "derive": "attendance" }"""),
            "Tiêu chí \"2\": giá trị \"derive\" không hợp lệ: \"attendance\" (chỉ nhận meeting-day, notice, attendance-rate, no-unexcused-absence)." },
        // The rubric itself.
        { """{ "title": "Khung thử", "criteria": [] }""", "Thiếu trường \"id\" của khung tiêu chí." },
        { """{ "id": "test", "criteria": [] }""", "Khung tiêu chí \"test\": thiếu trường \"title\"." },
        { """{ "id": "test", "title": "Khung thử" }""", "Khung tiêu chí \"test\": không có tiêu chí nào (trường \"criteria\")." },
        { """{ "id": "test", "title": "Khung thử", "criteria": [] }""", "Khung tiêu chí \"test\": không có tiêu chí nào (trường \"criteria\")." },
        { "null", "Tệp khung tiêu chí trống." },
        // Not JSON, or a field of the wrong type: the line and the field are named.
        { "", "Tệp khung tiêu chí không đúng định dạng JSON (dòng 1)." },
        { RubricJson(Sixty, """{ "id": "2", "text": "Tổ chức", "maxPoints": "bốn mươi" }"""), "Tệp khung tiêu chí không đúng định dạng JSON (dòng 4, trường \"criteria[1].maxPoints\")." },
        { RubricJson(Sixty, """{ "id": "2", "text": "Tổ chức", "maxPoints": 40, "derive": 5 }"""), "Tệp khung tiêu chí không đúng định dạng JSON (dòng 4, trường \"criteria[1].derive\")." },
        { RubricJson(Sixty, """{ "id": "2", "text": "Tổ chức", "maxPoints": 40 """), "Tệp khung tiêu chí không đúng định dạng JSON (dòng 5, trường \"criteria[1]\")." },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void An_invalid_file_is_rejected_with_a_message_naming_what_is_wrong(string json, string message)
    {
        var ex = Assert.Throws<RubricException>(() => RubricLoader.Parse(json));

        Assert.Equal(message, ex.Message);
    }
}
