using ChiBo.Bot.Channels;

namespace ChiBo.Bot.Zalo;

/// <summary>
/// Every Zalo message counts against the monthly quota (<see cref="ZaloQuota"/>), so the messages one update produces for the
/// same Zalo chat, one after the other, go out as one (paragraphs in order, each one's typed choices kept as text, the last
/// one's choices and wizard key kept) while the result fits in one Zalo message. Other channels are left as they are.
/// </summary>
public static class ZaloMerge
{
    public static List<OutgoingMessage> Merge(IEnumerable<OutgoingMessage> messages)
    {
        var merged = new List<OutgoingMessage>();
        foreach (var m in messages)
        {
            if (merged.Count > 0 && merged[^1] is var last && CanJoin(last, m))
            {
                var text = $"{ZaloSender.Render(last)}\n\n{m.Text}";
                if (text.Length + TypedLength(m) <= ZaloSender.MaxLength)
                {
                    merged[^1] = new OutgoingMessage
                    {
                        Channel = m.Channel, ChatId = m.ChatId, Text = text, Choices = m.Choices, Placement = m.Placement, WizardKey = m.WizardKey, InGroup = m.InGroup,
                        Priority = last.Priority == MessagePriority.Normal || m.Priority == MessagePriority.Normal ? MessagePriority.Normal : m.Priority,
                    };
                    continue;
                }
            }
            merged.Add(m);
        }
        return merged;
    }

    /// <summary>Messages carrying a file (an export's download link) stay on their own.</summary>
    private static bool CanJoin(OutgoingMessage a, OutgoingMessage b) =>
        a.Channel == ZaloChannel.Name && b.Channel == ZaloChannel.Name && a.ChatId == b.ChatId && PlainText.Sends(a) && PlainText.Sends(b)
        && a.Attachment is null && b.Attachment is null;

    private static int TypedLength(OutgoingMessage m) => ZaloSender.Render(m).Length - m.Text.Length;
}
