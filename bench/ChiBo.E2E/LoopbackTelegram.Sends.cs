using System.Text.Json.Nodes;

namespace ChiBo.Bot.E2E;

/// <summary>The bot's sends: answered as Telegram does, within Telegram's limits when they are on, and logged.</summary>
public sealed partial class LoopbackTelegram
{
    /// <summary>Completes once <paramref name="count"/> messages or edits went to chats <paramref name="which"/> selects
    /// (counted from now on).</summary>
    public Task SendsToAsync(Func<long, bool> which, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (count <= 0) done.SetResult();
            else _sendWaiters.Add((which, count, done));
        }
        return done.Task;
    }

    /// <summary>Every message and edit accepted so far, in order.</summary>
    public Sent[] SendLog()
    {
        lock (_gate) return [.. _sendLog];
    }

    private (int, JsonObject) Send(JsonObject p, string method, bool edit)
    {
        var chat = Long(p["chat_id"]);
        lock (_gate)
        {
            if (Limited(chat) is var wait and > 0)
                return (429, new JsonObject { ["ok"] = false, ["error_code"] = 429, ["description"] = $"Too Many Requests: retry after {wait}", ["parameters"] = new JsonObject { ["retry_after"] = wait } });
            _sends++;
            _sendLog.Add(new(System.Diagnostics.Stopwatch.GetTimestamp(), chat));
            for (var i = _sendWaiters.Count - 1; i >= 0; i--)
            {
                var (which, count, done) = _sendWaiters[i];
                if (!which(chat)) continue;
                if (count > 1) _sendWaiters[i] = (which, count - 1, done);
                else
                {
                    _sendWaiters.RemoveAt(i);
                    done.TrySetResult();
                }
            }
            var text = p["text"]?.ToString() ?? p["caption"]?.ToString() ?? "…";
            if (!edit && _phase == "review" && chat < 0) _groupPosts++;
            if (_phase == "review" && text.Contains('⚠')) _warnings++;
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var message = new JsonObject
            {
                ["message_id"] = edit ? Int(p["message_id"]) : _nextMessage++, ["date"] = now, ["chat"] = ChatOf(chat), ["from"] = BotUser.DeepClone(),
            };
            if (method is "senddocument") message["document"] = new JsonObject { ["file_id"] = "f" + now, ["file_unique_id"] = "u" + now };
            else if (method is "sendphoto") message["photo"] = new JsonArray(new JsonObject { ["file_id"] = "p" + now, ["file_unique_id"] = "q" + now, ["width"] = 1, ["height"] = 1 });
            else message["text"] = text;
            if (edit) message["edit_date"] = now;
            if (p["reply_markup"] is JsonNode markup) message["reply_markup"] = markup is JsonValue v ? JsonNode.Parse(v.ToString()) : markup.DeepClone();
            // The first message (or text edit) to a chat after the bot fetched its update is the answer.
            if (method != "editmessagereplymarkup" && _pending.TryGetValue(chat, out var w) && w.Delivered)
            {
                _pending.Remove(chat);
                w.Answered.TrySetResult();
            }
            return Ok(message);
        }
    }

    /// <summary>Call under the lock: with limits on, seconds to wait when this send breaks 30 messages/s per bot or 20/min per group.</summary>
    private int Limited(long chat)
    {
        if (!_limits) return 0;
        var now = DateTime.UtcNow;
        while (_sentAt.Count > 0 && now - _sentAt.Peek() >= TimeSpan.FromSeconds(1)) _sentAt.Dequeue();
        if (_sentAt.Count >= 30) { _tooMany++; return 1; }
        if (chat < 0)
        {
            var g = _groupSentAt.TryGetValue(chat, out var q) ? q : _groupSentAt[chat] = new();
            while (g.Count > 0 && now - g.Peek() >= TimeSpan.FromMinutes(1)) g.Dequeue();
            if (g.Count >= 20) { _tooMany++; return (int)Math.Ceiling((TimeSpan.FromMinutes(1) - (now - g.Peek())).TotalSeconds); }
            g.Enqueue(now);
        }
        _sentAt.Enqueue(now);
        return 0;
    }
}
