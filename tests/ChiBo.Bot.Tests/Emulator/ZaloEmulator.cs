using System.Text.Json.Nodes;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>
/// An in-process fake of the Zalo Bot Platform API (../shared/ZALO_BOT_API.md), served by Kestrel on 127.0.0.1
/// with a free port: POST {BaseUrl}/bot{Token}/{method} with a JSON body, answered {"ok": true, "result": …} or
/// {"ok": false, "error_code": n, "description": …}. getUpdates hands out one event per call with no update id and
/// no offset; setWebhook makes getUpdates fail and <see cref="PushToWebhookAsync(string)"/> post events instead.
/// It behaves as real clients found the platform (../shared/ZALO_BOT_API.md, "What real clients found"): in a group the bot only
/// hears messages that mention it or reply to it, or nothing when it cannot join groups; private chat ids differ from user ids;
/// the bot's own messages come back as events; half the events use the older "name" and dates in seconds; empty polls may
/// answer 408 at once or an empty result; errors such as 403 and 429 are injected with <see cref="BotApiEmulator.InjectError"/>.
/// Tests play the users (<see cref="SendText"/>), read what the bot sent (<see cref="MessagesIn"/>) and synchronise
/// on the bot's polling loop (<see cref="WaitUntilProcessedAsync"/>). All members are thread-safe.
/// </summary>
public sealed partial class ZaloEmulator : BotApiEmulator
{
    public const string DefaultToken = "4242424242:ZALO-test-secret-abcdefghijklmnopqrstu";
    public const string DefaultBotName = "ChiBo Zalo test";
    public const string SecretHeader = "X-Bot-Api-Secret-Token";

    private readonly Lock _gate = new();

    private ZaloEmulator(string token) : base(token) => BotId = token.Split(':')[0];

    public string BotId { get; }

    /// <summary>getMe's can_join_groups. When false the bot is in no group: it hears nothing from groups and cannot send to one.</summary>
    public bool CanJoinGroups { get; set; } = true;

    /// <summary>Each message the bot sends comes back to it as an event from its own id (on by default, as on real Zalo).</summary>
    public bool EchoBotMessages { get; set; } = true;

    /// <summary>What getUpdates answers when nothing comes.</summary>
    public ZaloEmptyPoll EmptyPoll { get; set; }

    /// <summary>Starts the emulator on a free port of 127.0.0.1.</summary>
    public static async Task<ZaloEmulator> StartAsync(string token = DefaultToken)
    {
        var emulator = new ZaloEmulator(token);
        await emulator.ListenAsync();
        return emulator;
    }

    protected override string DescribeQueue()
    {
        lock (_gate)
        {
            var queue = _queue.Select(p => $"  event {p.MessageId}{(p.Delivered ? " delivered" : "")}");
            return $"Unprocessed events: {(_queue.Count == 0 ? "none" : "\n" + string.Join('\n', queue))}";
        }
    }

    protected override async Task<JsonNode?> DispatchAsync(RecordedCall call, CancellationToken ct)
    {
        switch (call.Method.ToLowerInvariant())
        {
            case "getme": return new JsonObject { ["id"] = BotId, ["account_name"] = DefaultBotName, ["account_type"] = "BASIC", ["can_join_groups"] = CanJoinGroups };
            case "getupdates": return await GetUpdatesAsync(call, ct);
            case "sendmessage": return SendMessage(call);
            case "sendchataction": return true;
            case "setwebhook": return SetWebhook(call);
            case "deletewebhook": return DeleteWebhook();
            case "getwebhookinfo": return GetWebhookInfo();
            default: throw new BotApiError(404, "Not Found: method not found");
        }
    }
}
