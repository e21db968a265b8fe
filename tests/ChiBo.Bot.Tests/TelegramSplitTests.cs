using ChiBo.Bot.Channels;
using ChiBo.Bot.Telegram;

namespace ChiBo.Bot.Tests;

/// <summary>How a long answer is cut into Telegram messages (<see cref="PlainText.Split"/>).</summary>
public sealed class TelegramSplitTests
{
    [Fact]
    public void A_text_that_fits_is_one_message_as_it_is()
    {
        Assert.Equal(["a\n\nb\n"], PlainText.Split("a\n\nb\n", 4096));
    }

    [Fact]
    public void Paragraphs_are_kept_whole_and_packed_together_while_they_fit()
    {
        var paragraphs = Enumerable.Range(1, 5).Select(i => $"{i}. " + new string('x', 1497)).ToList(); // 1500 characters each
        var text = string.Join("\n\n", paragraphs);

        var parts = PlainText.Split(text, 4096);

        Assert.Equal([$"{paragraphs[0]}\n\n{paragraphs[1]}", $"{paragraphs[2]}\n\n{paragraphs[3]}", paragraphs[4]], parts);
    }

    [Fact]
    public void A_paragraph_longer_than_a_message_is_split_between_its_lines()
    {
        var lines = Enumerable.Range(1, 50).Select(i => $"{i:D2} " + new string('y', 97)).ToList(); // 100 characters each
        var text = "Tiêu đề\n\n" + string.Join("\n", lines);

        var parts = PlainText.Split(text, 1000);

        Assert.Equal("Tiêu đề", parts[0]);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 1000));
        Assert.All(parts.Skip(1), p => Assert.All(p.Split('\n'), l => Assert.Equal(100, l.Length)));
        Assert.Equal(lines, parts.Skip(1).SelectMany(p => p.Split('\n')));
    }

    [Fact]
    public void A_single_over_long_line_is_cut_but_never_inside_an_emoji()
    {
        var text = "a" + string.Concat(Enumerable.Repeat("📊", 3000)); // 6001 UTF-16 units; a pair straddles 4095|4096

        var parts = PlainText.Split(text, 4096);

        Assert.Equal(2, parts.Count);
        Assert.Equal(4095, parts[0].Length);
        Assert.False(char.IsHighSurrogate(parts[0][^1]));
        Assert.Equal(text, string.Concat(parts));
    }
}
