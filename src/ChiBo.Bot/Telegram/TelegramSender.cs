using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChiBo.Bot.Telegram;

/// <summary>Renders outgoing messages on Telegram: inline keyboards, the wizard message edited in place,
/// long texts split under the 4096-character limit.</summary>
public sealed class TelegramSender(TelegramBotClientFactory clients, Database db, ChatMigration migration, FileStore files, ILogger<TelegramSender> log) : IChannelSender
{
    public const int MaxLength = 4096;
    public const int MaxCaption = 1024;

    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        try
        {
            await SendFollowingMigrationAsync(message, ct);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 403)
        {
            throw new MessageRefusedException(ex.Message, ex);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 429)
        {
            throw new MessageDeferredException(TimeSpan.FromSeconds(ex.Parameters?.RetryAfter ?? 5), ex.Message, ex);
        }
    }

    /// <summary>A group upgraded to a supergroup answers 400 with migrate_to_chat_id: the cells and committees follow it
    /// (<see cref="ChatMigration"/>) and the message goes to the new chat, instead of being dropped as refused.</summary>
    private async Task SendFollowingMigrationAsync(OutgoingMessage message, CancellationToken ct)
    {
        try
        {
            await SendOrEditAsync(message, ct);
        }
        catch (ApiRequestException ex) when (ex.Parameters?.MigrateToChatId is { } to)
        {
            var newId = to.ToString(System.Globalization.CultureInfo.InvariantCulture);
            migration.Follow(message.Channel, message.ChatId, newId);
            message.ChatId = newId;
            await SendOrEditAsync(message, ct); // a supergroup does not migrate again
        }
    }

    private async Task SendOrEditAsync(OutgoingMessage message, CancellationToken ct)
    {
        var bot = clients.Client;
        var chatId = long.Parse(message.ChatId, System.Globalization.CultureInfo.InvariantCulture);
        if (message.Attachment is { } file)
        {
            await SendFileAsync(bot, chatId, message.Text, file, ct);
            return;
        }
        var keyboard = message.Choices.Count == 0
            ? null
            : new InlineKeyboardMarkup(message.Choices.Select(row => row.Select(c => c.WebAppUrl is { } url
                ? InlineKeyboardButton.WithWebApp(c.Label, new global::Telegram.Bot.Types.WebAppInfo(url))
                : InlineKeyboardButton.WithCallbackData(c.Label, c.Data))));
        var wizardId = message.WizardKey is null ? null : $"{message.Channel}:{message.ChatId}:{message.WizardKey}";
        var existing = wizardId is null ? null : db.Wizards.FindById(wizardId);

        if (message.Placement is Placement.EditWizard or Placement.RefreshWizard && existing is not null && message.Text.Length <= MaxLength)
        {
            try
            {
                await bot.EditMessageText(chatId, int.Parse(existing.MessageId, System.Globalization.CultureInfo.InvariantCulture), message.Text, replyMarkup: keyboard, cancellationToken: ct);
                return;
            }
            catch (ApiRequestException ex) when (ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            catch (ApiRequestException ex)
            {
                log.LogInformation("Could not edit the wizard message ({Error}); sending a new one", ex.Message);
            }
        }
        else if (existing is not null)
        {
            // The wizard moves to the bottom of the chat: take the buttons off the old copy.
            try { await bot.EditMessageReplyMarkup(chatId, int.Parse(existing.MessageId, System.Globalization.CultureInfo.InvariantCulture), replyMarkup: null, cancellationToken: ct); }
            catch (ApiRequestException) { /* already gone or unchanged: nothing to clean */ }
        }

        var parts = PlainText.Split(message.Text, MaxLength);
        global::Telegram.Bot.Types.Message? last = null;
        for (var i = 0; i < parts.Count; i++)
            last = await bot.SendMessage(chatId, parts[i], replyMarkup: i == parts.Count - 1 ? keyboard : null, cancellationToken: ct);
        if (wizardId is not null && last is not null)
            db.InTransaction(() => db.Wizards.Upsert(new WizardMessage { Id = wizardId, MessageId = last.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }

    /// <summary>"Sending a file…" in the chat, then the document (XLSX, DOCX) or photo (PNG) with the text as its caption;
    /// a text longer than a caption allows goes first as a message of its own.</summary>
    private async Task SendFileAsync(ITelegramBotClient bot, long chatId, string text, FileAttachment file, CancellationToken ct)
    {
        var bytes = files.Read(file.FileId) ?? throw new MessageRefusedException($"the file {file.FileName} is no longer stored");
        await bot.SendChatAction(chatId, file.IsPhoto ? ChatAction.UploadPhoto : ChatAction.UploadDocument, cancellationToken: ct);
        string? caption = text;
        if (text.Length > MaxCaption)
        {
            foreach (var part in PlainText.Split(text, MaxLength)) await bot.SendMessage(chatId, part, cancellationToken: ct);
            caption = null;
        }
        using var stream = new MemoryStream(bytes);
        var input = InputFile.FromStream(stream, file.FileName);
        if (file.IsPhoto) await bot.SendPhoto(chatId, input, caption: caption, cancellationToken: ct);
        else await bot.SendDocument(chatId, input, caption: caption, cancellationToken: ct);
    }
}
