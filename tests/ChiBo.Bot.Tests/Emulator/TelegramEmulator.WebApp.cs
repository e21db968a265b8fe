using System.Text.Json;
using ChiBo.Bot.Web;

namespace ChiBo.Bot.Tests.Emulator;

public sealed partial class TelegramEmulator
{
    /// <summary>The initData Telegram hands a Mini App opened by <paramref name="user"/> at <paramref name="authDate"/>,
    /// signed with this bot's token as Telegram does.</summary>
    public string WebAppInitData(TgUser user, DateTimeOffset authDate, string? token = null) =>
        TelegramInitData.Sign(
        [
            new("query_id", "AAE" + user.Id),
            new("user", JsonSerializer.Serialize(new Dictionary<string, object?> { ["id"] = user.Id, ["first_name"] = user.FirstName, ["last_name"] = user.LastName, ["language_code"] = "vi" })),
            new("auth_date", authDate.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], token ?? Token);
}
