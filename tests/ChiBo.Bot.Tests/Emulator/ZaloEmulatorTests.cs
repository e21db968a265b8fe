using ChiBo.Bot.Tests.Harness;
using ChiBo.Bot.Zalo;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>The Zalo emulator itself, driven by the bot's own <see cref="ZaloBotClient"/>.</summary>
public sealed class ZaloEmulatorTests : IAsyncLifetime
{
    private static readonly ZaloUser Binh = ZaloTestUsers.Binh;
    private ZaloEmulator _emu = null!;
    private ZaloBotClient _client = null!;

    public async Task InitializeAsync()
    {
        _emu = await ZaloEmulator.StartAsync();
        _client = ClientFor(_emu.Token);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emu.DisposeAsync();
    }

    private ZaloBotClient ClientFor(string token) =>
        new(Options.Create(new ChiBoOptions { Zalo = new ZaloOptions { Token = token, ApiBaseUrl = _emu.BaseUrl, PollingTimeoutSeconds = 0 } }));

    [Fact]
    public async Task GetUpdates_hands_out_one_event_per_call_then_times_out_with_408()
    {
        var first = _emu.SendPrivateText(Binh, "một");
        var second = _emu.SendText(Binh, "g-1", ZaloEmulator.Mention("hai"));

        var a = (await _client.GetUpdatesAsync(default))!.Value;
        Assert.Equal("message.text.received", a.GetProperty("event_name").GetString());
        Assert.Equal(first, a.GetProperty("message").GetProperty("message_id").GetString());
        Assert.Equal("PRIVATE", a.GetProperty("message").GetProperty("chat").GetProperty("chat_type").GetString());
        var b = (await _client.GetUpdatesAsync(default))!.Value.GetProperty("message");
        Assert.Equal(second, b.GetProperty("message_id").GetString());
        Assert.Equal("GROUP", b.GetProperty("chat").GetProperty("chat_type").GetString());
        Assert.Equal("Trần Thị Bình", b.GetProperty("from").GetProperty("name").GetString()); // every other event: the older "name"
        Assert.Null(await _client.GetUpdatesAsync(default));
        await _emu.WaitUntilProcessedAsync(second, TimeSpan.FromSeconds(1));

        using var http = new HttpClient();
        using var raw = await http.PostAsync($"{_emu.BaseUrl}/bot{_emu.Token}/getUpdates", new StringContent("{\"timeout\": \"0\"}"));
        Assert.Equal("{\"ok\":false,\"error_code\":408,\"description\":\"Request timeout\"}", await raw.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_redelivered_event_comes_again_with_the_same_message_id()
    {
        var id = _emu.SendPrivateText(Binh, "/help");
        Assert.NotNull(await _client.GetUpdatesAsync(default));
        _emu.Redeliver(id);

        var again = (await _client.GetUpdatesAsync(default))!.Value;
        Assert.Equal(id, again.GetProperty("message").GetProperty("message_id").GetString());
        Assert.Null(await _client.GetUpdatesAsync(default));
        await _emu.WaitUntilProcessedAsync(id, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SendMessage_takes_1_to_2000_characters_to_a_chat_someone_wrote_in()
    {
        _emu.SendPrivateText(Binh, "Xin chào");
        await _client.SendMessageAsync(Binh.PrivateChatId, new string('a', ZaloEmulator.MaxTextLength), default);

        Assert.Equal(400, (await Assert.ThrowsAsync<ZaloApiException>(() => _client.SendMessageAsync(Binh.PrivateChatId, new string('a', ZaloEmulator.MaxTextLength + 1), default))).Code);
        Assert.Equal(400, (await Assert.ThrowsAsync<ZaloApiException>(() => _client.SendMessageAsync(Binh.PrivateChatId, "", default))).Code);
        var unknown = await Assert.ThrowsAsync<ZaloApiException>(() => _client.SendMessageAsync("nobody", "Xin chào", default));
        Assert.True(unknown.IsPermanent);
        Assert.True((await Assert.ThrowsAsync<ZaloApiException>(() => _client.SendMessageAsync(Binh.Id, "Xin chào", default))).IsPermanent); // a user id is no chat
        Assert.Equal(ZaloEmulator.MaxTextLength, Assert.Single(_emu.MessagesIn(Binh.PrivateChatId)).Text.Length);
    }

    [Fact]
    public async Task A_wrong_token_gets_401_and_a_webhook_stops_getUpdates()
    {
        using var wrong = ClientFor("42:wrong-token");
        Assert.Equal(401, (await Assert.ThrowsAsync<ZaloApiException>(() => wrong.GetMeAsync(default))).Code);
        Assert.Equal(_emu.BotId, (await _client.GetMeAsync(default)).GetProperty("id").GetString());

        Assert.Equal(400, (await Assert.ThrowsAsync<ZaloApiException>(() => _client.SetWebhookAsync("https://bot.example.org/webhooks/zalo", "short", default))).Code);
        await _client.SetWebhookAsync("https://bot.example.org/webhooks/zalo", "long-enough-secret", default);
        Assert.Equal(("https://bot.example.org/webhooks/zalo", "long-enough-secret"), _emu.Webhook);
        Assert.Equal(409, (await Assert.ThrowsAsync<ZaloApiException>(() => _client.GetUpdatesAsync(default))).Code);

        await _client.DeleteWebhookAsync(default);
        Assert.Null(await _client.GetUpdatesAsync(default));
    }

    [Fact]
    public async Task In_a_group_only_mentions_and_replies_to_the_bot_are_delivered_and_nothing_when_it_cannot_join_groups()
    {
        _emu.SendPrivateText(Binh, "Xin chào");
        var plain = _emu.SendText(Binh, "g-1", "có mặt");
        var mention = _emu.SendText(Binh, "g-1", ZaloEmulator.Mention("/help"));
        Assert.False(_emu.WasDelivered(plain));
        Assert.True(_emu.WasDelivered(mention));
        await _emu.WaitUntilProcessedAsync(plain, TimeSpan.FromSeconds(1)); // nothing to wait for
        _emu.EchoBotMessages = false;
        var sent = (await _client.SendMessageAsync("g-1", "Điểm danh", default)).GetProperty("message_id").GetString()!;
        Assert.True(_emu.WasDelivered(_emu.SendText(Binh, "g-1", "có mặt", replyTo: sent)));
        Assert.False(_emu.WasDelivered(_emu.SendText(Binh, "g-1", "có mặt", replyTo: plain))); // a reply to a member is not for the bot

        _emu.CanJoinGroups = false;
        Assert.False((await _client.GetMeAsync(default)).GetProperty("can_join_groups").GetBoolean());
        Assert.False(_emu.WasDelivered(_emu.SendText(Binh, "g-1", ZaloEmulator.Mention("/help"))));
        Assert.Equal(400, (await Assert.ThrowsAsync<ZaloApiException>(() => _client.SendMessageAsync("g-1", "Xin chào", default))).Code);
        Assert.Equal(3, _emu.AllMessagesIn("g-1").Count(m => m.Author is not null && !m.Delivered));
    }

    [Fact]
    public async Task The_bots_messages_come_back_from_its_own_id_and_empty_polls_may_answer_at_once()
    {
        _emu.SendPrivateText(Binh, "Xin chào");
        await _client.GetUpdatesAsync(default);
        var sent = (await _client.SendMessageAsync(Binh.PrivateChatId, "Chào đồng chí", default)).GetProperty("message_id").GetString();

        var echo = (await _client.GetUpdatesAsync(default))!.Value.GetProperty("message");
        Assert.Equal(sent, echo.GetProperty("message_id").GetString());
        Assert.Equal(_emu.BotId, echo.GetProperty("from").GetProperty("id").GetString());
        Assert.False(echo.GetProperty("from").TryGetProperty("is_bot", out _));
        Assert.True(echo.GetProperty("date").GetInt64() < 1_000_000_000_000); // the second event: the older form, in seconds

        using var http = new HttpClient();
        _emu.EmptyPoll = ZaloEmptyPoll.EmptyResult;
        using (var raw = await http.PostAsync($"{_emu.BaseUrl}/bot{_emu.Token}/getUpdates", new StringContent("{\"timeout\": \"30\"}")))
            Assert.Equal("{\"ok\":true,\"result\":{}}", await raw.Content.ReadAsStringAsync());
        _emu.EmptyPoll = ZaloEmptyPoll.TimeoutAtOnce;
        using (var raw = await http.PostAsync($"{_emu.BaseUrl}/bot{_emu.Token}/getUpdates", new StringContent("{\"timeout\": \"30\"}")))
            Assert.Equal(System.Net.HttpStatusCode.RequestTimeout, raw.StatusCode);
    }
}
