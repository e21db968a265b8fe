using ChiBo.Core.Rubrics;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot;

/// <summary>The rubrics the bot knows: the built-in ones plus any files named in the settings.</summary>
public sealed class Rubrics
{
    private readonly Dictionary<string, Rubric> _all = [];

    public Rubrics(IOptions<ChiBoOptions> options, ILogger<Rubrics> log)
    {
        foreach (var id in BuiltInRubrics.Ids) _all[id] = BuiltInRubrics.Get(id);
        foreach (var file in options.Value.RubricFiles)
        {
            try
            {
                var rubric = RubricLoader.Parse(File.ReadAllText(file));
                _all[rubric.Id] = rubric;
            }
            catch (Exception ex) when (ex is RubricException or IOException)
            {
                log.LogError("Rubric file {File} was not loaded: {Error}", file, ex.Message);
            }
        }
    }

    public IReadOnlyCollection<Rubric> All => _all.Values;

    public Rubric? Find(string id) => _all.GetValueOrDefault(id);

    public Rubric Get(string id) => _all.TryGetValue(id, out var r) ? r : BuiltInRubrics.Get(BuiltInRubrics.BacGiang2019);
}
