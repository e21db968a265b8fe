using ChiBo.Core.Rubrics;
using ChiBo.Core.Ratings;
using ChiBo.Core.Scoring;

namespace ChiBo.Core.Tests;

/// <summary>
/// The annual rating (seed 000 §3.4.2) read as "N months rated X or better" (DOMAIN.md): Tốt, then Khá, then
/// Trung bình, then Kém. A year is written as twelve letters, January first:
/// T = Tốt, K = Khá, B = Trung bình, X = Kém, - = no scored meeting (missing).
/// </summary>
public sealed class AnnualRatingTests
{
    private const MissingMonthPolicy AsPoor = MissingMonthPolicy.CountAsPoor;
    private const MissingMonthPolicy LeaveOut = MissingMonthPolicy.LeaveOut;

    private static Dictionary<int, Rating> Year(string months)
    {
        Assert.Equal(12, months.Length);
        return months.Select((letter, i) => (Month: i + 1, letter))
            .Where(m => m.letter != '-')
            .ToDictionary(m => m.Month, m => m.letter switch
            {
                'T' => Rating.Good,
                'K' => Rating.Fair,
                'B' => Rating.Average,
                'X' => Rating.Poor,
                _ => throw new ArgumentException($"Unknown month letter '{m.letter}'"),
            });
    }

    public static TheoryData<string, MissingMonthPolicy, Rating?, AnnualRule, int[]> Years() => new()
    {
        // months          policy    rating           deciding rule                 counts T, K, B, X
        { "TTTTTTTTTTTT", AsPoor, Rating.Good, AnnualRule.GoodNineMonths, [12, 0, 0, 0] },      // all Tốt
        { "TTTTTTTTTKKK", AsPoor, Rating.Good, AnnualRule.GoodNineMonths, [9, 3, 0, 0] },       // exactly 9 Tốt, the rest Khá
        { "TTTTTTTTKKKK", AsPoor, Rating.Fair, AnnualRule.FairSixMonths, [8, 4, 0, 0] },        // 8 Tốt is not 9: 12 months Khá or better
        { "TTTTTTTTTK--", AsPoor, Rating.Average, AnnualRule.AverageSixMonths, [9, 1, 0, 2] },  // 9 Tốt, 1 Khá, 2 missing = 2 Kém: Tốt and Khá forbid Kém
        { "TTTTTTTTTK--", LeaveOut, Rating.Good, AnnualRule.GoodNineMonths, [9, 1, 0, 0] },     // same year, missing months left out: 9 Tốt, no TB/Kém
        { "TTTTTTTTTTTB", AsPoor, Rating.Fair, AnnualRule.FairSixMonths, [11, 0, 1, 0] },       // one Trung bình rules out Tốt
        { "KKKKKKTTTTTT", AsPoor, Rating.Fair, AnnualRule.FairSixMonths, [6, 6, 0, 0] },        // 6 Khá, no Kém
        { "KKKKKKTTTTTX", AsPoor, Rating.Average, AnnualRule.AverageSixMonths, [5, 6, 0, 1] },  // 6 Khá and 1 Kém: Khá forbids any Kém
        { "TTTTTKKKKKBB", AsPoor, Rating.Fair, AnnualRule.FairSixMonths, [5, 5, 2, 0] },        // 5/5/2: the literal text fits none; 10 months Khá or better
        { "KKKKKBBBBBBB", AsPoor, Rating.Average, AnnualRule.AverageSixMonths, [0, 5, 7, 0] },  // 5 Khá is not 6: Trung bình
        { "TTTTTTTTTTXX", AsPoor, Rating.Average, AnnualRule.AverageSixMonths, [10, 0, 0, 2] }, // 2 Kém: at most 2 allowed for Trung bình
        { "TTTTTTTTTXXX", AsPoor, Rating.Poor, AnnualRule.PoorThreeMonths, [9, 0, 0, 3] },      // 3 Kém: Kém, however good the rest
        { "BBBBBBBBBBBB", AsPoor, Rating.Average, AnnualRule.AverageSixMonths, [0, 0, 12, 0] }, // all Trung bình
        { "BBBBBBBBBXXX", AsPoor, Rating.Poor, AnnualRule.PoorThreeMonths, [0, 0, 9, 3] },      // 3 Kém outweighs 9 Trung bình
        { "XXXXXXXXXXXX", AsPoor, Rating.Poor, AnnualRule.PoorThreeMonths, [0, 0, 0, 12] },     // all Kém
        { "TTTTTTTTTT-X", AsPoor, Rating.Average, AnnualRule.AverageSixMonths, [10, 0, 0, 2] }, // 1 missing + 1 Kém = 2 Kém
        { "TTTTTTTTT--X", AsPoor, Rating.Poor, AnnualRule.PoorThreeMonths, [9, 0, 0, 3] },      // 2 missing + 1 Kém = 3 Kém
        { "TTTTTTTTT--X", LeaveOut, Rating.Average, AnnualRule.AverageSixMonths, [9, 0, 0, 1] },// left out: only the real Kém counts
        { "------------", AsPoor, Rating.Poor, AnnualRule.PoorThreeMonths, [0, 0, 0, 12] },     // no meeting all year: 12 Kém
        { "------------", LeaveOut, null, AnnualRule.NotEnoughMonths, [0, 0, 0, 0] },           // nothing to rate
        { "TTTTT-------", LeaveOut, null, AnnualRule.NotEnoughMonths, [5, 0, 0, 0] },           // DOMAIN.md: 5 months all Tốt fits no rule
        { "TTTTTTX-----", LeaveOut, Rating.Average, AnnualRule.AverageSixMonths, [6, 0, 0, 1] },// 6 months Trung bình or better, 1 Kém
        { "TTTTTX------", LeaveOut, null, AnnualRule.NotEnoughMonths, [5, 0, 0, 1] },           // 5 months TB or better is not 6, 1 Kém is not 3: no rule
        { "TTTTXX------", LeaveOut, null, AnnualRule.NotEnoughMonths, [4, 0, 0, 2] },           // 4 months TB or better, only 2 Kém: no rule
        { "XXX---------", LeaveOut, Rating.Poor, AnnualRule.PoorThreeMonths, [0, 0, 0, 3] },    // 3 Kém is enough for Kém
    };

