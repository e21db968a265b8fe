using ChiBo.Core.Scoring;
using static ChiBo.Core.Tests.TestData;

namespace ChiBo.Core.Tests;

/// <summary>Monthly bands (seed 000 §3.4.1, seed 004): ≥ 90 Tốt, ≥ 70 Khá, ≥ 50 Trung bình, else Kém (bac-giang) / Yếu (thai-binh).</summary>
public sealed class MonthlyRatingTests
{
    [Theory]
    [InlineData(0, Rating.Poor, "Kém", "Yếu")]
    [InlineData(49.5, Rating.Poor, "Kém", "Yếu")]        // just under 50
    [InlineData(50, Rating.Average, "Trung bình", "Trung bình")]
    [InlineData(69.5, Rating.Average, "Trung bình", "Trung bình")]
    [InlineData(70, Rating.Fair, "Khá", "Khá")]
    [InlineData(89.5, Rating.Fair, "Khá", "Khá")]        // DOMAIN.md: a total such as 89.5 is Khá
    [InlineData(90, Rating.Good, "Tốt", "Tốt")]
    [InlineData(100, Rating.Good, "Tốt", "Tốt")]
    public void Band_boundaries(double total, Rating rating, string bacGiangLabel, string thaiBinhLabel)
    {
        Assert.Equal(rating, MonthlyRating.For((decimal)total));
        Assert.Equal(bacGiangLabel, BacGiang.Labels.For(rating));
        Assert.Equal(thaiBinhLabel, ThaiBinh.Labels.For(rating));
    }

    [Theory]
    [InlineData(89.5, "Khá", "Khá")]
    [InlineData(49.5, "Kém", "Yếu")]
    [InlineData(90, "Tốt", "Tốt")]
    public void A_scorecard_shows_its_rubrics_word_for_the_band(double total, string bacGiangLabel, string thaiBinhLabel)
    {
        Assert.Equal(bacGiangLabel, new Scorecard(BacGiang, ScoresTotalling(BacGiang, (decimal)total)).RatingLabel);
        Assert.Equal(thaiBinhLabel, new Scorecard(ThaiBinh, ScoresTotalling(ThaiBinh, (decimal)total)).RatingLabel);
    }

    [Fact]
    public void Ratings_are_ordered_so_that_or_better_is_a_comparison()
    {
        Assert.True(Rating.Good > Rating.Fair);
        Assert.True(Rating.Fair > Rating.Average);
        Assert.True(Rating.Average > Rating.Poor);
    }

    /// <summary>Full marks, then points taken off criterion by criterion until the total is reached.</summary>
    private static Dictionary<string, decimal> ScoresTotalling(Rubrics.Rubric rubric, decimal total)
    {
        var scores = rubric.Criteria.ToDictionary(c => c.Id, c => c.MaxPoints);
        var toLose = rubric.MaxTotal - total;
        foreach (var c in rubric.Criteria)
        {
            var lost = Math.Min(toLose, c.MaxPoints);
            scores[c.Id] -= lost;
            toLose -= lost;
        }
        Assert.Equal(total, scores.Values.Sum());
        return scores;
    }
}
