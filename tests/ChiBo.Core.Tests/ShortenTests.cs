namespace ChiBo.Core.Tests;

/// <summary>Text echoed back to a user is cut by what a reader counts as one character, never inside an emoji.</summary>
public sealed class ShortenTests
{
    [Theory]
    [InlineData("  ngắn  ", 30, "ngắn")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxx😀", 30, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx😀")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxx😀😀", 30, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx😀…")]
    [InlineData("xxxx👨‍👩‍👧yyyy", 5, "xxxx👨‍👩‍👧…")] // a family emoji is one element of five code points
    public void Shorten_cuts_by_text_elements(string text, int max, string expected)
    {
        var cut = Vietnamese.Shorten(text, max);

        Assert.Equal(expected, cut);
        Assert.True(cut.EnumerateRunes().All(r => r != System.Text.Rune.ReplacementChar)); // no lone surrogate, which LiteDB refuses
    }
}
