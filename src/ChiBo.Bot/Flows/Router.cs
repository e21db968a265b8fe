using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows.Review;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Telegram;

namespace ChiBo.Bot.Flows;

/// <summary>A parsed "/command args": the name lowered, the bot mention ("/help@ChiBoBot") stripped into <see cref="Mention"/>.</summary>
public sealed record Command(string Name, string Args, string? Mention = null)
{
    public static Command? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (!t.StartsWith('/')) return null;
        var split = t.IndexOfAny([' ', '\n']);
        var head = split < 0 ? t[1..] : t[1..split];
        var at = head.IndexOf('@');
        string? mention = null;
        if (at >= 0) (head, mention) = (head[..at], head[(at + 1)..]);
        return new Command(head.ToLowerInvariant(), split < 0 ? "" : t[(split + 1)..].Trim(), mention);
    }

    /// <summary>Whether the command names another bot ("/help@otherbot" in a group that has several): not ChiBo's to answer.
    /// <paramref name="ownUsername"/> is empty on channels without mentions.</summary>
    public bool IsForAnotherBot(string ownUsername) =>
        Mention is { Length: > 0 } && ownUsername.Length > 0 && !string.Equals(Mention, ownUsername, StringComparison.OrdinalIgnoreCase);
}

/// <summary>What the <see cref="Pipeline"/> hands each event to, inside the batch's transaction (the <see cref="Router"/>;
/// a test may wrap it).</summary>
public interface IEventHandler
{
    Reply Handle(ChatEvent ev);
}

/// <summary>Sends each event to the flow it belongs to. Runs inside the update's transaction.</summary>
public sealed class Router(Database db, Access access, SetupFlow setup, ReviewFlow review, CommitteeFlow committee, QueryFlow query, ExportFlow export, ParticipationFlow participation, CommitteeNoteFlow notes, CheckInFlow checkIn, NoticeFlow notice, BotIdentity identity, ImportFlow import, ThematicFlow thematic) : IEventHandler
{
    /// <summary>What a private chat on Zalo says to a picture, a sticker or a voice message.</summary>
    public const string TextOnly = "ChiBo chỉ đọc tin nhắn chữ. Đồng chí hãy gõ lệnh hoặc câu trả lời (gõ /help để xem hướng dẫn).";

    public Reply Handle(ChatEvent ev)
    {
        if (ev.IsEdit) return HandleEdit(ev);
        if (ev.IsUnsupported) return ev.Chat.Kind == ChatKind.Private ? new Reply().Say(ev.Chat, TextOnly) : new Reply();
        if (ev.IsButton)
        {
            var data = ev.ButtonData!;
            if (data.StartsWith(ReviewFlow.ButtonPrefix, StringComparison.Ordinal)) return review.HandleButton(ev);
            if (data.StartsWith(SetupFlow.ButtonPrefix, StringComparison.Ordinal)) return setup.HandleButton(ev);
            if (data.StartsWith(CommitteeFlow.ButtonPrefix, StringComparison.Ordinal)) return committee.HandleButton(ev);
            if (data.StartsWith(CheckInFlow.ButtonPrefix, StringComparison.Ordinal)) return checkIn.HandleButton(ev);
            return new Reply { Toast = "Nút này không hợp lệ." };
        }

        // On Zalo a cell without a group (the bot cannot join groups) is run from private chats.
        var zalo = ev.Chat.Channel == Zalo.ZaloChannel.Name;
        var cell = ev.Chat.Kind == ChatKind.Group ? CellOf(ev.Chat) : zalo ? access.GrouplessCellOf(ev.User) : null;
        if (Command.Parse(ev.Text) is { } cmd)
        {
            if (cmd.IsForAnotherBot(ev.Chat.Channel == TelegramChannel.Name ? identity.Username : "")) return new Reply();
            return cmd.Name switch
            {
                "start" when cmd.Args == ReviewFlow.StartPayload => review.Start(ev, cell, ""),
                "start" or "help" or "trogiup" => new Reply().Say(ev.Chat, BotCommands.HelpText() + (zalo ? ZaloMode(ev, cell) : "")),
                "danhgia" => review.Start(ev, cell, cmd.Args),
                "diemdanh" => checkIn.Open(ev, cell, cmd.Args),
                "dongdiemdanh" => checkIn.CloseCommand(ev, cell, cmd.Args),
                "thongbao" => notice.Schedule(ev, cell, cmd.Args),
                "nhapketqua" => import.Import(ev, cell, cmd.Args),
                "dangphi" when participation.Handle(ev, cmd) is { } duesYear => duesYear, // "/dangphi nam 2026"; "/dangphi 20000" sets the amount
                "chuyende" => thematic.Record(ev, cell, cmd.Args),
                "xoachuyende" => thematic.Remove(ev, cell, cmd.Args),
                _ => setup.Handle(ev, cell, cmd) ?? committee.Handle(ev, cmd) ?? query.Handle(ev, cmd) ?? export.Handle(ev, cmd) ?? participation.Handle(ev, cmd) ?? notes.Handle(ev, cmd) ?? Unknown(ev, cmd),
            };
        }

        if (ev.Chat.Kind == ChatKind.Private)
            return review.HandleText(ev) ?? (zalo ? checkIn.HandlePrivate(ev) : null) ?? new Reply().Say(ev.Chat, "Đồng chí chưa có phiên đánh giá nào đang mở. Gõ /danhgia để bắt đầu, hoặc /help để xem hướng dẫn.");
        return checkIn.HandleText(ev, cell) ?? new Reply(); // other group talk is not for the bot
    }

