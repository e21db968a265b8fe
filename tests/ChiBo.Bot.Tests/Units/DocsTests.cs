using System.Text.RegularExpressions;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The settings file's comments point to README sections that exist (issue 9: "Setup in chat", "Rubrics" did not).</summary>
public sealed class DocsTests
{
    private static string RepoFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ChiBo.sln"))) return File.ReadAllText(Path.Combine(dir.FullName, name));
        throw new InvalidOperationException("ChiBo.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_README_section_named_in_appsettings_example_exists()
    {
        var headings = Regex.Matches(RepoFile("README.md"), @"^#+ (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToHashSet();
        var named = Regex.Matches(RepoFile("appsettings.example.json"), "README((?: \"[^\"]+\"(?:,| and| or)?)+)")
            .SelectMany(m => Regex.Matches(m.Groups[1].Value, "\"([^\"]+)\"").Select(x => x.Groups[1].Value)).Distinct().ToList();

        Assert.NotEmpty(named);
        Assert.All(named, section => Assert.Contains(section, headings));
    }
}
