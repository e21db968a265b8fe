using System.Text.Json;

namespace ChiBo.Bot.Tests.Emulator;

/// <summary>A Telegram user as a test defines them; their private chat with the bot has the same id.</summary>
public sealed record TgUser(long Id, string FirstName, string? LastName = null, string? Username = null);

/// <summary>One inline button: its label and the callback data it sends (or a URL, or a Mini App it opens).</summary>
public sealed record BotButton(string Text, string? Data, string? Url = null, string? WebApp = null);

/// <summary>One version of a bot message (text and keyboard), as it was at <see cref="At"/>.</summary>
public sealed record BotMessageVersion(string Text, IReadOnlyList<IReadOnlyList<BotButton>> Buttons, DateTimeOffset At);

/// <summary>A snapshot of a message the bot sent.</summary>
/// <param name="Text">The current text.</param>
/// <param name="Buttons">The current inline keyboard, row by row; empty when there is none.</param>
/// <param name="EditHistory">Earlier versions, oldest first; empty when the message was never edited.</param>
public sealed record BotMessage(
    long ChatId,
    int MessageId,
    string Text,
    IReadOnlyList<IReadOnlyList<BotButton>> Buttons,
    IReadOnlyList<BotMessageVersion> EditHistory,
    bool IsDeleted)
{
    /// <summary>Every button, row after row.</summary>
    public IEnumerable<BotButton> AllButtons => Buttons.SelectMany(r => r);

    /// <summary>The one button whose label equals <paramref name="label"/>, or else the one that contains it.</summary>
    public BotButton Button(string label)
    {
        var exact = AllButtons.Where(b => b.Text == label).ToList();
        if (exact.Count == 1) return exact[0];
        var partial = AllButtons.Where(b => b.Text.Contains(label, StringComparison.OrdinalIgnoreCase)).ToList();
        return partial.Count == 1
            ? partial[0]
            : throw new InvalidOperationException(
                $"Message {MessageId} in chat {ChatId} has {partial.Count} buttons matching \"{label}\"; buttons: "
                + string.Join(" | ", AllButtons.Select(b => $"{b.Text} [{b.Data}]")));
    }

    public override string ToString() =>
        $"#{MessageId}{(IsDeleted ? " (deleted)" : "")}: {Text}"
        + (Buttons.Count == 0 ? "" : " " + string.Join(" / ", Buttons.Select(r => string.Join(" | ", r.Select(b => $"[{b.Text}]")))));
}

/// <summary>One request the bot made, in arrival order. <see cref="Body"/> holds the parameters
/// (JSON body, form fields and query string merged) as an immutable JSON object.</summary>
public sealed record RecordedCall(int Index, string Method, JsonElement Body, bool Authorized, DateTimeOffset At)
{
    /// <summary>A parameter, or null when absent or JSON null.</summary>
    public JsonElement? Param(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>A parameter as text (strings as they are, other values as raw JSON).</summary>
    public string? Str(string name) => Param(name) is { } v ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    /// <summary>A numeric parameter (sent as a number or a numeric string).</summary>
    public long? Long(string name) => Param(name) is { } v ? JsonArgs.AsLong(v) : null;

    public override string ToString()
    {
        var body = Body.ValueKind == JsonValueKind.Undefined ? "" : Body.GetRawText();
        return $"#{Index} {Method}{(Authorized ? "" : " (unauthorized)")} {(body.Length > 300 ? body[..300] + "…" : body)}";
    }
}

/// <summary>How the bot answered one callback query.</summary>
public sealed record CallbackAnswer(string CallbackQueryId, string? Text, bool ShowAlert);

/// <summary>A command the bot registered with setMyCommands.</summary>
public sealed record RegisteredCommand(string Command, string Description);

/// <summary>An error the emulated Bot API answers with ({"ok":false,"error_code":…,"description":…}).</summary>
public sealed class BotApiError(int code, string description, System.Text.Json.Nodes.JsonObject? parameters = null) : Exception(description)
{
    public int Code { get; } = code;

    /// <summary>The error's "parameters" (migrate_to_chat_id, retry_after), or null.</summary>
    public System.Text.Json.Nodes.JsonObject? Parameters { get; } = parameters;

    public static BotApiError BadRequest(string what) => new(400, "Bad Request: " + what);
}

/// <summary>A result the emulator answers as raw JSON text, bypassing System.Text.Json: what an API could send that a
/// strict reader refuses (a lone UTF-16 surrogate in an update's text).</summary>
public sealed class RawResult(string json) : Exception("raw result")
{
    public string Json { get; } = json;
}

/// <summary>Reading request parameters leniently, as Telegram does (numbers may come as strings).</summary>
internal static class JsonArgs
{
    public static long? AsLong(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number when v.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(v.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    public static bool AsBool(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => string.Equals(v.GetString(), "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public static long RequireLong(RecordedCall call, string name) =>
        call.Long(name) ?? throw BotApiError.BadRequest(call.Param(name) is null ? $"{name} is empty" : $"invalid {name} specified");

    public static int RequireInt(RecordedCall call, string name) => checked((int)RequireLong(call, name));
}
