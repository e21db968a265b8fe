using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChiBo.Bot.Telegram;

/// <summary>
/// Telegram by long polling: announces the bot, then fetches updates, hands each batch to the
/// <see cref="Pipeline"/> (one transaction with the new offset, so a crash re-delivers the whole batch and the pipeline's
/// dedupe ignores what was already applied), and asks for the next ones while the <see cref="Outbox"/> sends the replies. In webhook mode it announces the
/// bot and sets the webhook; <see cref="TelegramWebhook"/> receives the updates. Off without a token.
/// </summary>
public sealed class TelegramChannel(
    IOptions<ChiBoOptions> options,
    TelegramBotClientFactory clients,
    Pipeline pipeline,
    Outbox outbox,
    TelegramSender sender,
    BotIdentity identity,
    Database db,
    StartupFailure failure,
    UpdateReader reader,
    ChatMigration migration,
    TimeProvider time,
    ILogger<TelegramChannel> log) : BackgroundService
{
    public const string Name = "telegram";
    private const string OffsetSetting = "telegram:offset";
    private static readonly UpdateType[] Wanted = UpdateReader.Wanted;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Telegram.Token)) return;
        var bot = clients.Client;
        if (!await AnnounceAsync(bot, ct)) return;

        pipeline.ForgetOldMarks();
        outbox.Register(Name, sender, options.Value.Telegram.Limits, TelegramSender.IsGroup);
        if (options.Value.Telegram.Mode == ChannelMode.Webhook) return;
        var offset = int.TryParse(db.GetSetting(OffsetSetting), out var saved) ? saved : 0;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                updates = await reader.GetAsync(bot, offset, options.Value.Telegram.PollingTimeoutSeconds, ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (ApiRequestException ex) when (ex.ErrorCode == 401)
            {
                log.LogCritical("Telegram no longer accepts the bot token (401): check the ChiBo:Telegram:Token setting. Stopping.");
                failure.StopHost();
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429)
            {
                // Telegram.Bot no longer waits this out inside the call (TelegramBotClientFactory): the bot's clock does.
                var wait = TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 5));
                var waited = Task.Delay(wait, time, ct); // counted from the 429's arrival, before anything else happens
                log.LogWarning("getUpdates: Telegram asked to wait {Seconds} s (429)", wait.TotalSeconds);
                await waited.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            catch (Exception ex)
            {
                failures++;
                log.LogWarning("getUpdates failed ({Failures} in a row): {Error}", failures, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7)))), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            if (updates.Length == 0) continue;

            // The whole batch, and the offset past it, in one durable transaction; the outbox starts sending once it
            // committed, while the next getUpdates already waits.
            var next = updates[^1].Id + 1;
            var results = pipeline.ProcessBatch([.. updates.Select(u => IncomingOf(u, migration, log))],
                () => db.SetSetting(OffsetSetting, next.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            offset = next;
            await Task.WhenAll(updates.Select((u, i) => AnswerTapAsync(bot, u, results[i], log, ct)));
        }
    }

    /// <summary>Says who the bot is and registers its commands (and webhook). A transient failure (a 502, a 429, the network) is
    /// retried with backoff, 1 s doubling up to a minute, or after a 429's retry_after when that is longer; a rejected token
    /// (401, 404) or another refusal stops the host.</summary>
    private async Task<bool> AnnounceAsync(ITelegramBotClient bot, CancellationToken ct)
    {
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                await AnnounceOnceAsync(bot, ct);
                return true;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                log.LogCritical("Telegram rejected the bot token ({Code}): check the ChiBo:Telegram:Token setting. Stopping.", ex.ErrorCode);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                var delay = TimeSpan.FromSeconds(Math.Max(Math.Min(60, Math.Pow(2, Math.Min(attempt - 1, 6))),
                    ex is ApiRequestException { ErrorCode: 429, Parameters.RetryAfter: { } retryAfter } ? retryAfter : 0));
                log.LogWarning("Telegram Bot API not available at start ({Error}); retrying in {Seconds} s (attempt {Attempt})", ex.Message, delay.TotalSeconds, attempt);
                await Task.Delay(delay, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            catch (Exception ex)
            {
                log.LogCritical("Telegram refused the start-up calls: {Error}. Stopping.", ex.Message);
            }
            failure.StopHost();
            return false;
        }
        return false;
    }

    /// <summary>Worth another try: the server failed (5xx), asked to wait (429), or was not reached at all.</summary>
    private static bool IsTransient(Exception ex) => ex switch
    {
        ApiRequestException api => api.ErrorCode is >= 500 or 429,
        RequestException or HttpRequestException or TimeoutException or TaskCanceledException => true,
        _ => false,
    };

    private async Task AnnounceOnceAsync(ITelegramBotClient bot, CancellationToken ct)
    {
        var me = await bot.GetMe(ct);
        identity.Username = me.Username ?? "";
        var webhook = options.Value.Telegram.Mode == ChannelMode.Webhook ? options.Value.Telegram.Webhook : null;
        if (webhook is null) await bot.DeleteWebhook(cancellationToken: ct);
        await bot.SetMyCommands(BotCommands.Private.Select(c => new BotCommand(c.Command, c.Description)), BotCommandScope.AllPrivateChats(), cancellationToken: ct);
        await bot.SetMyCommands(BotCommands.Group.Select(c => new BotCommand(c.Command, c.Description)), BotCommandScope.AllGroupChats(), cancellationToken: ct);
        if (webhook is not null) await bot.SetWebhook(webhook.PublicUrl!, allowedUpdates: Wanted, secretToken: webhook.Secret, cancellationToken: ct);
        log.LogInformation("Telegram bot @{Username} is ready; {Mode}", identity.Username, webhook is null ? "long polling" : "webhook");
    }

    /// <summary>The update for the <see cref="Pipeline"/>: its event, and a group's migration to a supergroup followed in the
    /// same transaction. An update the bot cannot make sense of is logged and passed over (no event), never allowed to stop
    /// the loop (it would come back at every start).</summary>
    internal static Incoming IncomingOf(Update update, ChatMigration migration, ILogger log)
    {
        ChatEvent? ev = null;
        try { ev = ToEvent(update); }
        catch (Exception ex) { log.LogError(ex, "Update {UpdateId} cannot be handled and is skipped", update.Id); }
        return new Incoming(ev, MigrationOf(update, migration));
    }

    /// <summary>The service messages of a group upgraded to a supergroup: "migrate_to_chat_id" in the old chat,
    /// "migrate_from_chat_id" in the new one. Either moves the cells and committees of the old chat.</summary>
    private static Action? MigrationOf(Update update, ChatMigration migration)
    {
        if (update.Message is not { Chat: { } chat } m || m.MigrateToChatId is null && m.MigrateFromChatId is null) return null;
        static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return () =>
        {
            if (m.MigrateToChatId is { } to) migration.Follow(Name, Id(chat.Id), Id(to));
            if (m.MigrateFromChatId is { } from) migration.Follow(Name, Id(from), Id(chat.Id));
        };
    }

    /// <summary>After an update was applied (or ignored): a tap is acknowledged, so its spinner stops, with the flow's toast.
    /// A tap the bot cannot use (no message) is still answered.</summary>
    internal static async Task AnswerTapAsync(ITelegramBotClient bot, Update update, PipelineResult result, ILogger log, CancellationToken ct)
    {
        if (update.CallbackQuery is not { } q) return;
        try { await bot.AnswerCallbackQuery(q.Id, result.Toast, showAlert: false, cancellationToken: ct); }
        catch (ApiRequestException ex) { log.LogDebug("answerCallbackQuery failed: {Error}", ex.Message); }
        catch (HttpRequestException ex) { log.LogDebug("answerCallbackQuery failed: {Error}", ex.Message); }
    }

    /// <summary>Turns a Telegram update into the channel-neutral event; null for what the bot ignores.</summary>
    public static ChatEvent? ToEvent(Update update)
    {
        var id = update.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (update)
        {
            // A message without its chat (never sent by Telegram, but seen in a fuzz run) is not for the bot.
            case { CallbackQuery: { From: { } from, Message: { Chat: { } chat } m } q }:
                return new ChatEvent(id, Chat(chat), User(from), null, q.Data ?? "", m.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Date);
            case { Message: { From: { } from, Text: { } text, Chat: { } chat } m }:
                return new ChatEvent(id, Chat(chat), User(from), text, null, m.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Date);
            case { EditedMessage: { From: { } from, Chat: { } chat } m }:
                return new ChatEvent(id, Chat(chat), User(from), m.Text, null, m.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), m.EditDate ?? m.Date, IsEdit: true);
            default:
                return null;
        }
    }

    private static ChatRef Chat(Chat chat) =>
        new(Name, chat.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), chat.Type == ChatType.Private ? ChatKind.Private : ChatKind.Group);

    private static ChatUser User(User user) =>
        new(Name, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(' ', new[] { user.FirstName, user.LastName }.Where(s => !string.IsNullOrWhiteSpace(s))), user.Username);
}

