using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;

namespace ChiBo.Core.Ratings;

/// <summary>What a month with no scored meeting counts as in the annual rating.</summary>
public enum MissingMonthPolicy
{
    /// <summary>Default: holding the monthly meeting is a duty, so a missing month counts as Kém.</summary>
    CountAsPoor,
    /// <summary>A missing month is left out of the counts.</summary>
    LeaveOut,
}

/// <summary>Which rule of seed 000 §3.4.2 (read as "N months X or better") decided the year.</summary>
public enum AnnualRule
{
    GoodNineMonths,
    FairSixMonths,
    AverageSixMonths,
    PoorThreeMonths,
    NotEnoughMonths,
}

public enum MonthState
{
    Rated,
    /// <summary>Due (ended), tracked, and nothing posted: by default it counts as Kém.</summary>
    Missing,
    /// <summary>Not over yet ("chưa đến hạn"): never missing, even when its meeting day has passed.</summary>
    NotYetDue,
    /// <summary>Before the cell was tracked ("chưa theo dõi") and with no result: never missing.</summary>
    NotTracked,
}

/// <summary>One month of the year; <paramref name="Imported"/> when its result was brought from paper.</summary>
public sealed record AnnualMonth(int Month, MonthState State, Rating? Rating, bool Imported = false);

/// <summary>Months per rating, after the missing-month policy was applied.</summary>
public sealed record RatingCounts(int Good, int Fair, int Average, int Poor)
{
    public int Total => Good + Fair + Average + Poor;

    /// <summary>Months rated exactly <paramref name="rating"/>.</summary>
    public int Of(Rating rating) => rating switch
    {
        Rating.Good => Good,
        Rating.Fair => Fair,
        Rating.Average => Average,
        _ => Poor,
    };

    public int AtLeast(Rating rating) => rating switch
    {
        Rating.Good => Good,
        Rating.Fair => Good + Fair,
        Rating.Average => Good + Fair + Average,
        _ => Total,
    };
}

/// <summary>A cell's rating for the year, with everything the bot needs to explain it.</summary>
public sealed record AnnualResult(
    int Year,
    Rating? Rating,
    AnnualRule DecidedBy,
    RatingCounts Counts,
    IReadOnlyList<AnnualMonth> Months,
    MissingMonthPolicy Policy,
    bool Provisional)
{
    public IReadOnlyList<int> MissingMonths => Months.Where(m => m.State == MonthState.Missing).Select(m => m.Month).ToList();
    public IReadOnlyList<int> NotYetDueMonths => Months.Where(m => m.State == MonthState.NotYetDue).Select(m => m.Month).ToList();
    public IReadOnlyList<int> NotTrackedMonths => Months.Where(m => m.State == MonthState.NotTracked).Select(m => m.Month).ToList();

    /// <summary>How many months the rating rests on (rated months, plus missing ones when they count as Kém).</summary>
    public int MonthsCounted => Counts.Total;

    /// <summary>The rule in Vietnamese, for the committee's report.</summary>
    public string RuleText => RuleTextIn(RatingLabels.Default);

    /// <summary>The rule with a rubric's own rating names (Thái Bình says Yếu where Bắc Giang says Kém).</summary>
    public string RuleTextIn(RatingLabels l) => DecidedBy switch
    {
        AnnualRule.GoodNineMonths => $"có ít nhất 9 tháng {l.Good} và không có tháng {l.Average}, {l.Poor}",
        AnnualRule.FairSixMonths => $"có ít nhất 6 tháng đạt {l.Fair} trở lên ({l.Fair} hoặc {l.Good}) và không có tháng {l.Poor}",
        AnnualRule.AverageSixMonths => $"có ít nhất 6 tháng đạt {l.Average} trở lên và không quá 2 tháng {l.Poor}",
        AnnualRule.PoorThreeMonths => $"có ít nhất 3 tháng {l.Poor}",
        _ => "chưa đủ dữ liệu để xếp loại",
    };

    /// <summary>How missing months were treated, said wherever an annual rating is shown.</summary>
    public string PolicyText => PolicyTextIn(RatingLabels.Default);

    /// <summary>The policy in a rubric's own rating names.</summary>
    public string PolicyTextIn(RatingLabels l) => Policy == MissingMonthPolicy.CountAsPoor
        ? $"tháng đã qua mà không có kết quả đánh giá được tính là {l.Poor}"
        : "tháng đã qua mà không có kết quả đánh giá không được tính";
}

