using System.Text.Json.Nodes;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>
/// An in-process fake of the Zalo Bot Platform API (../shared/ZALO_BOT_API.md), served by Kestrel on 127.0.0.1
/// with a free port: POST {BaseUrl}/bot{Token}/{method} with a JSON body, answered {"ok": true, "result": …} or
/// {"ok": false, "error_code": n, "description": …}. getUpdates hands out one event per call with no update id and
/// no offset; setWebhook makes getUpdates fail and <see cref="PushToWebhookAsync(string)"/> post events instead.
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

    /// <summary>getMe's can_join_groups.</summary>
    public bool CanJoinGroups { get; set; } = true;

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