    [Theory]
    [MemberData(nameof(Years))]
    public void Every_annual_rule_and_its_edges(string months, MissingMonthPolicy policy, Rating? rating, AnnualRule rule, int[] counts)
    {
        var result = AnnualRating.Compute(2026, Year(months), policy);

        Assert.Equal(rating, result.Rating);
        Assert.Equal(rule, result.DecidedBy);
        Assert.Equal(new RatingCounts(counts[0], counts[1], counts[2], counts[3]), result.Counts);
        Assert.Equal(counts.Sum(), result.MonthsCounted);
        Assert.Equal(policy, result.Policy);
        Assert.False(result.Provisional); // asked with no "today": the whole year is due
        Assert.Equal(Enumerable.Range(1, 12).Where(m => months[m - 1] == '-'), result.MissingMonths);
        Assert.Empty(result.NotYetDueMonths);
    }

    [Fact]
    public void Each_month_is_listed_with_its_state_and_rating()
    {
        // Asked in May: April is over, May is not.
        var result = AnnualRating.Compute(2026, Year("TK-B--------"), AsPoor, today: new YearMonth(2026, 5));

        Assert.Equal(
            [
                new AnnualMonth(1, MonthState.Rated, Rating.Good),
                new AnnualMonth(2, MonthState.Rated, Rating.Fair),
                new AnnualMonth(3, MonthState.Missing, null),
                new AnnualMonth(4, MonthState.Rated, Rating.Average),
                .. Enumerable.Range(5, 8).Select(m => new AnnualMonth(m, MonthState.NotYetDue, null)),
            ],
            result.Months);
    }

    /// <summary>
    /// DOMAIN.md, "Which months count": the current month is not due until it ends; months before the cell was tracked
    /// are "chưa theo dõi"; imported months count like posted ones. Each row: months (January first), when asked (the
    /// current month), tracked from, policy → rating (null: not enough months), counted months, missing months.
    /// </summary>
    public static TheoryData<string, int, int, MissingMonthPolicy, Rating?, int, int[]> WhichMonthsCount() => new()
    {
        // Asked on 1–2 December 2026, November posted: December is not over, so not missing — Khá (tạm tính) on 11 months.
        { "TKKKKKKKKKK-", 12, 1, AsPoor, Rating.Fair, 11, [] },
        { "TKKKKKKKKKK-", 12, 1, LeaveOut, Rating.Fair, 11, [] },
        // The year over, December never posted: missing, and Kém by default (no Khá with a Kém month).
        { "TKKKKKKKKKK-", 13, 1, AsPoor, Rating.Average, 12, [12] },
        // Three missing months count as three Kém under the default policy, and as nothing otherwise.
        { "TTTTTTTTT---", 13, 1, AsPoor, Rating.Poor, 12, [10, 11, 12] },
        { "TTTTTTTTT---", 13, 1, LeaveOut, Rating.Good, 9, [10, 11, 12] },
        // A cell that joined in October 2026 asks about 2025 and 2026: nothing before October is missing.
        { "------------", 13, 10, AsPoor, Rating.Poor, 3, [10, 11, 12] },
        { "------------", 13, 10, LeaveOut, null, 0, [10, 11, 12] },
        { "---------TTT", 13, 10, AsPoor, null, 3, [] },
        { "---------T-T", 13, 10, AsPoor, null, 3, [11] },
        // The same cell imported January–September from paper: imports are tracked months like posted ones.
        { "KKKKKKKKKTTT", 13, 10, AsPoor, Rating.Fair, 12, [] },
        // Five months all Tốt, missing ones left out: fits no rule.
        { "TTTTT-------", 13, 1, LeaveOut, null, 5, [6, 7, 8, 9, 10, 11, 12] },
    };

