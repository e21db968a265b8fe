using ChiBo.Bot.Tests.Harness;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>The emulator itself, driven by the same Telegram.Bot client the bot uses.</summary>
public sealed class TelegramEmulatorTests : IAsyncLifetime
{
    private static readonly TgUser Binh = TestUsers.Binh;
    private TelegramEmulator _emu = null!;
    private HttpClient _http = null!;
    private TelegramBotClient _client = null!;

    public async Task InitializeAsync()
    {
        _emu = await TelegramEmulator.StartAsync();
        _http = new HttpClient();
        _client = new TelegramBotClient(new TelegramBotClientOptions(_emu.Token, _emu.BaseUrl), _http);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emu.DisposeAsync();
    }

    [Fact]
    public async Task GetUpdates_honours_offset_and_limit_and_drops_confirmed_updates_for_good()
    {
        var a = _emu.SendPrivateText(Binh, "một");
        var b = _emu.SendPrivateText(Binh, "hai");
        var c = _emu.SendPrivateText(Binh, "ba");

        Assert.Equal([a, b], (await _client.GetUpdates(limit: 2)).Select(u => u.Id));
        Assert.Equal([a, b, c], (await _client.GetUpdates()).Select(u => u.Id)); // unconfirmed: delivered again

        var fromB = await _client.GetUpdates(offset: b);
        Assert.Equal([b, c], fromB.Select(u => u.Id));
        Assert.Equal("hai", fromB[0].Message?.Text);
        await _emu.WaitUntilProcessedAsync(a, TimeSpan.FromSeconds(1));

        Assert.Empty(await _client.GetUpdates(offset: c + 1));
        Assert.Empty(await _client.GetUpdates());
        await _emu.WaitUntilProcessedAsync(c, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_long_poll_returns_as_soon_as_an_update_arrives()
    {
        var poll = _client.GetUpdates(timeout: 30);
        await _emu.WaitForCallAsync("getUpdates");

        var id = _emu.SendText(Binh, -100, "/danhgia", "Chi bộ 1");

        var updates = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        var message = Assert.Single(updates).Message!;
        Assert.Equal(id, updates[0].Id);
        Assert.Equal("Chi bộ 1", message.Chat.Title);
        Assert.Equal(Binh.Id, message.From?.Id);
        Assert.Equal(MessageEntityType.BotCommand, Assert.Single(message.Entities!).Type);
    }

    [Fact]
    public async Task A_redelivered_update_comes_again_once_with_the_same_id()
    {
        var id = _emu.SendPrivateText(Binh, "/help");
        Assert.Single(await _client.GetUpdates());
        Assert.Empty(await _client.GetUpdates(offset: id + 1));

        _emu.Redeliver(id);
        var again = Assert.Single(await _client.GetUpdates(offset: id + 1));
        Assert.Equal(id, again.Id);
        Assert.Equal("/help", again.Message?.Text);

        Assert.Empty(await _client.GetUpdates(offset: id + 1));
        await _emu.WaitUntilProcessedAsync(id, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Messages_are_stored_edited_with_history_and_pressing_a_button_carries_the_message()
    {
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("Có", "yes"), InlineKeyboardButton.WithCallbackData("Không", "no")]]);
        var sent = await _client.SendMessage(Binh.Id, "Bạn có dự họp?", replyMarkup: keyboard);
        Assert.Equal(_emu.BotUser.Id, sent.From?.Id);
        Assert.Equal(2, sent.ReplyMarkup?.InlineKeyboard.Single().Count());

        var press = _emu.PressButton(Binh, _emu.LastMessageIn(Binh.Id)!, "Có");
        var query = Assert.Single(await _client.GetUpdates()).CallbackQuery!;
        Assert.Equal("yes", query.Data);
        Assert.Equal(sent.Id, query.Message?.Id);
        await _client.AnswerCallbackQuery(query.Id, "Đã ghi");
        Assert.Equal("Đã ghi", _emu.ToastFor(press));

        await _client.EditMessageText(Binh.Id, sent.Id, "Đã trả lời: Có");
        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => _client.EditMessageText(Binh.Id, sent.Id, "Đã trả lời: Có"));
        Assert.Equal(400, ex.ErrorCode);
        Assert.Contains("message is not modified", ex.Message, StringComparison.Ordinal);

        var message = Assert.Single(_emu.MessagesIn(Binh.Id));
        Assert.Equal("Đã trả lời: Có", message.Text);
        Assert.Empty(message.Buttons); // editing the text without reply_markup drops the keyboard
        Assert.Equal("Bạn có dự họp?", Assert.Single(message.EditHistory).Text);

        var missing = await Assert.ThrowsAsync<ApiRequestException>(() => _client.EditMessageText(Binh.Id, 999, "x"));
        Assert.Equal("Bad Request: message to edit not found", missing.Message);
    }

    [Fact]
    public async Task Errors_match_Telegram_for_wrong_tokens_unknown_methods_and_blocked_users()
    {
        var wrong = new TelegramBotClient(new TelegramBotClientOptions("42:wrong-token", _emu.BaseUrl), _http);
        Assert.Equal(401, (await Assert.ThrowsAsync<ApiRequestException>(() => wrong.GetMe())).ErrorCode);

        _emu.RejectAllTokens = true;
        Assert.Equal(401, (await Assert.ThrowsAsync<ApiRequestException>(() => _client.GetMe())).ErrorCode);
        _emu.RejectAllTokens = false;
        Assert.Equal(TelegramEmulator.DefaultBotUsername, (await _client.GetMe()).Username);

        using var unknown = await _http.PostAsync($"{_emu.BaseUrl}/bot{_emu.Token}/noSuchMethod", new StringContent("{}"));
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.Contains("method not found", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _emu.BlockChat(TestUsers.Stranger.Id);
        var blocked = await Assert.ThrowsAsync<ApiRequestException>(() => _client.SendMessage(TestUsers.Stranger.Id, "Xin chào"));
        Assert.Equal(403, blocked.ErrorCode);
        Assert.Empty(_emu.MessagesIn(TestUsers.Stranger.Id));
    }

    [Fact]
    public async Task Waiting_for_an_update_nobody_fetches_fails_with_the_recent_calls()
    {
        await _client.GetMe();
        var id = _emu.SendPrivateText(Binh, "/help");

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => _emu.WaitUntilProcessedAsync(id, TimeSpan.FromMilliseconds(200)));

        Assert.Contains($"offset > {id}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("getMe", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"update {id}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_poller_ends_the_first_with_409_as_Telegram_does()
    {
        var first = _client.GetUpdates(timeout: 30);
        await _emu.WaitForCallAsync("getUpdates");

        Assert.Empty(await _client.GetUpdates(timeout: 0));

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(409, ex.ErrorCode);
    }
}
