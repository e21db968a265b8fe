namespace ChiBo.Bot.Channels;

/// <summary>
/// Long texts are split for every channel (<see cref="Split"/>). How a channel without buttons (Zalo, the console) shows a message: its text, then one line listing what to
/// type instead of each button that has a typed form (<see cref="Choice.Typed"/>). Buttons without one are
/// shortcuts whose typed form the text already explains; they are left out rather than shown as something
/// that cannot be typed.
/// </summary>
public static class PlainText
{
    public const string TypePrefix = "👉 Gõ: ";

    /// <summary>Channels without editing leave out a refresh of a shared message (<see cref="Placement.RefreshWizard"/>).</summary>
    public static bool Sends(OutgoingMessage message) => message.Placement != Placement.RefreshWizard;

    public static string Render(OutgoingMessage message, string prefix = TypePrefix)
    {
        var typed = message.Choices.SelectMany(row => row)
            .Select(c => c.Typed)
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return typed.Count == 0 ? message.Text : $"{message.Text}\n\n{prefix}{string.Join(" · ", typed)}";
    }
    /// <summary>
    /// Splits so every part fits: between paragraphs (blank lines) where possible, so a block such as one cell of a
    /// report stays in one message; a paragraph too long for one message is split between its lines, and a single
    /// over-long line is cut (never inside a surrogate pair).
    /// </summary>
    public static List<string> Split(string text, int max)
    {
        if (text.Length <= max) return [text];
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        void Flush()
        {
            if (current.Length > 0) parts.Add(current.ToString());
            current.Clear();
        }
        void Add(string piece, string separator)
        {
            if (current.Length > 0 && current.Length + separator.Length + piece.Length > max) Flush();
            if (current.Length > 0) current.Append(separator);
            current.Append(piece);
        }
        foreach (var paragraph in text.Split("\n\n"))
        {
            if (paragraph.Length <= max)
            {
                Add(paragraph, "\n\n");
                continue;
            }
            Flush();
            foreach (var rawLine in paragraph.Split('\n'))
            {
                var line = rawLine;
                while (line.Length > max)
                {
                    var cut = char.IsHighSurrogate(line[max - 1]) ? max - 1 : max;
                    Flush();
                    parts.Add(line[..cut]);
                    line = line[cut..];
                }
                Add(line, "\n");
            }
        }
        Flush();
        return parts;
    }
}
