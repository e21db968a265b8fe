using System.Text.Json;
using System.Text.Json.Nodes;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>
/// An in-process fake of the Telegram Bot API, served by Kestrel on 127.0.0.1 with a free port.
/// The bot under test talks to it over HTTP exactly as it would to api.telegram.org
/// (POST {BaseUrl}/bot{Token}/{method}); tests play the users (<see cref="SendText"/>,
/// <see cref="PressButton"/> …), read what the bot sent (<see cref="MessagesIn"/>) and synchronise
/// on the bot's polling loop (<see cref="WaitUntilProcessedAsync"/>) instead of sleeping.
/// All members are thread-safe.
/// </summary>
public sealed partial class TelegramEmulator : BotApiEmulator
{
    public const string DefaultToken = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz12";
    public const string DefaultBotUsername = "chibo_test_bot";

    private static readonly JsonSerializerOptions Json = JsonBotAPI.Options;

    private readonly Lock _gate = new();

    private TelegramEmulator(string token, string botUsername) : base(token)
    {
        var colon = token.IndexOf(':');
        var botId = colon > 0 && long.TryParse(token[..colon], out var id) ? id : 1;
        BotUser = new User { Id = botId, IsBot = true, FirstName = "ChiBo (test)", Username = botUsername, CanJoinGroups = true };
    }

    /// <summary>The bot's own user (from getMe and in the "from" of its messages); its id comes from the token.</summary>
    public User BotUser { get; }

    /// <summary>Starts the emulator on a free port of 127.0.0.1.</summary>
    public static async Task<TelegramEmulator> StartAsync(string token = DefaultToken, string botUsername = DefaultBotUsername)
    {
        var emulator = new TelegramEmulator(token, botUsername);
        await emulator.ListenAsync();
        return emulator;
    }

    protected override string DescribeQueue()
    {
        lock (_gate)
        {
            var queue = _queue.Select(p => $"  update {p.UpdateId}{(p.Redelivery ? " (redelivery)" : "")}{(p.Delivered ? " delivered" : "")}");
            return $"Unconfirmed updates: {(_queue.Count == 0 ? "none" : "\n" + string.Join('\n', queue))}";
        }
    }

    protected override async Task<JsonNode?> DispatchAsync(RecordedCall call, CancellationToken ct)
    {
        switch (call.Method.ToLowerInvariant())
        {
            case "getupdates": return await GetUpdatesAsync(call, ct);
            case "getme": return ToNode(BotUser);
            case "deletewebhook": return DeleteWebhook(call);
            case "setwebhook": return SetWebhook(call);
            case "getwebhookinfo": return GetWebhookInfo();
            case "setmycommands": return SetMyCommands(call);
            case "getmycommands": return GetMyCommands(call);
            case "sendmessage": return SendMessage(call);
            case "editmessagetext": return EditMessage(call, textChanges: true);
            case "editmessagereplymarkup": return EditMessage(call, textChanges: false);
            case "deletemessage": return DeleteMessage(call);
            case "answercallbackquery": return AnswerCallbackQuery(call);
            case "senddocument": return SendFile(call, "document");
            case "sendphoto": return SendFile(call, "photo");
            case "sendchataction": return SendChatAction(call);
            default: throw new BotApiError(404, "Not Found: method not found");
        }
    }

    private static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Json);
}
