using System.Globalization;
using System.Text.RegularExpressions;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;
using static ChiBo.Core.Tests.TestData;

namespace ChiBo.Core.Tests;

/// <summary>
/// The built-in rubrics against the seed documents themselves (copied into Seeds/, since CI has no /work/shared):
/// bac-giang-2019 = seed 000, Phụ lục 2 (25 criteria); thai-binh-2019 = seed 004 (5 groups 15/5/50/15/15, "Yếu").
/// </summary>
public sealed partial class RubricTests
{
    private const string Seed000 = "000_951ed900478f6100.txt";
    private const string Seed004 = "004_458a92986bf9340e.txt";

    private static string[] SeedLines(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seeds", file)).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>Seed 000, Phụ lục 2: each criterion is three lines, "\tN. ", "\t&lt;text&gt;", "\t&lt;points&gt;".</summary>
    private static List<(string Number, string Text, decimal Points)> Seed000Criteria()
    {
        var lines = SeedLines(Seed000);
        var start = Array.FindIndex(lines, l => l.StartsWith("PHỤ LỤC 2", StringComparison.Ordinal));
        Assert.True(start > 0, "Phụ lục 2 not found in seed 000");
        var criteria = new List<(string, string, decimal)>();
        for (var i = start; i < lines.Length - 2; i++)
        {
            var number = NumberLine().Match(lines[i]);
            if (!number.Success) continue;
            criteria.Add((number.Groups[1].Value, lines[i + 1].Trim('\t'), decimal.Parse(lines[i + 2].Trim(), CultureInfo.InvariantCulture)));
            i += 2;
        }
        return criteria;
    }

    /// <summary>Seed 004: "(1) về công tác chuẩn bị sinh hoạt chi bộ điểm tối đa 15 điểm, (2) …".</summary>
    private static List<(string Number, string Text, decimal Points)> Seed004Groups()
    {
        var line = SeedLines(Seed004).Single(l => l.Contains("thông qua 5 nhóm tiêu chí:", StringComparison.Ordinal));
        return GroupItem().Matches(line)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, decimal.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
            .ToList();
    }

    public static TheoryData<string, string, decimal> BacGiangSeedRows() => Rows(Seed000Criteria());
    public static TheoryData<string, string, decimal> ThaiBinhSeedRows() => Rows(Seed004Groups());

    private static TheoryData<string, string, decimal> Rows(IEnumerable<(string Number, string Text, decimal Points)> rows)
    {
        var data = new TheoryData<string, string, decimal>();
        foreach (var (number, text, points) in rows) data.Add(number, text, points);
        return data;
    }

    [Fact]
    public void Bac_giang_has_the_25_criteria_of_the_seed_adding_up_to_100()
    {
        var seed = Seed000Criteria();

        Assert.Equal(25, seed.Count);
        Assert.Equal(100m, seed.Sum(c => c.Points));
        Assert.Equal(seed.Select(c => c.Number), BacGiang.Criteria.Select(c => c.Id));
        Assert.Equal(Enumerable.Range(1, 25), BacGiang.Criteria.Select(c => c.Order));
        Assert.Equal(100m, BacGiang.MaxTotal);
    }

    [Theory]
    [MemberData(nameof(BacGiangSeedRows))]
    public void Bac_giang_criterion_is_the_seed_text_verbatim_with_its_points(string number, string seedText, decimal seedPoints)
    {
        var criterion = BacGiang.Find(number);

        Assert.NotNull(criterion);
        Assert.Equal(seedText, criterion.Original ?? criterion.Text);
        Assert.Equal(seedPoints, criterion.MaxPoints);
    }

    [Theory]
    [InlineData("2", "thằng tháng", "hằng tháng")]
    [InlineData("14", "(khóa II)", "(khóa XII)")]
    public void The_seeds_two_typos_are_shown_corrected_with_the_original_kept(string number, string typo, string corrected)
    {
        var criterion = BacGiang.Find(number)!;

        Assert.Contains(corrected, criterion.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(typo, criterion.Text, StringComparison.Ordinal);
        Assert.Contains(typo, criterion.Original, StringComparison.Ordinal);
        Assert.Equal(criterion.Original!.Replace(typo, corrected, StringComparison.Ordinal), criterion.Text);
        Assert.Equal(2, BacGiang.Criteria.Count(c => c.Original is not null));
    }

    [Fact]
    public void Thai_binh_has_the_five_groups_of_the_seed_15_5_50_15_15_adding_up_to_100()
    {
        var seed = Seed004Groups();

        Assert.Equal([15m, 5m, 50m, 15m, 15m], seed.Select(g => g.Points));
        Assert.Equal(["1", "2", "3", "4", "5"], ThaiBinh.Criteria.Select(c => c.Id));
        Assert.Equal(100m, ThaiBinh.MaxTotal);
        Assert.Contains("Tổng cộng 100 điểm", SeedLines(Seed004).Single(l => l.Contains("thông qua 5 nhóm tiêu chí:", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ThaiBinhSeedRows))]
    public void Thai_binh_group_is_the_seed_wording_capitalised_with_its_points(string number, string seedText, decimal seedPoints)
    {
        var group = ThaiBinh.Find(number);

        Assert.NotNull(group);
        Assert.Equal(char.ToUpper(seedText[0], Vietnamese.Culture) + seedText[1..], group.Text);
        Assert.Equal(group.Text, group.Group);
        Assert.Equal(seedPoints, group.MaxPoints);
    }

    [Fact]
    public void Rating_words_follow_each_seed_Kem_for_bac_giang_Yeu_for_thai_binh()
    {
        // Seed 000 §3.4.1: "- Kém: Chi bộ đạt dưới 50 điểm."; seed 004: "… Yếu dưới 50 điểm."
        Assert.Contains("- Kém: Chi bộ đạt dưới 50 điểm.", SeedLines(Seed000));
        Assert.Contains(SeedLines(Seed004), l => l.Contains("Yếu dưới 50 điểm", StringComparison.Ordinal));

        Assert.Equal(new RatingLabels("Tốt", "Khá", "Trung bình", "Kém"), BacGiang.Labels);
        Assert.Equal(new RatingLabels("Tốt", "Khá", "Trung bình", "Yếu"), ThaiBinh.Labels);
        Assert.Equal("Yếu", ThaiBinh.Labels.For(Rating.Poor));
        Assert.Equal("Kém", BacGiang.Labels.For(Rating.Poor));
    }

    [Fact]
    public void Bac_giang_marks_the_criteria_the_bot_can_derive_and_the_one_that_shows_last_months_conclusion()
    {
        var derived = BacGiang.Criteria.Where(c => c.DerivedFrom != DerivedFrom.None).ToDictionary(c => c.Id, c => c.DerivedFrom);

        Assert.Equal(new Dictionary<string, DerivedFrom>
        {
            ["2"] = DerivedFrom.MeetingDay,
            ["3"] = DerivedFrom.Notice,
            ["5"] = DerivedFrom.AttendanceRate,
            ["6"] = DerivedFrom.NoUnexcusedAbsence,
        }, derived);
        Assert.Equal(["23"], BacGiang.Criteria.Where(c => c.ShowPreviousConclusion).Select(c => c.Id));
        Assert.Equal(["5"], ThaiBinh.Criteria.Where(c => c.ShowPreviousConclusion).Select(c => c.Id));
        Assert.DoesNotContain(ThaiBinh.Criteria, c => c.DerivedFrom != DerivedFrom.None);
    }

    [Fact]
    public void Every_built_in_criterion_has_a_short_label_for_summaries()
    {
        Assert.All(BacGiang.Criteria.Concat(ThaiBinh.Criteria), c => Assert.False(string.IsNullOrWhiteSpace(c.Label)));
        Assert.Equal("Tỷ lệ dự họp trên 90%", BacGiang.Find("5")!.Label);
        Assert.Equal("Full text", new Criterion("x", 1, "Full text", 1m).Label);
    }

    [Fact]
    public void Built_in_rubrics_are_listed_and_found_by_id()
    {
        Assert.Equal(new[] { "bac-giang-2019", "thai-binh-2019" }, BuiltInRubrics.Ids.Order());
        Assert.True(BuiltInRubrics.TryGet("thai-binh-2019", out var rubric));
        Assert.Equal("thai-binh-2019", rubric.Id);
        Assert.Contains("18-HD/ĐU", BacGiang.Source, StringComparison.Ordinal);
        Assert.Contains("28-QĐ/TU", ThaiBinh.Source, StringComparison.Ordinal);

        Assert.False(BuiltInRubrics.TryGet("ha-noi-2030", out _));
        Assert.Throws<KeyNotFoundException>(() => BuiltInRubrics.Get("ha-noi-2030"));
        Assert.Null(BacGiang.Find("26"));
    }

    [GeneratedRegex(@"^\t(\d+)\.\s*$")] private static partial Regex NumberLine();
    [GeneratedRegex(@"\((\d)\) (.+?) điểm tối đa (\d+) điểm")] private static partial Regex GroupItem();
}