/// <summary>What Telegram told us about ourselves at start (the username, for t.me links).</summary>
public sealed class BotIdentity
{
    public string Username { get; set; } = "";
}

/// <summary>Builds the one Telegram client, pointed at the configured Bot API server.
/// Its HttpClient is created here, not by IHttpClientFactory, so no handler logs request URLs (which hold the token).
/// Its own retry of a 429 is off (RetryThreshold 0): left on, it waited out retry_after inside the call, on the real clock,
/// holding the chat's turn, and each chat's call hit a global limit again on its own; the outbox pauses the chat (or
/// the whole channel) instead, from when the 429 arrived. Off, it also no longer copies every request body into a buffer
/// to be able to send it again.</summary>
public sealed class TelegramBotClientFactory(IOptions<ChiBoOptions> options)
{
    private readonly Lazy<ITelegramBotClient> _client = new(() =>
    {
        var t = options.Value.Telegram;
        var baseUrl = string.IsNullOrWhiteSpace(t.ApiBaseUrl) ? null : t.ApiBaseUrl.TrimEnd('/');
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(t.PollingTimeoutSeconds + 30) };
        return new TelegramBotClient(new TelegramBotClientOptions(t.Token!, baseUrl) { RetryThreshold = 0 }, http);
    });

    public ITelegramBotClient Client => _client.Value;
}
