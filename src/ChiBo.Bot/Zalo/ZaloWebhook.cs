using System.Text.Json;
using ChiBo.Bot.Channels;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Zalo;

/// <summary>Zalo events posted to /webhooks/zalo (ChiBo:Zalo:Mode = Webhook), checked against the secret given
/// to setWebhook and applied by the same <see cref="ZaloInbound"/> as polled ones.</summary>
public sealed class ZaloWebhook(IOptions<ChiBoOptions> options, ZaloInbound inbound) : IWebhookReceiver
{
    public string Channel => ZaloChannel.Name;

    public WebhookOptions? Webhook =>
        options.Value.Zalo is { Mode: ChannelMode.Webhook, Token.Length: > 0 } z ? z.Webhook : null;

    public string SecretHeader => "X-Bot-Api-Secret-Token";

    public WebhookUpdate Read(JsonElement body) => new(inbound.Read(body)); // the outbox sends the replies once it committed
}
