namespace ChiBo.Core.Rubrics;

/// <summary>The rubrics shipped inside the assembly as JSON data files (Rubrics/Data).</summary>
public static class BuiltInRubrics
{
    public const string BacGiang2019 = "bac-giang-2019";
    public const string ThaiBinh2019 = "thai-binh-2019";

    private static readonly Lazy<IReadOnlyDictionary<string, Rubric>> All = new(() =>
        new[] { BacGiang2019, ThaiBinh2019 }.ToDictionary(id => id, Load));

    public static IReadOnlyCollection<string> Ids => All.Value.Keys.ToList();

    public static Rubric Get(string id) =>
        All.Value.TryGetValue(id, out var rubric) ? rubric : throw new KeyNotFoundException($"No built-in rubric '{id}'.");

    public static bool TryGet(string id, out Rubric rubric) => All.Value.TryGetValue(id, out rubric!);

    private static Rubric Load(string id)
    {
        using var stream = typeof(BuiltInRubrics).Assembly.GetManifestResourceStream($"ChiBo.Core.Rubrics.{id}.json")
            ?? throw new InvalidOperationException($"Embedded rubric '{id}' is missing.");
        return RubricLoader.Parse(stream);
    }
}
