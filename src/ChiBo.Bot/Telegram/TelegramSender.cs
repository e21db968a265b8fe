using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChiBo.Bot.Telegram;

/// <summary>Renders outgoing messages on Telegram: inline keyboards, the wizard message edited in place,
/// long texts split under the 4096-character limit. One call per message where it can: a wizard step sent anew after a
/// typed answer leaves the old copy's buttons in place (pressing them is refused with a toast) rather than spend a second call.</summary>
public sealed class TelegramSender(TelegramBotClientFactory clients, WizardMessages wizards, ChatMigration migration, FileStore files, ILogger<TelegramSender> log) : IChannelSender
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
            // Telegram does not say which limit it was: in a group, the group's 20 a minute; in a private chat (which has no
            // per-minute limit, and whose 1 a second ChiBo keeps), the bot's 30 a second, so every chat waits.
            throw new MessageDeferredException(TimeSpan.FromSeconds(ex.Parameters?.RetryAfter ?? 5), ex.Message, ex, wholeChannel: !message.ChatId.StartsWith('-'));
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

    /// <summary>A group's chat id is negative on Telegram.</summary>
    public static bool IsGroup(string chatId) => chatId.StartsWith('-');

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
        var existing = wizardId is null ? null : wizards.Get(wizardId);

        if (message.Placement is Placement.EditWizard or Placement.RefreshWizard && existing is not null && message.Text.Length <= MaxLength)
        {
            try
            {
                await bot.SendRequest(new EditText { ChatId = chatId, MessageId = int.Parse(existing, System.Globalization.CultureInfo.InvariantCulture), Text = message.Text, ReplyMarkup = keyboard }, ct);
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400)
            {
                // Only when Telegram says the message cannot be edited (gone, too old) is a new one sent; a 5xx, a 429 or a
                // timeout is no such answer, and the outbox retries the same edit.
                log.LogInformation("Could not edit the wizard message ({Error}); sending a new one", ex.Message);
            }
        }

        var parts = PlainText.Split(message.Text, MaxLength);
        MessageId? last = null;
        for (var i = 0; i < parts.Count; i++)
            last = await bot.SendRequest(new SendText { ChatId = chatId, Text = parts[i], ReplyMarkup = i == parts.Count - 1 ? keyboard : null }, ct);
        if (wizardId is not null && last is not null)
            wizards.Set(wizardId, last.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
            foreach (var part in PlainText.Split(text, MaxLength)) await bot.SendRequest(new SendText { ChatId = chatId, Text = part }, ct);
            caption = null;
        }
        using var stream = new MemoryStream(bytes);
        var input = InputFile.FromStream(stream, file.FileName);
        if (file.IsPhoto) await bot.SendPhoto(chatId, input, caption: caption, cancellationToken: ct);
        else await bot.SendDocument(chatId, input, caption: caption, cancellationToken: ct);
    }
}
