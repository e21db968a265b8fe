using ChiBo.Bot.Telegram;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChiBo.Bot.Tests.Units;

/// <summary>ChiBo's own sendMessage and editMessageText (read back as the id alone) send byte for byte what Telegram.Bot's
/// requests send, buttons of both kinds included.</summary>
public sealed class MessageRequestsTests
{
    private static readonly InlineKeyboardMarkup Keyboard = new(new[]
    {
        new[] { InlineKeyboardButton.WithCallbackData("Có mặt", "rv:1:202611:3:a:7"), InlineKeyboardButton.WithCallbackData("Vắng", "rv:1:202611:3:b:7") },
        new[] { InlineKeyboardButton.WithWebApp("Mở phiếu", new WebAppInfo("https://chibo.example.org/f/abc")) },
    });

    [Fact]
    public async Task SendText_is_sent_as_SendMessageRequest_is()
    {
        Assert.Equal(
            await Json(new SendMessageRequest { ChatId = -1001, Text = "Đồng chí chấm tiêu chí 3 (0–2 điểm):", ReplyMarkup = Keyboard }),
            await Json(new SendText { ChatId = -1001, Text = "Đồng chí chấm tiêu chí 3 (0–2 điểm):", ReplyMarkup = Keyboard }));
        Assert.Equal(await Json(new SendMessageRequest { ChatId = 42, Text = "Xin chào" }), await Json(new SendText { ChatId = 42, Text = "Xin chào" }));
    }

    [Fact]
    public async Task EditText_is_sent_as_EditMessageTextRequest_is()
    {
        Assert.Equal(
            await Json(new EditMessageTextRequest { ChatId = -1001, MessageId = 77, Text = "Điểm danh: 9/10", ReplyMarkup = Keyboard }),
            await Json(new EditText { ChatId = -1001, MessageId = 77, Text = "Điểm danh: 9/10", ReplyMarkup = Keyboard }));
    }

    private static Task<string> Json<T>(global::Telegram.Bot.Requests.Abstractions.IRequest<T> request) => request.ToHttpContent()!.ReadAsStringAsync();
}
