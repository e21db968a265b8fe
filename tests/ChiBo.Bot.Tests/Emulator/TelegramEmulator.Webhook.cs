using System.Net;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>Webhook delivery: after the bot's setWebhook, tests post enqueued updates to its URL as Telegram does.</summary>
public sealed partial class TelegramEmulator
{
    public const string WebhookSecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Posts the update's latest delivery to the webhook with the secret the bot registered; on 2xx it counts as processed.</summary>
    public Task<HttpStatusCode> PushToWebhookAsync(int updateId) => PushToWebhookAsync(updateId, Webhook.SecretToken);

    /// <summary>Posts the update to the webhook with <paramref name="secret"/> in the secret header (none when null).</summary>
    public async Task<HttpStatusCode> PushToWebhookAsync(int updateId, string? secret)
    {
        PendingUpdate pending;
        string url;
        lock (_gate)
        {
            url = _webhookUrl ?? throw new InvalidOperationException("The bot has not set a webhook.");
            pending = _latestDelivery.TryGetValue(updateId, out var p) ? p : throw new ArgumentException($"Update {updateId} was never enqueued.", nameof(updateId));
        }
        var status = await WebhookDelivery.PostAsync(url, pending.Json, WebhookSecretHeader, secret);
        if ((int)status is >= 200 and < 300)
            lock (_gate) Drop(pending);
        return status;
    }
}
