using ChiBo.Bot.Channels;
using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// Hand-written BSON for the outbox items and their messages, saved with every update (a review prompt carries a keyboard
/// of a dozen buttons): the same documents LiteDB's reflection mapper writes and reads (names in declaration order, trimmed
/// text, "" stored as null, a null left out, enums by name, times as <see cref="Database"/> registers them;
/// <c>OutboxMappingTests</c> compares them property by property, so an outbox written before this reads the same), at a
/// fraction of its cost.
/// </summary>
internal static class OutboxMapping
{
    public static void Register(BsonMapper mapper)
    {
        mapper.RegisterType(Write, Read);
        mapper.RegisterType(Write, ReadItem);
    }

    private static BsonValue Write(OutboxItem item) => new BsonDocument
    {
        ["_id"] = item.Id,
        ["Message"] = item.Message is null ? BsonValue.Null : Write(item.Message),
        ["CreatedAt"] = item.CreatedAt.ToUnixTimeMilliseconds(),
        ["Priority"] = item.Priority.ToString(),
        ["Attempted"] = item.Attempted,
    };

    private static OutboxItem ReadItem(BsonValue value)
    {
        var doc = value.AsDocument;
        var item = new OutboxItem();
        if (doc.TryGetValue("_id", out var id)) item.Id = id.AsObjectId;
        if (doc.TryGetValue("Message", out var message)) item.Message = message.IsNull ? null! : Read(message);
        if (doc.TryGetValue("CreatedAt", out var at)) item.CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(at.AsInt64);
        if (doc.TryGetValue("Priority", out var priority)) item.Priority = Bson.Enum<SendPriority>(priority);
        if (doc.TryGetValue("Attempted", out var attempted)) item.Attempted = attempted.AsBoolean;
        return item;
    }

    private static BsonValue Write(OutgoingMessage m)
    {
        var doc = new BsonDocument { ["Priority"] = m.Priority.ToString(), ["InGroup"] = m.InGroup };
        if (m.Channel is not null) doc["Channel"] = Bson.Text(m.Channel);
        if (m.ChatId is not null) doc["ChatId"] = Bson.Text(m.ChatId);
        if (m.Text is not null) doc["Text"] = Bson.Text(m.Text);
        if (m.Choices is not null) doc["Choices"] = Keyboard(m.Choices);
        doc["Placement"] = m.Placement.ToString();
        if (m.WizardKey is not null) doc["WizardKey"] = Bson.Text(m.WizardKey);
        if (m.Attachment is { } a)
        {
            var file = new BsonDocument();
            if (a.FileId is not null) file["FileId"] = Bson.Text(a.FileId);
            if (a.FileName is not null) file["FileName"] = Bson.Text(a.FileName);
            if (a.ContentType is not null) file["ContentType"] = Bson.Text(a.ContentType);
            file["IsPhoto"] = a.IsPhoto;
            doc["Attachment"] = file;
        }
        return doc;
    }

    private static BsonArray Keyboard(List<List<Choice>> rows)
    {
        var keyboard = new BsonArray();
        foreach (var row in rows)
        {
            if (row is null)
            {
                keyboard.Add(BsonValue.Null);
                continue;
            }
            var buttons = new BsonArray();
            foreach (var choice in row) buttons.Add(Write(choice));
            keyboard.Add(buttons);
        }
        return keyboard;
    }

    private static BsonValue Write(Choice? c)
    {
        if (c is null) return BsonValue.Null;
        var doc = new BsonDocument();
        if (c.Label is not null) doc["Label"] = Bson.Text(c.Label);
        if (c.Data is not null) doc["Data"] = Bson.Text(c.Data);
        if (c.Typed is not null) doc["Typed"] = Bson.Text(c.Typed);
        if (c.WebAppUrl is not null) doc["WebAppUrl"] = Bson.Text(c.WebAppUrl);
        return doc;
    }

    private static OutgoingMessage Read(BsonValue value)
    {
        var doc = value.AsDocument;
        var m = new OutgoingMessage();
        if (doc.TryGetValue("Priority", out var priority)) m.Priority = Bson.Enum<MessagePriority>(priority);
        if (doc.TryGetValue("InGroup", out var inGroup)) m.InGroup = inGroup.AsBoolean;
        if (doc.TryGetValue("Channel", out var channel)) m.Channel = channel.AsString;
        if (doc.TryGetValue("ChatId", out var chatId)) m.ChatId = chatId.AsString;
        if (doc.TryGetValue("Text", out var text)) m.Text = text.AsString;
        if (doc.TryGetValue("Choices", out var choices))
            m.Choices = choices.IsNull ? null! : [.. choices.AsArray.Select(row => row.IsNull ? null! : row.AsArray.Select(ReadChoice).ToList())];
        if (doc.TryGetValue("Placement", out var placement)) m.Placement = Bson.Enum<Placement>(placement);
        if (doc.TryGetValue("WizardKey", out var wizardKey)) m.WizardKey = wizardKey.AsString;
        if (doc.TryGetValue("Attachment", out var attachment) && attachment.IsDocument)
        {
            var file = attachment.AsDocument;
            m.Attachment = new FileAttachment();
            if (file.TryGetValue("FileId", out var id)) m.Attachment.FileId = id.AsString;
            if (file.TryGetValue("FileName", out var name)) m.Attachment.FileName = name.AsString;
            if (file.TryGetValue("ContentType", out var type)) m.Attachment.ContentType = type.AsString;
            if (file.TryGetValue("IsPhoto", out var photo)) m.Attachment.IsPhoto = photo.AsBoolean;
        }
        return m;
    }

    /// <summary>As the mapper builds a record: its constructor gets each field, null when missing.</summary>
    private static Choice ReadChoice(BsonValue value)
    {
        if (value.IsNull) return null!;
        var doc = value.AsDocument;
        return new Choice(doc["Label"].AsString, doc["Data"].AsString, doc["Typed"].AsString, doc["WebAppUrl"].AsString);
    }
}
