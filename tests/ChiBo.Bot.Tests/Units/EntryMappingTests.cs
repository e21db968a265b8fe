using ChiBo.Bot.Storage;
using ChiBo.Core.Meetings;
using LiteDB;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The hand-written BSON of attendance and dues entries (<see cref="EntryMapping"/>) is exactly what LiteDB's
/// reflection mapper writes and reads: files written before it, or after, read the same. A property added to an entry
/// and not to the mapping fails here.</summary>
public sealed class EntryMappingTests
{
    static EntryMappingTests() => System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Database).TypeHandle); // the global mapper's registrations

    private static readonly BsonMapper Reflection = new();

    public static TheoryData<object> Entries() =>
    [
        new AttendanceEntry { MemberId = 7, Name = "  Trần Thị Bình ", Status = AttendanceStatus.AbsentWithReason, Reason = " Ốm ", Exempt = true },
        new AttendanceEntry { MemberId = 1, Name = "Nguyễn Văn An", Status = AttendanceStatus.Present },
        new AttendanceEntry { MemberId = 2, Name = "", Status = AttendanceStatus.Unknown, Reason = "  " },
        new AttendanceEntry { MemberId = 5, Name = null!, Status = (AttendanceStatus)42 }, // "" is read back as null, and a null left out
        new DuesEntry { MemberId = 3, Name = "Lê Văn Cường", Paid = true, Amount = 20000.5m },
        new DuesEntry { MemberId = 4, Name = " ", Paid = false, Amount = 0 },
        new DuesEntry { MemberId = 6, Name = null!, Amount = -1.50m },
    ];

    [Theory]
    [MemberData(nameof(Entries))]
    public void An_entry_is_written_and_read_as_the_reflection_mapper_does(object entry)
    {
        var type = entry.GetType();
        var expected = Reflection.Serialize(type, entry);

        var written = BsonMapper.Global.Serialize(type, entry);

        Assert.Equal(expected.ToString(), written.ToString());
        Assert.Equal(Reflection.Serialize(type, Reflection.Deserialize(type, expected)).ToString(),
            Reflection.Serialize(type, BsonMapper.Global.Deserialize(type, expected)).ToString());
    }

    [Theory]
    [InlineData(typeof(AttendanceEntry))]
    [InlineData(typeof(DuesEntry))]
    public void Every_property_of_an_entry_is_written_and_read(Type type)
    {
        var entry = Activator.CreateInstance(type)!;
        foreach (var p in type.GetProperties().Where(p => p.CanWrite))
            p.SetValue(entry, p.PropertyType switch
            {
                var t when t == typeof(int) => 42,
                var t when t == typeof(string) => "chữ",
                var t when t == typeof(bool) => true,
                var t when t == typeof(decimal) => 12.5m,
                var t when t.IsEnum => Enum.GetValues(t).GetValue(Enum.GetValues(t).Length - 1),
                var t => throw new InvalidOperationException($"{type.Name}.{p.Name} is a {t.Name}: give it a value here and a line in EntryMapping"),
            });

        var expected = Reflection.Serialize(type, entry);
        Assert.Equal(expected.ToString(), BsonMapper.Global.Serialize(type, entry).ToString());
        Assert.Equal(expected.ToString(), Reflection.Serialize(type, BsonMapper.Global.Deserialize(type, expected)).ToString());
    }
}
