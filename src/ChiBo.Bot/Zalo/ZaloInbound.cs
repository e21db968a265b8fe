using System.Text.Json;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Zalo;

/// <summary>One Zalo event, polled or posted to the webhook: read (<see cref="ZaloEvents"/>), counted against the quota, the
/// sender's private chat recorded (direct messages go there, never to the user id), and applied through the <see cref="Pipeline"/>,
/// all in the event's transaction.</summary>
public sealed class ZaloInbound(ZaloBot bot, Database db, ZaloQuota quota, Pipeline pipeline)
{
    /// <summary>True when an event was applied (its replies are in the outbox). Throws <see cref="JsonException"/> for a body
    /// that is no event.</summary>
    public bool Receive(JsonElement body)
    {
        if (Read(body) is not { } item) return false;
        pipeline.ProcessBatch([item]);
        return true;
    }

    /// <summary>The event for the <see cref="Pipeline"/>, with what its transaction saves whatever the flow does: the message
    /// counted against the quota and the sender's private chat recorded. Null for a body the bot ignores.</summary>
    public Incoming? Read(JsonElement body) =>
        ZaloEvents.ToEvent(body, bot) is { } ev ? new Incoming(ev, () => { quota.Count(); Direct.Record(db, ev.User, ev.Chat); }) : null;
}
