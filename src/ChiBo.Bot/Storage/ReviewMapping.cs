using ChiBo.Core.Meetings;
using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// Hand-written BSON for a review (<see cref="ReviewDoc"/>) and the meeting record it holds (<see cref="MeetingRecord"/>, also
/// inside every <see cref="PostedRecord"/>): a review is saved with every typed answer, and LiteDB's reflection mapper spent
/// as long making its document as the engine spent writing it. These write and read the same documents as that mapper
/// (property order, names, "_id", text trimmed and "" as null, nulls left out, enums by name, <see cref="Bson"/>'s dates),
/// so files written before read unchanged; <c>ReviewMappingTests</c> compares them with the mapper's for every property.
/// A property added to these classes must be added here too (that test fails until it is).
/// Between two answers most of a review stays as it was: given the review as it was last written and that document
/// (<see cref="ReviewCache"/> keeps both), the lists that did not change (the attendance, the dues…) are taken from that
/// document instead of being made again. LiteDB changes nothing in a document it writes but, at
/// most, its top-level _id, so sharing the unchanged parts of a document already written is safe.
/// </summary>
internal static class ReviewMapping
{
    public static void Register(BsonMapper mapper)
    {
        mapper.RegisterType(Write, ReadReview);
        mapper.RegisterType(Write, ReadRecord);
    }

    public static BsonValue Write(ReviewDoc r) => Write(r, null, null);

    public static BsonValue Write(MeetingRecord r) => Write(r, null, null);

    /// <param name="before">The review as it was when <paramref name="written"/> was made from it (not changed since).</param>
    /// <param name="written">Its document, or what <see cref="Reusable"/> kept of it.</param>
    public static BsonDocument Write(ReviewDoc r, ReviewDoc? before, BsonDocument? written)
    {
        var doc = Bson.Document(22);
        doc.Add("_id", r.Id is null ? BsonValue.Null : Bson.Text(r.Id)); // the mapper writes a null _id too
        doc.Add("CellId", Bson.Int(r.CellId));
        doc.Add("Year", Bson.Int(r.Year));
        doc.Add("Month", Bson.Int(r.Month));
        doc.Add("Status", Bson.Name(r.Status));
        doc.Add("Step", Bson.Name(r.Step));
        doc.Add("StepBeforeCancel", Bson.Name(r.StepBeforeCancel));
        doc.Add("CriterionIndex", Bson.Int(r.CriterionIndex));
        doc.Add("ReturnToSummary", Bson.Bool(r.ReturnToSummary));
        doc.Add("ReopenOffered", Bson.Bool(r.ReopenOffered));
        doc.Add("PickingSpeakers", Bson.Bool(r.PickingSpeakers));
        if (r.PendingReasons is { } reasons) doc.Add("PendingReasons", Bson.Ints(reasons));
        if (r.PendingScores is { } scores) doc.Add("PendingScores", Bson.Decimals(scores));
        if (r.OverrideReasons is { } overrides) doc.Add("OverrideReasons", Bson.Texts(overrides));
        doc.Add("Version", Bson.Int(r.Version));
        Bson.Put(doc, "OperatorKey", r.OperatorKey);
        Bson.Put(doc, "OperatorName", r.OperatorName);
        Bson.Put(doc, "OperatorChannel", r.OperatorChannel);
        Bson.Put(doc, "OperatorChatId", r.OperatorChatId);
        if (r.Record is { } record)
            doc.Add("Record", Write(record, before?.Record, written?.TryGetValue("Record", out var w) == true && w.IsDocument ? w.AsDocument : null));
        doc.Add("StartedAt", Bson.Instant(r.StartedAt));
        doc.Add("UpdatedAt", Bson.Instant(r.UpdatedAt));
        return doc;
    }

    private static BsonDocument Write(MeetingRecord r, MeetingRecord? before, BsonDocument? written)
    {
        var doc = Bson.Document(19);
        Bson.Put(doc, "CellId", r.CellId);
        doc.Add("Year", Bson.Int(r.Year));
        doc.Add("Month", Bson.Int(r.Month));
        Bson.Put(doc, "RubricId", r.RubricId);
        doc.Add("Kind", Bson.Name(r.Kind));
        doc.Add("WithThematic", Bson.Bool(r.WithThematic));
        Bson.Put(doc, "ThematicTopic", r.ThematicTopic);
        if (r.Date is { } date) doc.Add("Date", Bson.Date(date));
        if (r.Start is { } start) doc.Add("Start", Bson.Time(start));
        if (r.End is { } end) doc.Add("End", Bson.Time(end));
        if (r.Attendance is { } attendance)
            doc.Add("Attendance", Unchanged(attendance, before?.Attendance, written, "Attendance", EntryMapping.Same) ?? Bson.Array(attendance, EntryMapping.Write));
        if (r.Dues is { } dues) doc.Add("Dues", Unchanged(dues, before?.Dues, written, "Dues", EntryMapping.Same) ?? Bson.Array(dues, EntryMapping.Write));
        if (r.Scores is { } scores) doc.Add("Scores", Bson.Decimals(scores));
        if (r.ScoreNotes is { } notes) doc.Add("ScoreNotes", Bson.Texts(notes));
        if (r.Suggested is { } suggested) doc.Add("Suggested", Bson.Decimals(suggested));
        Bson.Put(doc, "Conclusion", r.Conclusion);
        if (r.Tasks is { } tasks) doc.Add("Tasks", Unchanged(tasks, before?.Tasks, written, "Tasks", EntryMapping.Same) ?? Bson.Array(tasks, EntryMapping.Write));
        if (r.FollowUps is { } followUps)
            doc.Add("FollowUps", Unchanged(followUps, before?.FollowUps, written, "FollowUps", EntryMapping.Same) ?? Bson.Array(followUps, EntryMapping.Write));
        if (r.Speakers is { } speakers) doc.Add("Speakers", Bson.Ints(speakers));
        return doc;
    }

