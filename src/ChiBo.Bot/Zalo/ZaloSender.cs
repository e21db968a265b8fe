using System.Collections.Concurrent;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Web;
using ChiBo.Core;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Zalo;

/// <summary>Renders outgoing messages on Zalo: plain text that lists what to type instead of buttons, every
/// wizard step as a new message (Zalo cannot edit), split on line boundaries under the 2000-character limit.
/// Each part sent counts against the monthly quota (<see cref="ZaloQuota"/>); low-priority messages are left out once it is
/// nearly used. Errors are classified as real clients found them: 429 (quota exceeded) pauses the channel for
/// ChiBo:Zalo:QuotaPauseSeconds, 403 is tried <see cref="ForbiddenAttempts"/> times before the message is dropped (Zalo labels it
/// "internal server error"), 400 and 404 drop it, and anything else (408, 425, 5xx, no connection) pauses the channel with a
/// growing backoff (<see cref="Backoff"/>); nothing waiting is lost (Channels/Outbox.cs keeps it).
/// Zalo bots send no documents: a file goes as a signed, single-use download link (<see cref="FileLinks"/>).</summary>
public sealed class ZaloSender(ZaloBotClient client, ZaloQuota quota, Database db, FileLinks fileLinks, Clock clock, IOptions<ChiBoOptions> options, ILogger<ZaloSender> log) : IChannelSender
{
    public const int MaxLength = 2000;
    public const int ForbiddenAttempts = 3;

    /// <summary>What to type, in a group: the bot hears a reply to its message there (or a mention), not a plain message.</summary>
    public const string ReplyPrefix = "👉 Trả lời tin này: ";

    /// <summary>The message as plain text; in a group its typed choices are to be sent as a reply.</summary>
    public static string Render(OutgoingMessage message) => PlainText.Render(message, message.InGroup ? ReplyPrefix : PlainText.TypePrefix);

    private readonly ConcurrentDictionary<string, int> _forbidden = new();
    private int _failures;

    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        if (!PlainText.Sends(message)) return;
        if (message.Priority == MessagePriority.Low && quota.IsNearlyUsed)
        {
            log.LogInformation("Zalo quota nearly used: a low-priority message to chat {Chat} was left out", message.ChatId);
            return;
        }
        var key = $"{message.ChatId}\n{message.WizardKey}\n{message.Text}";
        var text = Render(message);
        if (message.Attachment is { } file) text += "\n\n" + DownloadLine(file);
        foreach (var part in PlainText.Split(text, MaxLength).Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            try
            {
                var sent = await client.SendMessageAsync(message.ChatId, part, ct);
                quota.Count();
                Remember(message, sent);
            }
            catch (ZaloApiException ex) when (ex.Code == 429)
            {
                throw new MessageDeferredException(TimeSpan.FromSeconds(options.Value.Zalo.QuotaPauseSeconds), ex.Message, ex, wholeChannel: true);
            }
            catch (ZaloApiException ex) when (ex.Code == 403)
            {
                if (_forbidden.AddOrUpdate(key, 1, (_, n) => n + 1) < ForbiddenAttempts) throw Deferred(ex);
                _forbidden.TryRemove(key, out _);
                throw new MessageRefusedException($"{ex.Message} ({ForbiddenAttempts} attempts)", ex);
            }
            catch (ZaloApiException ex) when (ex.IsPermanent)
            {
                throw new MessageRefusedException(ex.Message, ex);
            }
            catch (Exception ex) when (ex is ZaloApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                throw Deferred(ex); // 408, 425, 5xx, no connection
            }
        }
        Interlocked.Exchange(ref _failures, 0);
        _forbidden.TryRemove(key, out _);
    }

    private string DownloadLine(FileAttachment file)
    {
        if (!fileLinks.Enabled)
            return $"(Chưa gửi được tệp {file.FileName}: quản trị viên cần đặt ChiBo__Http__PublicUrl để ChiBo gửi đường link tải tệp trên Zalo.)";
        var (url, expires) = fileLinks.Create(file);
        return $"📥 Tải tệp {file.FileName} (mở được một lần, đến {Vietnamese.DateTime(clock.ToLocal(expires))}):\n{url}";
    }

    /// <summary>A transient failure: the channel waits 1, 2, 4 … up to 60 seconds (growing while failures follow each other), then tries again.</summary>
    private MessageDeferredException Deferred(Exception ex) => new(Backoff(Interlocked.Increment(ref _failures)), ex.Message, ex, wholeChannel: true);

    /// <summary>The wait after <paramref name="failures"/> transient failures in a row: 1 s, 2 s, 4 s … at most 60 s.</summary>
    public static TimeSpan Backoff(int failures) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Max(0, failures - 1))));

    /// <summary>Keeps which message shows a wizard (the check-in list), so a reply to it can be recognised.</summary>
    private void Remember(OutgoingMessage message, System.Text.Json.JsonElement sent)
    {
        if (message.WizardKey is null || sent.ValueKind != System.Text.Json.JsonValueKind.Object || !sent.TryGetProperty("message_id", out var id)) return;
        db.InTransaction(() => db.Wizards.Upsert(new WizardMessage { Id = $"{message.Channel}:{message.ChatId}:{message.WizardKey}", MessageId = id.ToString() }));
    }
}
