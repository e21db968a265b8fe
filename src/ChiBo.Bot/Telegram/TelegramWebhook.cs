using System.Text.Json;
using ChiBo.Bot.Channels;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace ChiBo.Bot.Telegram;

/// <summary>Telegram updates posted to /webhooks/telegram (ChiBo:Telegram:Mode = Webhook), checked against
/// the secret given to setWebhook and applied through the same <see cref="Pipeline"/> as polled ones (in batches, <see cref="WebhookBatcher"/>).</summary>
public sealed class TelegramWebhook(IOptions<ChiBoOptions> options, TelegramBotClientFactory clients, ChatMigration migration, ILogger<TelegramWebhook> log) : IWebhookReceiver
{
    public string Channel => TelegramChannel.Name;

    public WebhookOptions? Webhook =>
        options.Value.Telegram is { Mode: ChannelMode.Webhook, Token.Length: > 0 } t ? t.Webhook : null;

    public string SecretHeader => "X-Telegram-Bot-Api-Secret-Token";

    public WebhookUpdate Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("update_id", out _)) throw new JsonException("The body is not a Telegram update.");
        // An update Telegram.Bot cannot read is answered 200 and passed over, or Telegram would post it again and again.
        var update = UpdateReader.Read(body, 0, log);
        var item = TelegramChannel.IncomingOf(update, migration, log);
        return new WebhookUpdate(item is { Event: null, Record: null } ? null : item,
            update.CallbackQuery is null ? null : (result, ct) => TelegramChannel.AnswerTapAsync(clients.Client, update, result, log, ct)); // the outbox sends the replies
    }
}
