using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace ChiBo.Bot.Web;

/// <summary>
/// The <c>initData</c> Telegram hands a Mini App, checked as Telegram's Web Apps documentation says: the fields but
/// <c>hash</c>, sorted and joined as "key=value" lines, signed with HMAC-SHA-256 under the key
/// HMAC-SHA-256("WebAppData", bot token). A bad hash, a missing user or an <c>auth_date</c> older than
/// <see cref="MaxAge"/> (a replayed old one) is refused.
/// </summary>
public static class TelegramInitData
{
    /// <summary>How long after Telegram opened the Mini App its initData is accepted: long enough to fill the form.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(3);

    /// <summary>The Telegram user id and name when <paramref name="initData"/> is genuine and fresh; null otherwise.</summary>
    public static (long Id, string Name)? Validate(string? initData, string botToken, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(initData) || initData.Length > 8192 || string.IsNullOrEmpty(botToken)) return null;
        var fields = QueryHelpers.ParseQuery(initData);
        if (!fields.TryGetValue("hash", out var hash) || hash.Count != 1) return null;
        if (fields.Values.Any(v => v.Count != 1)) return null;
        var check = string.Join('\n', fields.Where(f => f.Key != "hash").OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        var secret = HMACSHA256.HashData(Encoding.UTF8.GetBytes("WebAppData"), Encoding.UTF8.GetBytes(botToken));
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(check)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(hash.ToString()))) return null;

        if (!fields.TryGetValue("auth_date", out var authText) || !long.TryParse(authText, out var auth)) return null;
        var age = now - DateTimeOffset.FromUnixTimeSeconds(auth);
        if (age > MaxAge || age < TimeSpan.FromMinutes(-5)) return null;
        if (!fields.TryGetValue("user", out var userJson)) return null;
        try
        {
            using var user = JsonDocument.Parse(userJson.ToString());
            var id = user.RootElement.GetProperty("id").GetInt64();
            var first = user.RootElement.TryGetProperty("first_name", out var f) ? f.GetString() : null;
            var last = user.RootElement.TryGetProperty("last_name", out var l) ? l.GetString() : null;
            return (id, string.Join(' ', new[] { first, last }.Where(x => !string.IsNullOrEmpty(x))));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Signs fields as Telegram does (for the tests' emulator, and to document the format).</summary>
    public static string Sign(IEnumerable<KeyValuePair<string, string>> fields, string botToken)
    {
        var list = fields.ToList();
        var check = string.Join('\n', list.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        var secret = HMACSHA256.HashData(Encoding.UTF8.GetBytes("WebAppData"), Encoding.UTF8.GetBytes(botToken));
        var hash = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(check)));
        return string.Join('&', list.Append(new("hash", hash)).Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
    }
}
