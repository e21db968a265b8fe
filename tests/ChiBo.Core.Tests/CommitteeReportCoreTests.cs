using ChiBo.Core;
using ChiBo.Core.Ratings;
using ChiBo.Core.Scoring;

namespace ChiBo.Core.Tests;

/// <summary>The two small pieces the committee's reports added to Core.</summary>
public sealed class CommitteeReportCoreTests
{
    [Theory]
    [InlineData("93", "93")]
    [InlineData("98.5", "98,5")]
    [InlineData("56.67", "56,67")]
    [InlineData("1234.5", "1234,5")]
    public void Averages_are_written_with_a_decimal_comma_and_at_most_two_decimals(string value, string expected)
    {
        Assert.Equal(expected, Vietnamese.Number(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void RatingCounts_Of_counts_exactly_one_rating_while_AtLeast_counts_it_or_better()
    {
        var counts = new RatingCounts(Good: 5, Fair: 4, Average: 2, Poor: 1);

        Assert.Equal([5, 4, 2, 1], new[] { Rating.Good, Rating.Fair, Rating.Average, Rating.Poor }.Select(counts.Of));
        Assert.Equal(9, counts.AtLeast(Rating.Fair));
    }
}
