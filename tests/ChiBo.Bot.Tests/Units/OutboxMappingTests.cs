using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using LiteDB;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The hand-written BSON of outbox items and their messages (<see cref="OutboxMapping"/>) is exactly what LiteDB's
/// reflection mapper writes and reads: an outbox written before it, or after, reads the same. A property added to an item,
/// a message, a button or an attachment and not to the mapping fails here.</summary>
public sealed class OutboxMappingTests
{
    static OutboxMappingTests()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Database).TypeHandle); // the global mapper's registrations
        Bson.RegisterValueTypes(Reflection);
    }

    private static readonly BsonMapper Reflection = new();

    public static TheoryData<OutgoingMessage> Messages() =>
    [
        new OutgoingMessage { Channel = "telegram", ChatId = "42", Text = "  Tiêu chí 3: đồng chí chấm bao nhiêu điểm? ", InGroup = false,
            Choices = [[new Choice("✅ Đúng", "rv:1:202611:3:ok"), new Choice(" Sửa ", "rv:1:202611:3:edit", " sửa ")], [new Choice("Mở biểu mẫu", "", null, "https://chibo.example/f/1")]],
            Placement = Placement.NewWizard, WizardKey = "review:1:2026-11" },
        new OutgoingMessage { Channel = "zalo", ChatId = "g1", Text = "", InGroup = true, Priority = MessagePriority.Low, Placement = Placement.RefreshWizard, WizardKey = " " },
        new OutgoingMessage { Channel = "telegram", ChatId = "-100", Text = "Báo cáo quý",
            Attachment = new FileAttachment { FileId = "f1", FileName = "bao-cao.xlsx", ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } },
        new OutgoingMessage { Channel = "telegram", ChatId = "-100", Text = "Biểu đồ", Choices = [[]],
            Attachment = new FileAttachment { FileId = "f2", FileName = "", ContentType = "image/png", IsPhoto = true } },
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_message_is_written_and_read_as_the_reflection_mapper_does(OutgoingMessage message)
    {
        var expected = Reflection.Serialize(typeof(OutgoingMessage), message);

        Assert.Equal(expected.ToString(), BsonMapper.Global.Serialize(typeof(OutgoingMessage), message).ToString());
        Assert.Equal(Reflection.Serialize(Reflection.Deserialize<OutgoingMessage>(expected)).ToString(),
            Reflection.Serialize(BsonMapper.Global.Deserialize<OutgoingMessage>(expected)).ToString());
    }

    [Fact]
    public void Every_property_of_a_message_its_buttons_and_its_file_is_written_and_read()
    {
        var message = Filled<OutgoingMessage>();
        message.Choices = [[Filled<Choice>(), Filled<Choice>()], [Filled<Choice>()]];
        message.Attachment = Filled<FileAttachment>();

        var expected = Reflection.Serialize(typeof(OutgoingMessage), message);
        Assert.Equal(expected.ToString(), BsonMapper.Global.Serialize(typeof(OutgoingMessage), message).ToString());
        Assert.Equal(expected.ToString(), Reflection.Serialize(BsonMapper.Global.Deserialize<OutgoingMessage>(expected)).ToString());
    }

    [Fact]
    public void Every_property_of_an_outbox_item_is_written_and_read()
    {
        var item = Filled<OutboxItem>();
        item.Id = ObjectId.NewObjectId();
        item.CreatedAt = new DateTimeOffset(2026, 11, 3, 13, 45, 7, 120, TimeSpan.Zero);
        item.Message = new OutgoingMessage { Channel = "telegram", ChatId = "42", Text = "Tiêu chí 3", Choices = [[new Choice("✅ Đúng", "rv:1:202611:3:ok")]] };

        var expected = Reflection.ToDocument(item);
        Assert.Equal(expected.ToString(), BsonMapper.Global.ToDocument(item).ToString());
        Assert.Equal(expected.ToString(), Reflection.ToDocument(BsonMapper.Global.ToObject<OutboxItem>(expected)).ToString());
    }

    /// <summary>Every property given a value that is not its default.</summary>
    private static T Filled<T>()
    {
        var type = typeof(T);
        object? Value(Type t, string name) => t switch
        {
            _ when t == typeof(string) => $"chữ {name}",
            _ when t == typeof(bool) => true,
            _ when t.IsEnum => Enum.GetValues(t).GetValue(Enum.GetValues(t).Length - 1),
            _ when t == typeof(List<List<Choice>>) || t == typeof(FileAttachment) || t == typeof(OutgoingMessage)
                || t == typeof(ObjectId) || t == typeof(DateTimeOffset) => null, // filled by the caller
            _ => throw new InvalidOperationException($"{type.Name}.{name} is a {t.Name}: give it a value here and a line in MessageMapping"),
        };
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var instance = ctor.Invoke([.. ctor.GetParameters().Select(p => Value(p.ParameterType, p.Name!))]);
        foreach (var p in type.GetProperties().Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
            p.SetValue(instance, Value(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, p.Name) ?? p.GetValue(instance));
        return (T)instance;
    }
}
