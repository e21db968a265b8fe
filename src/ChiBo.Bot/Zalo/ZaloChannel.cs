using System.Diagnostics;
using System.Text.Json;
using ChiBo.Bot.Channels;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Zalo;

/// <summary>
/// The Zalo Bot Platform channel (on when ChiBo:Zalo:Token is set). By long polling, getUpdates hands out one
/// event per call and has no offset: an event counts as delivered once handed out, so each is applied (saved with
/// its replies) before the next call, and the pipeline deduplicates on the message id (Zalo sends some twice).
/// An empty poll may answer at once (408 or {}): polls are then kept at least ChiBo:Zalo:MinPollIntervalMilliseconds apart.
/// In webhook mode it sets the webhook and <see cref="ZaloWebhook"/> receives the events.
/// </summary>
public sealed class ZaloChannel(
    IOptions<ChiBoOptions> options,
    ZaloBotClient client,
    ZaloBot bot,
    ZaloInbound inbound,
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
        outbox.Register(Name, sender, zalo.Limits);
        if (zalo.Mode == ChannelMode.Webhook) return;

        var failures = 0;
        var minInterval = TimeSpan.FromMilliseconds(Math.Max(0, zalo.MinPollIntervalMilliseconds));
        while (!ct.IsCancellationRequested)
        {
            JsonElement? body;
            var started = Stopwatch.GetTimestamp();
            try
            {
                body = await client.GetUpdatesAsync(ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                failures++;
                var wait = FailureDelay(ex, failures, zalo);
                log.LogWarning("Zalo getUpdates failed ({Failures} in a row): {Error}; polling again in {Seconds} s", failures, ex.Message, wait.TotalSeconds);
                await Task.Delay(wait, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            if (body is { } b) Handle(b); // the outbox sends the replies while the next event is fetched
            else
            {
                var wait = PollDelay(Stopwatch.GetElapsedTime(started), minInterval);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>How long to wait after a failed poll: a 429 (the monthly quota is used up) pauses polling for
    /// ChiBo:Zalo:QuotaPauseSeconds; other failures back off 0,5 s, 1 s, 2 s … up to 30 s.</summary>
    public static TimeSpan FailureDelay(Exception ex, int failures, ZaloOptions zalo) =>
        ex is ZaloApiException { Code: 429 }
            ? TimeSpan.FromSeconds(zalo.QuotaPauseSeconds)
            : TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))));

    /// <summary>How long to wait after an empty poll that took <paramref name="elapsed"/>, so polls are at least
    /// <paramref name="minInterval"/> apart when the server answers at once (real time: it spares the server, not the cells' clock).</summary>
    public static TimeSpan PollDelay(TimeSpan elapsed, TimeSpan minInterval) => elapsed < minInterval ? minInterval - elapsed : TimeSpan.Zero;

    /// <summary>Only getMe decides whether the token is valid; the webhook calls may answer 404 for a polling bot.</summary>
    private async Task<bool> AnnounceAsync(ZaloOptions zalo, CancellationToken ct)
    {
        try
        {
            var me = await client.GetMeAsync(ct);
            bot.Id = me.TryGetProperty("id", out var id) ? id.ToString() : "";
            bot.Name = me.TryGetProperty("account_name", out var n) ? n.ToString() : "";
            bot.CanJoinGroups = !(me.TryGetProperty("can_join_groups", out var groups) && groups.ValueKind == JsonValueKind.False);
        }
        catch (ZaloApiException ex) when (ex.Code is 401 or 404)
        {
            log.LogCritical("Zalo rejected the bot token ({Code}): check the ChiBo:Zalo:Token setting. Stopping.", ex.Code);
            failure.StopHost();
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogCritical("Cannot reach the Zalo Bot API: {Error}. Stopping.", ex.Message);
            failure.StopHost();
            return false;
        }
        if (!bot.CanJoinGroups)
            log.LogWarning("Zalo bot {Name} cannot join groups: its cells work without a group (registered with /taochibo in a private chat)", bot.Name);
        try
        {
            if (zalo.Mode == ChannelMode.Webhook) await client.SetWebhookAsync(zalo.Webhook.PublicUrl!, zalo.Webhook.Secret!, ct);
            else await client.DeleteWebhookAsync(ct); // getUpdates does not work while a webhook is set
        }
        catch (ZaloApiException ex) when (zalo.Mode == ChannelMode.Polling && ex.Code == 404)
        {
            log.LogInformation("Zalo answered 404 to deleteWebhook (no webhook to delete); polling");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogCritical("Zalo refused the webhook setup: {Error}. Stopping.", ex.Message);
            failure.StopHost();
            return false;
        }
        log.LogInformation("Zalo bot {Name} is ready; {Mode}", bot.Name, zalo.Mode == ChannelMode.Webhook ? "webhook" : "long polling");
        return true;
    }

    private void Handle(JsonElement body)
    {
        try { inbound.Receive(body); }
        catch (JsonException ex)
        {
            log.LogWarning("Ignored a Zalo event: {Error}", ex.Message);
        }
    }
}
