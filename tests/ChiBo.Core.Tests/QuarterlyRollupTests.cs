using ChiBo.Core.Ratings;
using ChiBo.Core.Scoring;

namespace ChiBo.Core.Tests;

/// <summary>A cell's quarter for the committee (seeds 002, 003): three months, the average, missing months, the thematic meeting.</summary>
public sealed class QuarterlyRollupTests
{
    private static readonly Quarter Q4 = new(2026, 4);
    private static readonly YearMonth Oct = new(2026, 10), Nov = new(2026, 11), Dec = new(2026, 12);

    private static MonthlyResult Result(YearMonth month, decimal total, bool thematic = false) =>
        new(month, total, MonthlyRating.For(total), thematic);

    [Fact]
    public void A_full_quarter_has_three_rated_months_and_their_average()
    {
        var rollup = QuarterlyRollup.Compute(Q4, [Result(Oct, 92), Result(Nov, 85.5m), Result(Dec, 78)]);

        Assert.Equal(Q4, rollup.Quarter);
        Assert.Equal(
            [
                new QuarterMonth(Oct, MonthState.Rated, 92, Rating.Good),
                new QuarterMonth(Nov, MonthState.Rated, 85.5m, Rating.Fair),
                new QuarterMonth(Dec, MonthState.Rated, 78, Rating.Fair),
            ],
            rollup.Months);
        Assert.Equal(85.17m, rollup.Average); // 255.5 / 3 = 85.1666… rounded to two decimals
        Assert.Empty(rollup.MissingMonths);
        Assert.False(rollup.ThematicHeld);
    }

    [Fact]
    public void A_month_without_a_result_is_missing_and_left_out_of_the_average()
    {
        var rollup = QuarterlyRollup.Compute(Q4, [Result(Oct, 90), Result(Dec, 75.5m)]);

        Assert.Equal([Nov], rollup.MissingMonths);
        Assert.Equal(new QuarterMonth(Nov, MonthState.Missing, null, null), rollup.Months[1]);
        Assert.Equal(82.75m, rollup.Average); // (90 + 75.5) / 2
    }

    [Fact]
    public void The_current_month_and_those_after_are_not_yet_due()
    {
        // Asked on 1 December: November is over and missing; December is not over.
        var rollup = QuarterlyRollup.Compute(Q4, [Result(Oct, 88)], today: Dec);

        Assert.Equal([MonthState.Rated, MonthState.Missing, MonthState.NotYetDue], rollup.Months.Select(m => m.State));
        Assert.Equal([MonthState.NotTracked, MonthState.Missing, MonthState.NotYetDue],
            QuarterlyRollup.Compute(Q4, [], today: Dec, trackedFrom: Nov).Months.Select(m => m.State));
        Assert.Equal([Nov], rollup.MissingMonths);
        Assert.Equal(88m, rollup.Average);
    }

    [Fact]
    public void A_quarter_with_no_results_has_no_average()
    {
        var rollup = QuarterlyRollup.Compute(Q4, [Result(new YearMonth(2026, 9), 95), Result(new YearMonth(2027, 1), 95)]);

        Assert.Null(rollup.Average);
        Assert.Equal([Oct, Nov, Dec], rollup.MissingMonths); // results of other quarters are ignored
        Assert.False(rollup.ThematicHeld);
    }

    [Fact]
    public void A_month_posted_twice_counts_once_with_its_latest_result()
    {
        var rollup = QuarterlyRollup.Compute(Q4, [Result(Oct, 60), Result(Nov, 80), Result(Dec, 80), Result(Oct, 90)]);

        Assert.Equal(new QuarterMonth(Oct, MonthState.Rated, 90, Rating.Good), rollup.Months[0]);
        Assert.Equal(83.33m, rollup.Average); // (90 + 80 + 80) / 3
    }

    [Fact]
    public void The_thematic_meeting_counts_when_held_with_a_regular_meeting_or_recorded_on_its_own()
    {
        var regular = new[] { Result(Oct, 90), Result(Nov, 90), Result(Dec, 90) };

        Assert.True(QuarterlyRollup.Compute(Q4, [Result(Oct, 90), Result(Nov, 90, thematic: true), Result(Dec, 90)]).ThematicHeld);
        Assert.True(QuarterlyRollup.Compute(Q4, regular, thematicMonths: [Dec]).ThematicHeld);
        // One held in another quarter does not count for this one.
        Assert.False(QuarterlyRollup.Compute(Q4, regular, thematicMonths: [new YearMonth(2026, 9), new YearMonth(2027, 1)]).ThematicHeld);
        Assert.False(QuarterlyRollup.Compute(Q4, [.. regular, Result(new YearMonth(2026, 7), 90, thematic: true)]).ThematicHeld);
    }
}