/// <summary>
/// Annual rating from up to twelve monthly ratings (seed 000 §3.4.2, read as "or better", DOMAIN.md):
/// Tốt, then Khá, then Trung bình, then Kém. Which months count (DOMAIN.md, "Which months count"): a month is due once
/// it has ended (the month <c>today</c> is in is not); months before <c>trackedFrom</c> with no result are not tracked.
/// Neither is ever missing. A posted or imported month counts as soon as it exists.
/// </summary>
public static class AnnualRating
{
    /// <summary>Where the annual rules come from, named in every year report.</summary>
    public const string Source = "mục 3.4.2, Hướng dẫn 18-HD/ĐU ngày 19/4/2019 của Đảng ủy Các cơ quan tỉnh Bắc Giang";

    public static AnnualResult Compute(int year, IReadOnlyDictionary<int, Rating> monthly, MissingMonthPolicy policy, YearMonth? today = null,
        YearMonth? trackedFrom = null, IReadOnlySet<int>? imported = null)
    {
        var months = Enumerable.Range(1, 12).Select(m =>
        {
            var month = new YearMonth(year, m);
            if (monthly.TryGetValue(m, out var r)) return new AnnualMonth(m, MonthState.Rated, r, imported?.Contains(m) == true);
            return new AnnualMonth(m, StateWithoutResult(month, today, trackedFrom), null);
        }).ToList();

        var counted = months
            .Select(m => m.State switch
            {
                MonthState.Rated => m.Rating,
                MonthState.Missing when policy == MissingMonthPolicy.CountAsPoor => Scoring.Rating.Poor,
                _ => null,
            })
            .OfType<Rating>()
            .ToList();
        var counts = new RatingCounts(
            counted.Count(r => r == Scoring.Rating.Good), counted.Count(r => r == Scoring.Rating.Fair),
            counted.Count(r => r == Scoring.Rating.Average), counted.Count(r => r == Scoring.Rating.Poor));

        var (rating, rule) = Decide(counts);
        // Asked before the year is over (December included): the rating may still change.
        var provisional = today is { } now && now.Year <= year;
        return new AnnualResult(year, rating, rule, counts, months, policy, provisional);
    }

    /// <summary>A month with no result: not yet due while it lasts, not tracked before the cell joined, else missing.</summary>
    public static MonthState StateWithoutResult(YearMonth month, YearMonth? today, YearMonth? trackedFrom) =>
        today is { } t && month >= t ? MonthState.NotYetDue
        : trackedFrom is { } from && month < from ? MonthState.NotTracked
        : MonthState.Missing;

    private static (Rating?, AnnualRule) Decide(RatingCounts c)
    {
        var belowFair = c.Average + c.Poor;
        if (c.Good >= 9 && belowFair == 0) return (Rating.Good, AnnualRule.GoodNineMonths);
        if (c.AtLeast(Rating.Fair) >= 6 && c.Poor == 0) return (Rating.Fair, AnnualRule.FairSixMonths);
        if (c.AtLeast(Rating.Average) >= 6 && c.Poor <= 2) return (Rating.Average, AnnualRule.AverageSixMonths);
        if (c.Poor >= 3) return (Rating.Poor, AnnualRule.PoorThreeMonths);
        return (null, AnnualRule.NotEnoughMonths);
    }
}