    private static readonly string[] ReusedLists = ["Attendance", "Dues", "Tasks", "FollowUps"];

    /// <summary>What the next save may take from a review's document (its record's lists), to keep in place of the whole
    /// document: the rest is made again at every save, and kept it would only live long enough to be collected late.</summary>
    public static BsonDocument? Reusable(BsonDocument written)
    {
        if (!written.TryGetValue("Record", out var record) || !record.IsDocument) return null;
        var lists = Bson.Document(ReusedLists.Length);
        foreach (var key in ReusedLists)
            if (record.AsDocument.TryGetValue(key, out var list)) lists.Add(key, list);
        var kept = Bson.Document(1);
        kept.Add("Record", lists);
        return kept;
    }

    /// <summary>The array <paramref name="written"/> holds under <paramref name="key"/>, when it was made from a list equal to
    /// <paramref name="items"/> (<paramref name="before"/>); null when it must be made again.</summary>
    private static BsonValue? Unchanged<T>(List<T> items, List<T>? before, BsonDocument? written, string key, Func<T, T, bool> same) where T : class
    {
        if (before is null || written is null || !written.TryGetValue(key, out var old) || !old.IsArray || before.Count != items.Count) return null;
        for (var i = 0; i < items.Count; i++)
            if (items[i] is null || before[i] is null ? items[i] != before[i] : !same(items[i], before[i])) return null;
        return old;
    }

    public static ReviewDoc ReadReview(BsonValue value)
    {
        var r = new ReviewDoc();
        foreach (var (key, v) in value.AsDocument)
            switch (key)
            {
                case "_id": r.Id = v.AsString; break;
                case "CellId": r.CellId = v.AsInt32; break;
                case "Year": r.Year = v.AsInt32; break;
                case "Month": r.Month = v.AsInt32; break;
                case "Status": r.Status = Bson.Enum<ReviewStatus>(v); break;
                case "Step": r.Step = Bson.Enum<ReviewStep>(v); break;
                case "StepBeforeCancel": r.StepBeforeCancel = Bson.Enum<ReviewStep>(v); break;
                case "CriterionIndex": r.CriterionIndex = v.AsInt32; break;
                case "ReturnToSummary": r.ReturnToSummary = v.AsBoolean; break;
                case "ReopenOffered": r.ReopenOffered = v.AsBoolean; break;
                case "PickingSpeakers": r.PickingSpeakers = v.AsBoolean; break;
                case "PendingReasons": r.PendingReasons = Bson.ReadIntList(v); break;
                case "PendingScores": r.PendingScores = Bson.ReadDecimals(v); break;
                case "OverrideReasons": r.OverrideReasons = Bson.ReadTextList(v); break;
                case "Version": r.Version = v.AsInt32; break;
                case "OperatorKey": r.OperatorKey = v.AsString; break;
                case "OperatorName": r.OperatorName = v.AsString; break;
                case "OperatorChannel": r.OperatorChannel = v.AsString; break;
                case "OperatorChatId": r.OperatorChatId = v.AsString; break;
                case "Record": r.Record = v.IsNull ? null! : ReadRecord(v); break;
                case "StartedAt": r.StartedAt = Bson.ReadInstant(v); break;
                case "UpdatedAt": r.UpdatedAt = Bson.ReadInstant(v); break;
            }
        return r;
    }

    public static MeetingRecord ReadRecord(BsonValue value)
    {
        var r = new MeetingRecord();
        foreach (var (key, v) in value.AsDocument)
            switch (key)
            {
                case "CellId": r.CellId = v.AsString; break;
                case "Year": r.Year = v.AsInt32; break;
                case "Month": r.Month = v.AsInt32; break;
                case "RubricId": r.RubricId = v.AsString; break;
                case "Kind": r.Kind = Bson.Enum<MeetingKind>(v); break;
                case "WithThematic": r.WithThematic = v.AsBoolean; break;
                case "ThematicTopic": r.ThematicTopic = v.AsString; break;
                case "Date": r.Date = v.IsNull ? null : Bson.ReadDate(v); break;
                case "Start": r.Start = v.IsNull ? null : Bson.ReadTime(v); break;
                case "End": r.End = v.IsNull ? null : Bson.ReadTime(v); break;
                case "Attendance": r.Attendance = Bson.ReadList(v, EntryMapping.ReadAttendance); break;
                case "Dues": r.Dues = Bson.ReadList(v, EntryMapping.ReadDues); break;
                case "Scores": r.Scores = Bson.ReadDecimals(v); break;
                case "ScoreNotes": r.ScoreNotes = Bson.ReadTextDictionary(v); break;
                case "Suggested": r.Suggested = Bson.ReadDecimals(v); break;
                case "Conclusion": r.Conclusion = v.AsString; break;
                case "Tasks": r.Tasks = Bson.ReadList(v, EntryMapping.ReadTask); break;
                case "FollowUps": r.FollowUps = Bson.ReadList(v, EntryMapping.ReadTask); break;
                case "Speakers": r.Speakers = Bson.ReadIntList(v); break;
            }
        return r;
    }
}
