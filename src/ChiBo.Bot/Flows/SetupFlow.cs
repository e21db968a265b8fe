using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Flows;

/// <summary>Setting up a cell in its group: registration, rubric, meeting day, officers, roster, account links.</summary>
public sealed class SetupFlow
{
    public const string ButtonPrefix = "lk:";

    public Reply? Handle(ChatEvent ev, Cell? cell, Command cmd) => null;

    public Reply HandleButton(ChatEvent ev) => new() { Toast = "Nút này không hợp lệ." };
}
