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
/// Telegram by long polling: announces the bot, then fetches updates, hands each to the
/// <see cref="Pipeline"/> and only asks for the next ones once its effects are saved
/// (the offset moves past an update after it was processed, so a crash re-delivers it and
/// the pipeline's dedupe ignores what was already applied). In webhook mode it announces the
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
    ILogger<TelegramChannel> log) : BackgroundService
{
    public const string Name = "telegram";
    private const string OffsetSetting = "telegram:offset";
    private static readonly UpdateType[] Wanted = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery];

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Telegram.Token)) return;
        var bot = clients.Client;
        if (!await AnnounceAsync(bot, ct)) return;

        pipeline.ForgetOldMarks();
        outbox.Register(Name, sender);
        await outbox.DrainAsync(ct);
        if (options.Value.Telegram.Mode == ChannelMode.Webhook) return;
        var offset = int.TryParse(db.GetSetting(OffsetSetting), out var saved) ? saved : 0;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                updates = await bot.GetUpdates(offset, limit: 100, timeout: options.Value.Telegram.PollingTimeoutSeconds, allowedUpdates: Wanted, cancellationToken: ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (ApiRequestException ex) when (ex.ErrorCode == 401)
            {
                log.LogCritical("Telegram no longer accepts the bot token (401): check the ChiBo:Telegram:Token setting. Stopping.");
                failure.StopHost();
                return;
            }
            catch (Exception ex)
            {
                failures++;
                log.LogWarning("getUpdates failed ({Failures} in a row): {Error}", failures, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7)))), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            foreach (var update in updates)
            {
                await HandleAsync(bot, update, ct);
                offset = update.Id + 1;
                db.SetSetting(OffsetSetting, offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            // Once per poll: successive edits of one message go out as one, and a send that failed is retried even when nobody writes.
            await outbox.DrainAsync(ct);
        }
    }

    private async Task<bool> AnnounceAsync(ITelegramBotClient bot, CancellationToken ct)
    {
        try
        {
            var me = await bot.GetMe(ct);
            identity.Username = me.Username ?? "";
            var webhook = options.Value.Telegram.Mode == ChannelMode.Webhook ? options.Value.Telegram.Webhook : null;
            if (webhook is null) await bot.DeleteWebhook(cancellationToken: ct);
            await bot.SetMyCommands(BotCommands.Private.Select(c => new BotCommand(c.Command, c.Description)), BotCommandScope.AllPrivateChats(), cancellationToken: ct);
            await bot.SetMyCommands(BotCommands.Group.Select(c => new BotCommand(c.Command, c.Description)), BotCommandScope.AllGroupChats(), cancellationToken: ct);
            if (webhook is not null) await bot.SetWebhook(webhook.PublicUrl!, allowedUpdates: Wanted, secretToken: webhook.Secret, cancellationToken: ct);
            log.LogInformation("Telegram bot @{Username} is ready; {Mode}", identity.Username, webhook is null ? "long polling" : "webhook");
            return true;
        }
        catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
        {
            log.LogCritical("Telegram rejected the bot token ({Code}): check the ChiBo:Telegram:Token setting. Stopping.", ex.ErrorCode);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogCritical("Cannot reach the Telegram Bot API: {Error}. Stopping.", ex.Message);
        }
        failure.StopHost();
        return false;
    }

    private async Task HandleAsync(ITelegramBotClient bot, Update update, CancellationToken ct)
    {
        var ev = ToEvent(update);
        var result = ev is null ? null : pipeline.Process(ev);
        await SendRepliesAsync(bot, outbox, update, result, log, ct);
    }

    /// <summary>After an update was applied (or ignored): the tap is acknowledged first, so its spinner stops at once,
    /// then the saved messages go out. A tap the bot cannot use (no message) is still answered.</summary>
    internal static async Task SendRepliesAsync(ITelegramBotClient bot, Outbox outbox, Update update, PipelineResult? result, ILogger log, CancellationToken ct)
    {
        if (update.CallbackQuery is { } q)
        {
            try { await bot.AnswerCallbackQuery(q.Id, result?.Toast, showAlert: false, cancellationToken: ct); }
            catch (ApiRequestException ex) { log.LogDebug("answerCallbackQuery failed: {Error}", ex.Message); }
        }
        if (result is not null) await outbox.DrainAsync(ct);
    }

    /// <summary>Turns a Telegram update into the channel-neutral event; null for what the bot ignores.</summary>
    public static ChatEvent? ToEvent(Update update)
    {
        var id = update.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (update)
        {
            case { CallbackQuery: { From: { } from, Message: { } m } q }:
                return new ChatEvent(id, Chat(m.Chat), User(from), null, q.Data ?? "", m.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Date);
            case { Message: { From: { } from, Text: { } text } m }:
                return new ChatEvent(id, Chat(m.Chat), User(from), text, null, m.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Date);
            case { EditedMessage: { From: { } from } m }:
                return new ChatEvent(id, Chat(m.Chat), User(from), m.Text, null, m.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), m.EditDate ?? m.Date, IsEdit: true);
            default:
                return null;
        }
    }

    private static ChatRef Chat(Chat chat) =>
        new(Name, chat.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), chat.Type == ChatType.Private ? ChatKind.Private : ChatKind.Group);

    private static ChatUser User(User user) =>
        new(Name, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(' ', new[] { user.FirstName, user.LastName }.Where(s => !string.IsNullOrWhiteSpace(s))));
}

/// <summary>What Telegram told us about ourselves at start (the username, for t.me links).</summary>
public sealed class BotIdentity
{
    public string Username { get; set; } = "";
}

/// <summary>Builds the one Telegram client, pointed at the configured Bot API server.
/// Its HttpClient is created here, not by IHttpClientFactory, so no handler logs request URLs (which hold the token).</summary>
public sealed class TelegramBotClientFactory(IOptions<ChiBoOptions> options)
{
    private readonly Lazy<ITelegramBotClient> _client = new(() =>
    {
        var t = options.Value.Telegram;
        var baseUrl = string.IsNullOrWhiteSpace(t.ApiBaseUrl) ? null : t.ApiBaseUrl.TrimEnd('/');
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(t.PollingTimeoutSeconds + 30) };
        return new TelegramBotClient(new TelegramBotClientOptions(t.Token!, baseUrl), http);
    });

    public ITelegramBotClient Client => _client.Value;
}
