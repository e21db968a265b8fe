using ChiBo.Core.Meetings;
using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// Hand-written BSON for the entries a review holds by the dozen (attendance and dues, 30 of each for a cell of 30; tasks),
/// saved with every typed answer: the same documents LiteDB's reflection mapper writes and reads (names, order, trimmed
/// text, "" stored as null, a null left out, enums by name; <c>EntryMappingTests</c> compares them property by property),
/// at a fraction of its cost. The review around them: <see cref="ReviewMapping"/>.
/// </summary>
internal static class EntryMapping
{
    public static void Register(BsonMapper mapper)
    {
        mapper.RegisterType(Write, ReadAttendance);
        mapper.RegisterType(Write, ReadDues);
        mapper.RegisterType(Write, ReadTask);
    }

    public static BsonValue Write(AttendanceEntry e)
    {
        var doc = Bson.Document(5);
        doc.Add("MemberId", Bson.Int(e.MemberId));
        Bson.Put(doc, "Name", e.Name);
        doc.Add("Status", Bson.Name(e.Status));
        Bson.Put(doc, "Reason", e.Reason);
        doc.Add("Exempt", Bson.Bool(e.Exempt));
        return doc;
    }

    public static BsonValue Write(DuesEntry e)
    {
        var doc = Bson.Document(4);
        doc.Add("MemberId", Bson.Int(e.MemberId));
        Bson.Put(doc, "Name", e.Name);
        doc.Add("Paid", Bson.Bool(e.Paid));
        doc.Add("Amount", new BsonValue(e.Amount));
        return doc;
    }

    public static BsonValue Write(TaskItem t)
    {
        var doc = Bson.Document(5);
        Bson.Put(doc, "Who", t.Who);
        Bson.Put(doc, "What", t.What);
        if (t.Due is { } due) doc.Add("Due", Bson.Date(due));
        doc.Add("Status", Bson.Name(t.Status));
        Bson.Put(doc, "CarriedFrom", t.CarriedFrom);
        return doc;
    }

    // The same entry, written the same: every property equal (a decimal to the bit: 20000 and 20000.00 are written
    // differently). A property added to an entry must be compared here too (ReviewMappingTests changes each one).
    public static bool Same(AttendanceEntry a, AttendanceEntry b) =>
        a.MemberId == b.MemberId && a.Name == b.Name && a.Status == b.Status && a.Reason == b.Reason && a.Exempt == b.Exempt;

    public static bool Same(DuesEntry a, DuesEntry b) =>
        a.MemberId == b.MemberId && a.Name == b.Name && a.Paid == b.Paid && Bson.SameBits(a.Amount, b.Amount);

    public static bool Same(TaskItem a, TaskItem b) =>
        a.Who == b.Who && a.What == b.What && a.Due == b.Due && a.Status == b.Status && a.CarriedFrom == b.CarriedFrom;

    public static AttendanceEntry ReadAttendance(BsonValue value)
    {
        var e = new AttendanceEntry();
        foreach (var (key, v) in value.AsDocument)
            switch (key)
            {
                case "MemberId": e.MemberId = v.AsInt32; break;
                case "Name": e.Name = v.AsString; break;
                case "Status": e.Status = Bson.Enum<AttendanceStatus>(v); break;
                case "Reason": e.Reason = v.AsString; break;
                case "Exempt": e.Exempt = v.AsBoolean; break;
            }
        return e;
    }

    public static DuesEntry ReadDues(BsonValue value)
    {
        var e = new DuesEntry();
        foreach (var (key, v) in value.AsDocument)
            switch (key)
            {
                case "MemberId": e.MemberId = v.AsInt32; break;
                case "Name": e.Name = v.AsString; break;
                case "Paid": e.Paid = v.AsBoolean; break;
                case "Amount": e.Amount = v.AsDecimal; break;
            }
        return e;
    }

    public static TaskItem ReadTask(BsonValue value)
    {
        var t = new TaskItem();
        foreach (var (key, v) in value.AsDocument)
            switch (key)
            {
                case "Who": t.Who = v.AsString; break;
                case "What": t.What = v.AsString; break;
                case "Due": t.Due = v.IsNull ? null : Bson.ReadDate(v); break;
                case "Status": t.Status = Bson.Enum<TaskState>(v); break;
                case "CarriedFrom": t.CarriedFrom = v.AsString; break;
            }
        return t;
    }
}
