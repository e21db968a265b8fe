using ChiBo.Bot.Channels;

namespace ChiBo.Bot.Zalo;

/// <summary>Renders outgoing messages on Zalo: plain text that lists what to type instead of buttons, every
/// wizard step as a new message (Zalo cannot edit), split on line boundaries under the 2000-character limit.</summary>
public sealed class ZaloSender(ZaloBotClient client) : IChannelSender
{
    public const int MaxLength = 2000;

    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        if (!PlainText.Sends(message)) return;
        foreach (var part in PlainText.Split(PlainText.Render(message), MaxLength).Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            try { await client.SendMessageAsync(message.ChatId, part, ct); }
            catch (ZaloApiException ex) when (ex.IsPermanent) { throw new MessageRefusedException(ex.Message, ex); }
        }
    }
}
