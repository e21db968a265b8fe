namespace ChiBo.Bot.Channels;

/// <summary>
/// How a channel without buttons (Zalo, the console) shows a message: its text, then one line listing what to
/// type instead of each button that has a typed form (<see cref="Choice.Typed"/>). Buttons without one are
/// shortcuts whose typed form the text already explains; they are left out rather than shown as something
/// that cannot be typed.
/// </summary>
public static class PlainText
{
    public const string TypePrefix = "👉 Gõ: ";

    public static string Render(OutgoingMessage message)
    {
        var typed = message.Choices.SelectMany(row => row)
            .Select(c => c.Typed)
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return typed.Count == 0 ? message.Text : $"{message.Text}\n\n{TypePrefix}{string.Join(" · ", typed)}";
    }
}
