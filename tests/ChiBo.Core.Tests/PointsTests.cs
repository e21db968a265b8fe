using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;
using static ChiBo.Core.Tests.TestData;

namespace ChiBo.Core.Tests;

/// <summary>One criterion's score: 0 to its max in steps of half a point; the total only once everything is scored.</summary>
public sealed class PointsTests
{
    /// <summary>Criterion 8 of bac-giang-2019: "Chuẩn bị nội dung sinh hoạt chi bộ bằng văn bản …", 4 points.</summary>
    private static Criterion Four => BacGiang.Find("8")!;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.5)]
    [InlineData(4.0)]
    public void Whole_and_half_points_from_0_to_the_max_are_accepted(double value)
    {
        Assert.True(Points.TryValidate(Four, value, out var points, out var error));
        Assert.Equal((decimal)value, points);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData(-1.0, "Điểm -1 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 4 điểm.")]
    [InlineData(-0.5, "Điểm -0,5 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 4 điểm.")]
    [InlineData(4.5, "Điểm 4,5 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 4 điểm.")] // max + 0.5
    [InlineData(4.25, "Điểm 4,25 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 4 điểm.")]
    [InlineData(0.3, "Điểm 0,3 không hợp lệ: chỉ chấm điểm nguyên hoặc nửa điểm (ví dụ 4 hoặc 3,5).")]
    [InlineData(0.25, "Điểm 0,25 không hợp lệ: chỉ chấm điểm nguyên hoặc nửa điểm (ví dụ 4 hoặc 3,5).")] // shown as typed, not rounded to "0,3"
    [InlineData(3.75, "Điểm 3,75 không hợp lệ: chỉ chấm điểm nguyên hoặc nửa điểm (ví dụ 4 hoặc 3,5).")]
    [InlineData(double.NaN, "Điểm phải là một số từ 0 đến 4.")]
    [InlineData(double.PositiveInfinity, "Điểm phải là một số từ 0 đến 4.")]
    [InlineData(1e300, "Điểm phải là một số từ 0 đến 4.")]
    public void Other_values_are_rejected_with_the_reason(double value, string reason)
    {
        Assert.False(Points.TryValidate(Four, value, out var points, out var error));
        Assert.Equal(0m, points);
        Assert.Equal(reason, error);
    }

    public static TheoryData<string, string> EveryBuiltInCriterion()
    {
        var data = new TheoryData<string, string>();
        foreach (var rubric in new[] { BacGiang, ThaiBinh })
            foreach (var c in rubric.Criteria) data.Add(rubric.Id, c.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryBuiltInCriterion))]
    public void Each_built_in_criterion_takes_0_to_its_max_and_nothing_above(string rubricId, string criterionId)
    {
        var c = BuiltInRubrics.Get(rubricId).Find(criterionId)!;
        var max = (double)c.MaxPoints;

        Assert.True(Points.TryValidate(c, 0, out _, out _));
        Assert.True(Points.TryValidate(c, max - 0.5, out _, out _));
        Assert.True(Points.TryValidate(c, max, out var top, out _));
        Assert.Equal(c.MaxPoints, top);
        Assert.False(Points.TryValidate(c, max + 0.5, out _, out var error));
        Assert.Equal($"Điểm {Vietnamese.Points(c.MaxPoints + 0.5m)} nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến {Vietnamese.Points(c.MaxPoints)} điểm.", error);
        Assert.False(Points.TryValidate(c, max - 0.3, out _, out _));
    }

    [Theory]
    [InlineData("4", 4.0)]
    [InlineData("0", 0.0)]
    [InlineData("3.5", 3.5)]
    [InlineData("3,5", 3.5)]
    [InlineData(" 2,5 điểm ", 2.5)]
    [InlineData("1 Điểm", 1.0)]
    [InlineData(",5", 0.5)]
    public void Typed_scores_are_read_with_comma_or_point_and_an_optional_diem(string text, double expected)
    {
        Assert.True(Points.TryParse(Four, text, out var points, out _));
        Assert.Equal((decimal)expected, points);
    }

    [Theory]
    [InlineData("bốn", "\"bốn\" không phải là số điểm. Hãy gõ một số từ 0 đến 4, ví dụ 4 hoặc 3,5.")]
    [InlineData("", "\"\" không phải là số điểm. Hãy gõ một số từ 0 đến 4, ví dụ 4 hoặc 3,5.")]
    [InlineData(null, "\"\" không phải là số điểm. Hãy gõ một số từ 0 đến 4, ví dụ 4 hoặc 3,5.")]
    [InlineData("điểm", "\"điểm\" không phải là số điểm. Hãy gõ một số từ 0 đến 4, ví dụ 4 hoặc 3,5.")]
    [InlineData("1e1", "\"1e1\" không phải là số điểm. Hãy gõ một số từ 0 đến 4, ví dụ 4 hoặc 3,5.")]
    [InlineData("3,5,1", "\"3,5,1\" không phải là số điểm. Hãy gõ một số từ 0 đến 4, ví dụ 4 hoặc 3,5.")]
    [InlineData("tôi nghĩ là khoảng bốn điểm rưỡi thôi",
        "\"tôi nghĩ là khoảng bốn điểm rư…\" không phải là số điểm. Hãy gõ một số từ 0 đến 4, ví dụ 4 hoặc 3,5.")]
    [InlineData("-1", "Điểm -1 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 4 điểm.")]
    [InlineData("4,5 điểm", "Điểm 4,5 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 4 điểm.")]
    [InlineData("2,3", "Điểm 2,3 không hợp lệ: chỉ chấm điểm nguyên hoặc nửa điểm (ví dụ 4 hoặc 3,5).")]
    public void Typed_text_that_is_not_a_valid_score_says_what_to_type(string? text, string reason)
    {
        Assert.False(Points.TryParse(Four, text, out _, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void The_example_fits_the_criterion()
    {
        Assert.Equal("ví dụ 1 hoặc 0,5", Points.Example(BacGiang.Find("3")!));
        Assert.Equal("ví dụ 10 hoặc 9,5", Points.Example(BacGiang.Find("12")!));
        Assert.Equal("ví dụ 50 hoặc 49,5", Points.Example(ThaiBinh.Find("3")!));
    }

    [Fact]
    public void A_record_with_a_criterion_unscored_has_no_total()
    {
        var scores = BacGiang.Criteria.Where(c => c.Id != "17").ToDictionary(c => c.Id, c => c.MaxPoints);

        var card = new Scorecard(BacGiang, scores);

        Assert.False(card.IsComplete);
        Assert.Equal(["17"], card.Unscored.Select(c => c.Id));
        Assert.Null(card.Total);
        Assert.Null(card.Rating);
        Assert.Null(card.RatingLabel);
    }

    [Fact]
    public void A_fully_scored_record_has_its_total_rating_and_lost_points()
    {
        var scores = BacGiang.Criteria.ToDictionary(c => c.Id, c => c.MaxPoints);
        scores["5"] = 0;     // attendance not above 90%: −3
        scores["12"] = 8.5m; // −1.5
        scores["17"] = 3m;   // −1

        var card = new Scorecard(BacGiang, scores);

        Assert.True(card.IsComplete);
        Assert.Empty(card.Unscored);
        Assert.Equal(94.5m, card.Total);
        Assert.Equal(Rating.Good, card.Rating);
        Assert.Equal("Tốt", card.RatingLabel);
        Assert.Equal([("5", 0m, 3m), ("12", 8.5m, 1.5m), ("17", 3m, 1m)], card.LostPoints.Select(l => (l.Criterion.Id, l.Points, l.Lost)));
    }

    [Fact]
    public void An_empty_scorecard_lists_every_criterion_as_unscored()
    {
        var card = new Scorecard(ThaiBinh, new Dictionary<string, decimal>());

        Assert.Equal(5, card.Unscored.Count);
        Assert.Null(card.Total);
        Assert.Empty(card.LostPoints);
    }
}