    [Theory]
    [MemberData(nameof(WhichMonthsCount))]
    public void Which_months_count(string months, int askedInMonth, int trackedFromMonth, MissingMonthPolicy policy, Rating? rating, int counted, int[] missing)
    {
        var today = askedInMonth == 13 ? new YearMonth(2027, 1) : new YearMonth(2026, askedInMonth);

        var result = AnnualRating.Compute(2026, Year(months), policy, today, trackedFrom: new YearMonth(2026, trackedFromMonth));

        Assert.Equal(rating, result.Rating);
        Assert.Equal(counted, result.MonthsCounted);
        Assert.Equal(missing, result.MissingMonths);
        Assert.Empty(result.NotTrackedMonths.Intersect(result.MissingMonths));
        Assert.All(result.NotTrackedMonths, m => Assert.True(m < trackedFromMonth));
    }

    [Fact]
    public void A_year_before_the_cell_was_tracked_is_not_tracked_never_Kem()
    {
        var result = AnnualRating.Compute(2025, Year("------------"), AsPoor, new YearMonth(2026, 12), trackedFrom: new YearMonth(2026, 10));

        Assert.Equal(Enumerable.Range(1, 12), result.NotTrackedMonths);
        Assert.Empty(result.MissingMonths);
        Assert.Null(result.Rating);
        Assert.Equal("chưa đủ dữ liệu để xếp loại", result.RuleText);
        Assert.False(result.Provisional);
    }

    [Fact]
    public void Imported_months_are_marked()
    {
        var result = AnnualRating.Compute(2026, Year("TK----------"), AsPoor, new YearMonth(2026, 3), imported: new HashSet<int> { 1 });

        Assert.True(result.Months[0].Imported);
        Assert.False(result.Months[1].Imported);
    }

    [Fact]
    public void Months_not_over_yet_are_not_yet_due_never_missing_never_Kem()
    {
        // Asked in May 2026: January to April Tốt, May and the months after not yet due.
        var result = AnnualRating.Compute(2026, Year("TTTT--------"), AsPoor, today: new YearMonth(2026, 5));

        Assert.Empty(result.MissingMonths);
        Assert.Equal([5, 6, 7, 8, 9, 10, 11, 12], result.NotYetDueMonths);
        Assert.Equal(new RatingCounts(4, 0, 0, 0), result.Counts);
        Assert.Equal(4, result.MonthsCounted);
        Assert.Null(result.Rating);
        Assert.Equal(AnnualRule.NotEnoughMonths, result.DecidedBy);
        Assert.True(result.Provisional);
    }

    [Fact]
    public void Three_bad_months_early_in_the_year_already_give_a_provisional_Kem()
    {
        var result = AnnualRating.Compute(2026, Year("XXX---------"), AsPoor, today: new YearMonth(2026, 3));

        Assert.Equal(Rating.Poor, result.Rating);
        Assert.Equal(AnnualRule.PoorThreeMonths, result.DecidedBy);
        Assert.Equal(new RatingCounts(0, 0, 0, 3), result.Counts);
        Assert.True(result.Provisional);
    }