    public Cell? CellOf(ChatRef chat) =>
        db.Cells.FindOne(LiteDB.BsonExpression.Create("$.ChatKey = @0", chat.Key))
        ?? db.Cells.FindOne(LiteDB.BsonExpression.Create("$.LinkedChats[*] ANY = @0", chat.Key));

    /// <summary>/help on Zalo ends with how ChiBo works there and which mode the asker's cells are in.</summary>
    private string ZaloMode(ChatEvent ev, Cell? cell)
    {
        var cells = cell is not null ? [cell] : access.CellsWhereMember(ev.User);
        var lines = cells.Select(c => c.IsGroupless
            ? $"• {c.Name}: không có nhóm (bot Zalo không vào được nhóm) — mọi việc làm trong tin nhắn riêng với ChiBo; thông báo, điểm danh và kết quả được gửi cho cán bộ chi bộ để chuyển tiếp."
            : $"• {c.Name}: có nhóm — trong nhóm Zalo, ChiBo chỉ đọc tin nhắn gọi tên ChiBo (@tên ChiBo rồi lệnh) hoặc trả lời tin của ChiBo; mọi việc cũng làm được trong tin nhắn riêng.");
        var text = "\n\nTrên Zalo:\n" + (cells.Count == 0
            ? "• Để liên kết với chi bộ, nhắn riêng cho ChiBo: /lienket <mã chi bộ> <họ và tên>, ví dụ /lienket 3 Trần Thị Bình."
            : string.Join("\n", lines));
        return text + "\n• Điểm danh: trả lời tin điểm danh, hoặc nhắn riêng cho ChiBo: có mặt / vắng: lý do.";
    }

    private static Reply Unknown(ChatEvent ev, Command cmd) =>
        ev.Chat.Kind == ChatKind.Private
            ? new Reply().Say(ev.Chat, $"Không có lệnh /{cmd.Name}. Gõ /help để xem các lệnh.")
            : new Reply(); // a group may host other bots: stay quiet about their commands

    /// <summary>An edited message is never applied: its first version was already answered.</summary>
    private static Reply HandleEdit(ChatEvent ev) =>
        ev.Chat.Kind == ChatKind.Private
            ? new Reply().Say(ev.Chat, "ChiBo không xét tin nhắn đã sửa. Nếu muốn đổi câu trả lời, hãy gửi một tin nhắn mới.")
            : new Reply();
}
