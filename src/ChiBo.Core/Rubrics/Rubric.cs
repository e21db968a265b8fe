namespace ChiBo.Core.Rubrics;

/// <summary>What the bot can work out for a criterion from data it already has.</summary>
public enum DerivedFrom
{
    None,
    /// <summary>The meeting date against the cell's meeting day and window.</summary>
    MeetingDay,
    /// <summary>The notice the bot sent at least 24 hours before the start.</summary>
    Notice,
    /// <summary>Present ÷ (members − exempt) above 90 %.</summary>
    AttendanceRate,
    /// <summary>Nobody absent without reason.</summary>
    NoUnexcusedAbsence,
}

/// <summary>
/// One line of a rubric: its Vietnamese text and the most points it can give. <paramref name="Original"/> keeps the
/// seed's verbatim wording when <paramref name="Text"/> corrects a typo in it (seed 000's criteria 2 and 14).
/// </summary>
public sealed record Criterion(
    string Id,
    int Order,
    string Text,
    decimal MaxPoints,
    string? Short = null,
    string? Group = null,
    DerivedFrom DerivedFrom = DerivedFrom.None,
    bool ShowPreviousConclusion = false,
    string? Original = null)
{
    /// <summary>A short label for summaries; the full text when the rubric gives none.</summary>
    public string Label => Short ?? Text;
}

/// <summary>The words a rubric uses for the four ratings (seed 004 says "Yếu" where seed 000 says "Kém").</summary>
public sealed record RatingLabels(string Good, string Fair, string Average, string Poor)
{
    public static readonly RatingLabels Default = new("Tốt", "Khá", "Trung bình", "Kém");

    public string For(Scoring.Rating rating) => rating switch
    {
        Scoring.Rating.Good => Good,
        Scoring.Rating.Fair => Fair,
        Scoring.Rating.Average => Average,
        _ => Poor,
    };
}

/// <summary>A 100-point scoring frame for one monthly meeting.</summary>
public sealed record Rubric(string Id, string Title, string Source, IReadOnlyList<Criterion> Criteria, RatingLabels Labels)
{
    public decimal MaxTotal => Criteria.Sum(c => c.MaxPoints);

    public Criterion? Find(string criterionId) => Criteria.FirstOrDefault(c => c.Id == criterionId);
}
