using System.Text.Json;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Zalo;

namespace ChiBo.Bot.Tests.Units;

/// <summary>Reading Zalo events as real clients met them, and merging replies to one chat.</summary>
public sealed class ZaloEventsTests
{
    private static readonly ZaloBot Bot = new() { Id = "4242", Name = "ChiBo Khu phố" };

    private static ChatEvent? Read(string message, string eventName = "message.text.received") =>
        ZaloEvents.ToEvent(JsonDocument.Parse($$"""{"event_name": "{{eventName}}", "message": {{message}}}""").RootElement, Bot);

    [Fact]
    public void Names_fall_back_to_name_dates_may_be_seconds_and_a_leading_mention_is_stripped()
    {
        var newer = Read("""{"message_id": "m1", "date": 1793500000123, "text": "@ChiBo Khu phố /diemdanh", "chat": {"id": "g1", "chat_type": "GROUP"}, "from": {"id": "u1", "display_name": "Bình"}}""")!;
        var older = Read("""{"message_id": "m2", "date": 1793500000, "text": "có mặt", "chat": {"id": "dm1", "chat_type": "PRIVATE"}, "from": {"id": "u1", "name": "Bình"}, "reply_to_message": {"message_id": "b7"}}""")!;

        Assert.Equal(("/diemdanh", "Bình", ChatKind.Group), (newer.Text, newer.User.DisplayName, newer.Chat.Kind));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1793500000123), newer.At);
        Assert.Equal(("có mặt", "Bình", "b7"), (older.Text, older.User.DisplayName, older.ReplyTo));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1793500000), older.At);
        Assert.Equal("dm1", older.Chat.Id);
        Assert.Equal("@Người khác chào", ZaloEvents.StripMention("@Người khác chào", Bot.Name));
    }

    [Fact]
    public void The_bots_own_messages_empty_polls_and_non_text_in_groups_are_ignored_and_non_text_in_private_is_marked()
    {
        Assert.Null(Read("""{"message_id": "m3", "text": "Xin chào", "chat": {"id": "dm1", "chat_type": "PRIVATE"}, "from": {"id": "4242", "display_name": "ChiBo"}}"""));
        Assert.Null(ZaloEvents.ToEvent(JsonDocument.Parse("""{"ok": true, "result": {}}""").RootElement, Bot));
        Assert.Null(Read("""{"message_id": "m4", "chat": {"id": "g1", "chat_type": "GROUP"}, "from": {"id": "u1", "name": "Bình"}}""", "message.image.received"));
        var picture = Read("""{"message_id": "m5", "chat": {"id": "dm1", "chat_type": "PRIVATE"}, "from": {"id": "u1", "name": "Bình"}}""", "message.voice.received")!;
        Assert.True(picture.IsUnsupported);
        Assert.Null(picture.Text);
    }

    [Fact]
    public void Consecutive_replies_to_one_Zalo_chat_become_one_message_while_it_fits_and_other_channels_are_untouched()
    {
        var choice = new List<List<Choice>> { new() { new Choice("Xác nhận", "x", "xác nhận") } };
        OutgoingMessage M(string channel, string chat, string text, List<List<Choice>>? choices = null) => new() { Channel = channel, ChatId = chat, Text = text, Choices = choices ?? [] };

        var merged = ZaloMerge.Merge([M("zalo", "a", "Một", choice), M("zalo", "a", "Hai"), M("zalo", "b", "Ba"), M("zalo", "a", "Bốn"),
            M("telegram", "1", "Năm"), M("telegram", "1", "Sáu"), M("zalo", "a", new string('x', 1996)), M("zalo", "a", "Bảy")]);

        Assert.Equal(7, merged.Count);
        Assert.Equal(["Một\n\n👉 Gõ: xác nhận\n\nHai", "Ba", "Bốn", "Năm", "Sáu", new string('x', 1996), "Bảy"], merged.Select(m => m.Text));
    }

    [Fact]
    public void A_message_carrying_a_file_is_never_merged_so_its_file_is_not_lost()
    {
        var file = new FileAttachment { FileId = "f/1", FileName = "bieu.docx" };
        var merged = ZaloMerge.Merge([
            new OutgoingMessage { Channel = "zalo", ChatId = "a", Text = "Một" },
            new OutgoingMessage { Channel = "zalo", ChatId = "a", Text = "📎 Biểu", Attachment = file },
            new OutgoingMessage { Channel = "zalo", ChatId = "a", Text = "Hai" }]);

        Assert.Equal(["Một", "📎 Biểu", "Hai"], merged.Select(m => m.Text));
        Assert.Same(file, merged[1].Attachment);
    }
}