    [Theory]
    [InlineData("------------", 2025, 12, true)]  // before the year: every month not yet due
    [InlineData("TTTTTT------", 2026, 6, true)]
    [InlineData("TTTTTTTTTTT-", 2026, 12, true)]  // December, its meeting not held yet: the year is not over
    [InlineData("TTTTTTTTTTTT", 2026, 12, true)]  // December, all twelve posted: still before the year ends
    [InlineData("TTTTTTTTTTTT", 2027, 1, false)]  // the year is over
    [InlineData("TTTTTTTTTTT-", 2030, 5, false)]
    public void A_rating_asked_for_before_the_year_ends_is_provisional(string months, int year, int month, bool provisional)
    {
        var result = AnnualRating.Compute(2026, Year(months), AsPoor, today: new YearMonth(year, month));

        Assert.Equal(provisional, result.Provisional);
    }

    [Fact]
    public void Asked_before_the_year_starts_nothing_is_due_and_nothing_is_rated()
    {
        var result = AnnualRating.Compute(2027, new Dictionary<int, Rating>(), AsPoor, today: new YearMonth(2026, 11));

        Assert.Equal(Enumerable.Range(1, 12), result.NotYetDueMonths);
        Assert.Empty(result.MissingMonths);
        Assert.Equal(0, result.MonthsCounted);
        Assert.Null(result.Rating);
        Assert.True(result.Provisional);
    }

    [Theory]
    [InlineData(AnnualRule.GoodNineMonths, "có ít nhất 9 tháng Tốt và không có tháng Trung bình, Kém")]
    [InlineData(AnnualRule.FairSixMonths, "có ít nhất 6 tháng đạt Khá trở lên (Khá hoặc Tốt) và không có tháng Kém")]
    [InlineData(AnnualRule.AverageSixMonths, "có ít nhất 6 tháng đạt Trung bình trở lên và không quá 2 tháng Kém")]
    [InlineData(AnnualRule.PoorThreeMonths, "có ít nhất 3 tháng Kém")]
    [InlineData(AnnualRule.NotEnoughMonths, "chưa đủ dữ liệu để xếp loại")]
    public void The_deciding_rule_is_stated_in_Vietnamese(AnnualRule rule, string text)
    {
        var result = new AnnualResult(2026, null, rule, new RatingCounts(0, 0, 0, 0), [], AsPoor, false);

        Assert.Equal(text, result.RuleText);
    }

    [Theory]
    [InlineData(AnnualRule.GoodNineMonths, "có ít nhất 9 tháng Tốt và không có tháng Trung bình, Yếu")]
    [InlineData(AnnualRule.FairSixMonths, "có ít nhất 6 tháng đạt Khá trở lên (Khá hoặc Tốt) và không có tháng Yếu")]
    [InlineData(AnnualRule.AverageSixMonths, "có ít nhất 6 tháng đạt Trung bình trở lên và không quá 2 tháng Yếu")]
    [InlineData(AnnualRule.PoorThreeMonths, "có ít nhất 3 tháng Yếu")]
    public void The_rule_uses_the_rubrics_own_rating_names(AnnualRule rule, string text)
    {
        var result = new AnnualResult(2026, null, rule, new RatingCounts(0, 0, 0, 0), [], AsPoor, false);

        Assert.Equal(text, result.RuleTextIn(BuiltInRubrics.Get(BuiltInRubrics.ThaiBinh2019).Labels));
    }

    [Theory]
    [InlineData(MissingMonthPolicy.CountAsPoor, "tháng đã qua mà không có kết quả đánh giá được tính là Kém")]
    [InlineData(MissingMonthPolicy.LeaveOut, "tháng đã qua mà không có kết quả đánh giá không được tính")]
    public void The_missing_month_policy_is_stated_in_Vietnamese(MissingMonthPolicy policy, string text)
    {
        Assert.Equal(text, AnnualRating.Compute(2026, Year("TTTTTTTTTTT-"), policy).PolicyText);
    }

    [Fact]
    public void The_missing_month_policy_uses_the_rubrics_own_rating_names()
    {
        var result = AnnualRating.Compute(2026, Year("TTTTTTTTTTT-"), AsPoor);

        Assert.Equal("tháng đã qua mà không có kết quả đánh giá được tính là Yếu", result.PolicyTextIn(BuiltInRubrics.Get(BuiltInRubrics.ThaiBinh2019).Labels));
    }

    [Fact]
    public void Counts_or_better_add_up_the_ratings_above()
    {
        var counts = new RatingCounts(Good: 5, Fair: 4, Average: 2, Poor: 1);

        Assert.Equal(12, counts.Total);
        Assert.Equal(5, counts.AtLeast(Rating.Good));
        Assert.Equal(9, counts.AtLeast(Rating.Fair));
        Assert.Equal(11, counts.AtLeast(Rating.Average));
        Assert.Equal(12, counts.AtLeast(Rating.Poor));
    }
}
