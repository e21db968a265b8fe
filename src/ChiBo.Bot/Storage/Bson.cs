using System.Globalization;
using System.Runtime.CompilerServices;
using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// The pieces of the hand-written BSON (<see cref="EntryMapping"/>, <see cref="ReviewMapping"/>), each written as LiteDB's
/// reflection mapper writes it (with <see cref="RegisterValueTypes"/>): text trimmed and "" as null, enums by name, dates
/// and times as the registrations below store them. Values that never change (true, false, an enum's names, small numbers)
/// are made once and shared: a <see cref="BsonValue"/> that is not a document or an array cannot be changed.
/// </summary>
internal static class Bson
{
    private static readonly BsonValue True = new(true), False = new(false);
    private static readonly BsonValue[] SmallInts = [.. Enumerable.Range(0, 256).Select(i => new BsonValue(i))];

    /// <summary>LiteDB 5 has no DateOnly/TimeOnly: they are stored as ISO strings; a DateTimeOffset as Unix milliseconds.</summary>
    public static void RegisterValueTypes(BsonMapper mapper)
    {
        mapper.RegisterType(Date, ReadDate);
        mapper.RegisterType(Time, ReadTime);
        mapper.RegisterType(Instant, ReadInstant);
    }

    // Invariant both ways: the server's culture would write another calendar's year or another time separator.
    public static BsonValue Date(DateOnly d) => new(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    public static DateOnly ReadDate(BsonValue b) => DateOnly.Parse(b.AsString, CultureInfo.InvariantCulture);
    public static BsonValue Time(TimeOnly t) => new(t.ToString("HH:mm", CultureInfo.InvariantCulture));
    public static TimeOnly ReadTime(BsonValue b) => TimeOnly.Parse(b.AsString, CultureInfo.InvariantCulture);
    public static BsonValue Instant(DateTimeOffset d) => new(d.ToUnixTimeMilliseconds());
    public static DateTimeOffset ReadInstant(BsonValue b) => DateTimeOffset.FromUnixTimeMilliseconds(b.AsInt64);

    /// <summary>A document whose dictionary is made big enough at once (LiteDB's grows 3, 7, 17… as fields are added).</summary>
    public static BsonDocument Document(int fields)
    {
        var doc = new BsonDocument();
        ((Dictionary<string, BsonValue>)doc.RawValue).EnsureCapacity(fields);
        return doc;
    }

    /// <summary>Text as the mapper writes it: trimmed, and "" as null.</summary>
    public static BsonValue Text(string s) => s.Trim() is { Length: > 0 } t ? new BsonValue(t) : BsonValue.Null;

    /// <summary>A text property: left out when null (the mapper writes no null property), else <see cref="Text"/>.</summary>
    public static void Put(BsonDocument doc, string key, string? s)
    {
        if (s is not null) doc.Add(key, Text(s));
    }

    public static BsonValue Bool(bool b) => b ? True : False;
    public static BsonValue Int(int i) => (uint)i < SmallInts.Length ? SmallInts[i] : new BsonValue(i);
    public static BsonValue Name<T>(T e) where T : struct, Enum => Names<T>.Of(e);

    public static T Enum<T>(BsonValue v) where T : struct, Enum => v.IsString ? System.Enum.Parse<T>(v.AsString) : (T)(object)v.AsInt32;

    /// <summary>Written the same: equal, and with the same scale and sign (20000 and 20000.00, or 0 and -0, are equal numbers
    /// written differently).</summary>
    public static bool SameBits(decimal a, decimal b)
    {
        Span<int> x = stackalloc int[4], y = stackalloc int[4];
        decimal.GetBits(a, x);
        decimal.GetBits(b, y);
        return x.SequenceEqual(y);
    }

    /// <summary>A list; a null item as null, as the mapper writes it.</summary>
    public static BsonArray Array<T>(List<T> items, Func<T, BsonValue> write)
    {
        var array = new BsonArray(); // (no capacity constructor: BsonArray(int) is a one-item array)
        ((List<BsonValue>)array.RawValue).Capacity = items.Count;
        foreach (var item in items) array.Add(item is null ? BsonValue.Null : write(item));
        return array;
    }

    public static BsonArray Ints(List<int> items) => Array(items, Int);
    public static BsonArray Texts(List<string> items) => Array(items, Text);

    public static BsonDocument Decimals(Dictionary<string, decimal> values)
    {
        var doc = Document(values.Count);
        foreach (var (key, value) in values) doc[key] = new BsonValue(value);
        return doc;
    }

    public static BsonDocument Texts(Dictionary<string, string> values)
    {
        var doc = Document(values.Count);
        foreach (var (key, value) in values) doc[key] = value is null ? BsonValue.Null : Text(value);
        return doc;
    }

    // Reading: a null is read as null, as the mapper does (a list or object property it left out keeps its default).
    public static List<T> ReadList<T>(BsonValue v, Func<BsonValue, T> read)
    {
        if (!v.IsArray) return null!;
        var array = v.AsArray;
        var items = new List<T>(array.Count);
        foreach (var item in array) items.Add(item.IsNull ? default! : read(item));
        return items;
    }
    public static List<int> ReadIntList(BsonValue v) => ReadList(v, i => i.AsInt32);
    public static List<string> ReadTextList(BsonValue v) => ReadList(v, s => s.AsString);

    public static Dictionary<string, T> ReadDictionary<T>(BsonValue v, Func<BsonValue, T> read)
    {
        if (!v.IsDocument) return null!;
        var doc = v.AsDocument;
        var values = new Dictionary<string, T>(doc.Count);
        foreach (var (key, value) in doc.GetElements()) values.Add(key, value.IsNull ? default! : read(value));
        return values;
    }

    public static Dictionary<string, decimal> ReadDecimals(BsonValue v) => ReadDictionary(v, d => d.AsDecimal);
    public static Dictionary<string, string> ReadTextDictionary(BsonValue v) => ReadDictionary(v, s => s.AsString);

    /// <summary>An enum's names as BSON strings, made once for the values 0 to 63 (an undefined value is written as its number,
    /// as ToString does).</summary>
    private static class Names<T> where T : struct, Enum
    {
        private static readonly BsonValue[] ByValue = NamesByValue(typeof(T));

        public static BsonValue Of(T e) =>
            ByValue.Length > 0 && (uint)Unsafe.As<T, int>(ref e) < ByValue.Length ? ByValue[Unsafe.As<T, int>(ref e)] : new BsonValue(e.ToString());
    }

    /// <summary>An int enum's names by value, 0 to its largest (at most 64; a value without a name is its number); empty for
    /// other enums. Not generic, so it is precompiled: an enum's first write, often in the middle of the evening's first
    /// review, compiles only <see cref="Names{T}"/>.</summary>
    private static BsonValue[] NamesByValue(Type type)
    {
        if (type.GetEnumUnderlyingType() != typeof(int)) return [];
        var largest = -1;
        foreach (int value in System.Enum.GetValuesAsUnderlyingType(type)) largest = Math.Max(largest, value);
        var names = new BsonValue[Math.Min(64, largest + 1)];
        for (var i = 0; i < names.Length; i++) names[i] = new BsonValue(System.Enum.ToObject(type, i).ToString());
        return names;
    }
}
