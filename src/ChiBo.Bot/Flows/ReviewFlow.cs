using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Flows;

public sealed class ReviewFlow
{
    public const string ButtonPrefix = "rv:";
    public const string StartPayload = "danhgia";

    public Reply Start(ChatEvent ev, Cell? cell, string args) => new();
    public Reply? HandleText(ChatEvent ev) => null;
    public Reply HandleButton(ChatEvent ev) => new() { Toast = "Nút này không hợp lệ." };
}
