using System.Text.Json;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Zalo;

/// <summary>One Zalo event, polled or posted to the webhook: read (<see cref="ZaloEvents"/>), counted against the quota, the
/// sender's private chat recorded (direct messages go there, never to the user id), and applied through the <see cref="Pipeline"/>.</summary>
public sealed class ZaloInbound(ZaloBot bot, Database db, ZaloQuota quota, Pipeline pipeline)
{
    /// <summary>True when an event was applied (its replies are in the outbox). Throws <see cref="JsonException"/> for a body
    /// that is no event.</summary>
    public bool Receive(JsonElement body)
    {
        if (ZaloEvents.ToEvent(body, bot) is not { } ev) return false;
        quota.Count();
        if (ev.Chat.Kind == ChatKind.Private) db.InTransaction(() => Direct.Record(db, ev.User, ev.Chat));
        pipeline.Process(ev);
        return true;
    }
}
