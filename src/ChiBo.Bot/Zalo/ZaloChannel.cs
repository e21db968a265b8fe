using System.Text.Json;
using ChiBo.Bot.Channels;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Zalo;

/// <summary>
/// The Zalo Bot Platform channel (on when ChiBo:Zalo:Token is set). By long polling, getUpdates hands out one
/// event per call and has no offset: an event counts as delivered once handed out, so each is applied and its
/// replies sent before the next call, and the pipeline deduplicates on the message id (Zalo sends some twice).
/// In webhook mode it sets the webhook and <see cref="ZaloWebhook"/> receives the events.
/// </summary>
public sealed class ZaloChannel(
    IOptions<ChiBoOptions> options,
    ZaloBotClient client,
    Pipeline pipeline,
    Outbox outbox,
    ZaloSender sender,
    StartupFailure failure,
    TimeProvider time,
    ILogger<ZaloChannel> log) : BackgroundService
{
    public const string Name = "zalo";

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var zalo = options.Value.Zalo;
        if (string.IsNullOrWhiteSpace(zalo.Token)) return;
        if (!await AnnounceAsync(zalo, ct)) return;
        pipeline.ForgetOldMarks();
        outbox.Register(Name, sender);
        await outbox.DrainAsync(ct);
        if (zalo.Mode == ChannelMode.Webhook) return;

        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            JsonElement? body;
            try
            {
                body = await client.GetUpdatesAsync(ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                failures++;
                log.LogWarning("Zalo getUpdates failed ({Failures} in a row): {Error}", failures, ex.Message);
                var wait = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))));
                await Task.Delay(wait, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            if (body is { } b) await HandleAsync(b, ct);
        }
    }

    private async Task<bool> AnnounceAsync(ZaloOptions zalo, CancellationToken ct)
    {
        try
        {
            var me = await client.GetMeAsync(ct);
            var name = me.TryGetProperty("account_name", out var n) ? n.ToString() : "";
            if (me.TryGetProperty("can_join_groups", out var groups) && groups.ValueKind == JsonValueKind.False)
                log.LogWarning("Zalo bot {Name} cannot join groups: cells can only be registered in a Zalo group the bot is a member of", name);
            if (zalo.Mode == ChannelMode.Webhook) await client.SetWebhookAsync(zalo.Webhook.PublicUrl!, zalo.Webhook.Secret!, ct);
            else await client.DeleteWebhookAsync(ct); // getUpdates does not work while a webhook is set
            log.LogInformation("Zalo bot {Name} is ready; {Mode}", name, zalo.Mode == ChannelMode.Webhook ? "webhook" : "long polling");
            return true;
        }
        catch (ZaloApiException ex) when (ex.Code is 401 or 404)
        {
            log.LogCritical("Zalo rejected the bot token ({Code}): check the ChiBo:Zalo:Token setting. Stopping.", ex.Code);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogCritical("Cannot reach the Zalo Bot API: {Error}. Stopping.", ex.Message);
        }
        failure.StopHost();
        return false;
    }

    private async Task HandleAsync(JsonElement body, CancellationToken ct)
    {
        ChatEvent? ev;
        try { ev = ZaloEvents.ToEvent(body); }
        catch (JsonException ex)
        {
            log.LogWarning("Ignored a Zalo event: {Error}", ex.Message);
            return;
        }
        if (ev is null) return;
        pipeline.Process(ev);
        await outbox.DrainAsync(ct);
    }
}
