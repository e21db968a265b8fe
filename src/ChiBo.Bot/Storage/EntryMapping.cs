using ChiBo.Core.Meetings;
using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// Hand-written BSON for the entries a review holds by the dozen (attendance and dues, 30 of each for a cell of 30),
/// saved with every typed answer: the same documents LiteDB's reflection mapper writes and reads (names, order, trimmed
/// text, "" stored as null, a null left out, enums by name; <c>EntryMappingTests</c> compares them property by property),
/// at a fraction of its cost.
/// </summary>
internal static class EntryMapping
{
    public static void Register(BsonMapper mapper)
    {
        mapper.RegisterType(Write, ReadAttendance);
        mapper.RegisterType(Write, ReadDues);
    }

    private static BsonValue Write(AttendanceEntry e)
    {
        var doc = new BsonDocument { ["MemberId"] = e.MemberId, ["Name"] = Text(e.Name), ["Status"] = e.Status.ToString() };
        if (e.Reason is not null) doc["Reason"] = Text(e.Reason);
        doc["Exempt"] = e.Exempt;
        return doc;
    }

    private static BsonValue Write(DuesEntry e) =>
        new BsonDocument { ["MemberId"] = e.MemberId, ["Name"] = Text(e.Name), ["Paid"] = e.Paid, ["Amount"] = e.Amount };

    private static AttendanceEntry ReadAttendance(BsonValue value)
    {
        var doc = value.AsDocument;
        var e = new AttendanceEntry();
        if (doc.TryGetValue("MemberId", out var id)) e.MemberId = id.AsInt32;
        if (doc.TryGetValue("Name", out var name)) e.Name = name.AsString;
        if (doc.TryGetValue("Status", out var status)) e.Status = Enum<AttendanceStatus>(status);
        if (doc.TryGetValue("Reason", out var reason)) e.Reason = reason.AsString;
        if (doc.TryGetValue("Exempt", out var exempt)) e.Exempt = exempt.AsBoolean;
        return e;
    }

    private static DuesEntry ReadDues(BsonValue value)
    {
        var doc = value.AsDocument;
        var e = new DuesEntry();
        if (doc.TryGetValue("MemberId", out var id)) e.MemberId = id.AsInt32;
        if (doc.TryGetValue("Name", out var name)) e.Name = name.AsString;
        if (doc.TryGetValue("Paid", out var paid)) e.Paid = paid.AsBoolean;
        if (doc.TryGetValue("Amount", out var amount)) e.Amount = amount.AsDecimal;
        return e;
    }

    /// <summary>As the mapper writes text: trimmed, and "" as null.</summary>
    private static BsonValue Text(string? s) => s?.Trim() is { Length: > 0 } t ? new BsonValue(t) : BsonValue.Null;

    private static T Enum<T>(BsonValue v) where T : struct, Enum => v.IsString ? System.Enum.Parse<T>(v.AsString) : (T)(object)v.AsInt32;
}
