using System.Text.Json;
using System.Text.Json.Serialization;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChiBo.Bot.Telegram;

/// <summary>
/// getUpdates that a poison update cannot stop. Telegram.Bot reads a whole batch at once, so one update it cannot read
/// (text holding a lone UTF-16 surrogate, which System.Text.Json refuses) fails every poll until Telegram drops it a day
/// later. When a batch cannot be read, the reader fetches the first pending update alone as raw JSON: a readable one is
/// returned as usual; an unreadable one is logged and replaced by an empty update with its id, which the loop skips past.
/// </summary>
public sealed class UpdateReader(ILogger<UpdateReader> log)
{
    public static readonly UpdateType[] Wanted = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery];

    public async Task<Update[]> GetAsync(ITelegramBotClient bot, int offset, int timeoutSeconds, CancellationToken ct)
    {
        try
        {
            return await bot.GetUpdates(offset, limit: 100, timeout: timeoutSeconds, allowedUpdates: Wanted, cancellationToken: ct);
        }
        catch (RequestException ex) when (ex is not ApiRequestException && IsUnreadable(ex))
        {
            log.LogWarning("A batch of updates could not be read ({Error}); reading the first one alone", ex.InnerException?.Message ?? ex.Message);
            return [await FirstAloneAsync(bot, offset, ct)];
        }
    }

    /// <summary>The response arrived but did not deserialize (as opposed to a network failure, which is retried as it is).</summary>
    private static bool IsUnreadable(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
            if (e is JsonException or InvalidOperationException or ArgumentException or FormatException) return true;
        return false;
    }

    private async Task<Update> FirstAloneAsync(ITelegramBotClient bot, int offset, CancellationToken ct)
    {
        var raw = await bot.SendRequest(new RawGetUpdates { Offset = offset, Limit = 1, AllowedUpdates = Wanted }, ct);
        if (raw.Length == 0) return new Update { Id = offset - 1 }; // nothing pending any more: the loop asks again from the same offset
        return Read(raw[0], offset, log);
    }

    /// <summary>One update as JSON (from getUpdates or a webhook request): the update, or — when Telegram.Bot cannot read
    /// it — an empty update with its id, after one error line naming it.</summary>
    public static Update Read(JsonElement json, int fallbackId, ILogger log)
    {
        try
        {
            return json.Deserialize<Update>(JsonBotAPI.Options) ?? throw new JsonException("null update");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            var id = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("update_id", out var idElement) && idElement.TryGetInt32(out var n) ? n : fallbackId;
            var kind = json.ValueKind == JsonValueKind.Object ? string.Join(",", json.EnumerateObject().Select(p => p.Name).Where(n => n != "update_id")) : "?";
            log.LogError("Update {UpdateId} ({Kind}) cannot be read and is skipped: {Error}", id, kind, ex.Message);
            return new Update { Id = id };
        }
    }

    /// <summary>getUpdates answered as raw JSON elements, which System.Text.Json keeps without decoding their strings.</summary>
    private sealed class RawGetUpdates() : RequestBase<JsonElement[]>("getUpdates")
    {
        [JsonPropertyName("offset")] public int Offset { get; init; }
        [JsonPropertyName("limit")] public int Limit { get; init; }
        [JsonPropertyName("timeout")] public int Timeout { get; init; }
        [JsonPropertyName("allowed_updates")] public UpdateType[]? AllowedUpdates { get; init; }
    }
}
