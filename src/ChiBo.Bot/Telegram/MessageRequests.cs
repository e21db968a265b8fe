using System.Text.Json.Serialization;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChiBo.Bot.Telegram;

/// <summary>
/// sendMessage and editMessageText as ChiBo sends them (a chat, a text, its buttons), read back as the message's id alone.
/// Telegram answers both with the whole message, its text and keyboard included, and Telegram.Bot's own requests build
/// all of it into objects nobody reads: for a prompt with thirty member buttons that was most of the cost of a send
/// (a tenth of the bot's CPU at the evening peak). The keyboard is written as its own type, so it needs none of the
/// converter Telegram.Bot uses for any kind of reply markup. The JSON sent is the same.
/// </summary>
internal sealed class SendText() : RequestBase<MessageId>("sendMessage")
{
    [JsonPropertyName("chat_id")] public required long ChatId { get; init; }
    [JsonPropertyName("text")] public required string Text { get; init; }
    [JsonPropertyName("reply_markup")] public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

/// <inheritdoc cref="SendText"/>
internal sealed class EditText() : RequestBase<MessageId>("editMessageText")
{
    [JsonPropertyName("chat_id")] public required long ChatId { get; init; }
    [JsonPropertyName("message_id")] public required int MessageId { get; init; }
    [JsonPropertyName("text")] public required string Text { get; init; }
    [JsonPropertyName("reply_markup")] public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}
