using System.Globalization;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Zalo;

/// <summary>
/// Zalo's monthly message quota (ChiBo:Zalo:MonthlyQuota; the basic plan is reported to allow about 3,000 messages a month,
/// both directions). Counts what the bot sends and receives on Zalo per calendar month of the cells' time zone, in the
/// database so a restart keeps the count. At 80 % and at 100 % the admins are told once a month, in private; from 80 %
/// on, low-priority messages (reminders) are left out so the review answers and the posted rating still fit.
/// </summary>
public sealed class ZaloQuota(Database db, Outbox outbox, IOptions<ChiBoOptions> options, TimeProvider time, ILogger<ZaloQuota> log)
{
    public const int WarnPercent = 80;

    private int Quota => options.Value.Zalo.MonthlyQuota;

    /// <summary>The messages counted this month.</summary>
    public int Used => int.TryParse(db.GetSetting(Key(Month())), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>True from 80 % of the quota: low-priority messages are no longer sent.</summary>
    public bool IsNearlyUsed => Quota > 0 && Used * 100L >= Quota * (long)WarnPercent;

    /// <summary>Counts <paramref name="messages"/> more (sent or received) and warns the admins when a threshold is crossed.</summary>
    public void Count(int messages = 1)
    {
        var month = Month();
        var warning = db.InTransaction(() =>
        {
            var before = Used;
            var after = before + messages;
            db.SetSetting(Key(month), after.ToString(CultureInfo.InvariantCulture));
            if (Quota <= 0) return null;
            var crossed = new[] { 100, WarnPercent }.FirstOrDefault(p => before * 100L < Quota * (long)p && after * 100L >= Quota * (long)p);
            if (crossed == 0) return null;
            var text = Warning(month, after, crossed);
            var chats = options.Value.Admins.Select(a => Direct.ChatOf(db, a)).OfType<ChatRef>().Distinct().ToList();
            outbox.Enqueue(chats.Select(c => new OutgoingMessage { Channel = c.Channel, ChatId = c.Id, Text = text }));
            return text;
        });
        if (warning is not null) log.LogWarning("Zalo quota: {Used} of {Quota} messages used in {Month}", Used, Quota, month);
    }

    private string Warning(YearMonth month, int used, int percent) =>
        percent >= 100
            ? $"⛔ ChiBo đã dùng hết hạn mức Zalo {month.ToVietnamese()}: {used}/{Quota} tin nhắn (gửi và nhận). Zalo có thể ngừng chuyển tin "
              + "cho đến hết tháng; ChiBo vẫn ưu tiên phần đánh giá và công bố kết quả, không gửi tin nhắc lịch. Cần thêm thì nâng gói Zalo Bot "
              + "và đặt lại ChiBo:Zalo:MonthlyQuota."
            : $"⚠️ ChiBo đã dùng {percent}% hạn mức Zalo {month.ToVietnamese()}: {used}/{Quota} tin nhắn (gửi và nhận). Từ bây giờ ChiBo "
              + "không gửi tin nhắc lịch trên Zalo, để dành hạn mức cho phần đánh giá và công bố kết quả.";

    private YearMonth Month() => YearMonth.Of(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), options.Value.Zone()).DateTime));

    private static string Key(YearMonth month) => $"zalo:quota:{month.Key}";
}
