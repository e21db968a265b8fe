namespace ChiBo.Core.Scoring;

/// <summary>The four ratings, ordered so that "X or better" is <c>rating &gt;= X</c>.</summary>
public enum Rating
{
    Poor = 1,
    Average = 2,
    Fair = 3,
    Good = 4,
}

/// <summary>Monthly bands (seed 000 §3.4.1): ≥ 90 Tốt, ≥ 70 Khá, ≥ 50 Trung bình, else Kém/Yếu.</summary>
public static class MonthlyRating
{
    public const decimal GoodFrom = 90m;
    public const decimal FairFrom = 70m;
    public const decimal AverageFrom = 50m;

    public static Rating For(decimal total) => total switch
    {
        >= GoodFrom => Rating.Good,
        >= FairFrom => Rating.Fair,
        >= AverageFrom => Rating.Average,
        _ => Rating.Poor,
    };
}
