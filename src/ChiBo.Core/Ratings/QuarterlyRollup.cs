using ChiBo.Core.Scoring;

namespace ChiBo.Core.Ratings;

/// <summary>A posted monthly result: the input of every roll-up. <paramref name="Imported"/>: brought from paper (a total only).</summary>
public sealed record MonthlyResult(YearMonth Month, decimal Total, Rating Rating, bool ThematicHeld = false, bool Imported = false);

public sealed record QuarterMonth(YearMonth Month, MonthState State, decimal? Total, Rating? Rating, bool Imported = false);

/// <summary>A cell's quarter for the committee (seed 003): three months, average, gaps, thematic meeting.</summary>
public sealed record QuarterlyRollup(Quarter Quarter, IReadOnlyList<QuarterMonth> Months, decimal? Average, bool ThematicHeld)
{
    public IReadOnlyList<YearMonth> MissingMonths => Months.Where(m => m.State == MonthState.Missing).Select(m => m.Month).ToList();

    /// <summary>
    /// Rolls up the quarter. <paramref name="thematicMonths"/> lists months with a thematic meeting recorded
    /// apart from the regular results. The average is over the rated months, rounded to two decimals.
    /// </summary>
    public static QuarterlyRollup Compute(Quarter quarter, IEnumerable<MonthlyResult> results, YearMonth? today = null, IEnumerable<YearMonth>? thematicMonths = null,
        YearMonth? trackedFrom = null)
    {
        var byMonth = results.Where(r => r.Month.Quarter == quarter).GroupBy(r => r.Month).ToDictionary(g => g.Key, g => g.Last());
        var months = quarter.Months.Select(m =>
            byMonth.TryGetValue(m, out var r)
                ? new QuarterMonth(m, MonthState.Rated, r.Total, r.Rating, r.Imported)
                : new QuarterMonth(m, AnnualRating.StateWithoutResult(m, today, trackedFrom), null, null))
            .ToList();
        var rated = months.Where(m => m.Total.HasValue).Select(m => m.Total!.Value).ToList();
        decimal? average = rated.Count > 0 ? decimal.Round(rated.Average(), 2, MidpointRounding.AwayFromZero) : null;
        var thematic = byMonth.Values.Any(r => r.ThematicHeld) || (thematicMonths ?? []).Any(m => m.Quarter == quarter);
        return new QuarterlyRollup(quarter, months, average, thematic);
    }
}
