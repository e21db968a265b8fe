namespace ChiBo.Bot.Channels;

/// <summary>Outgoing messages for channels without buttons or editing, and splitting long texts for any channel.</summary>
public static class PlainText
{
    /// <summary>The text, followed by what to type instead of the buttons: Gõ: "xong" · "quay lại" · "hủy".</summary>
    public static string Render(OutgoingMessage message)
    {
        var typed = message.Choices.SelectMany(row => row).Select(c => c.Typed).OfType<string>()
            .Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return typed.Count == 0 ? message.Text : $"{message.Text}\n\nGõ: {string.Join(" · ", typed.Select(t => $"\"{t}\""))}";
    }

    /// <summary>Splits on line boundaries so every part fits; a single over-long line is cut.</summary>
    public static List<string> Split(string text, int max)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            while (line.Length > max)
            {
                if (current.Length > 0) { parts.Add(current.ToString()); current.Clear(); }
                parts.Add(line[..max]);
                line = line[max..];
            }
            if (current.Length + line.Length + (current.Length > 0 ? 1 : 0) > max)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append('\n');
            current.Append(line);
        }
        if (current.Length > 0 || parts.Count == 0) parts.Add(current.ToString());
        return parts;
    }
}
