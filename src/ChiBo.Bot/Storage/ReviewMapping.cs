using ChiBo.Core.Meetings;
using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>
/// Hand-written BSON for a review (<see cref="ReviewDoc"/>) and the meeting record it holds (<see cref="MeetingRecord"/>, also
/// inside every <see cref="PostedRecord"/>): a review is saved with every typed answer, and LiteDB's reflection mapper spent
/// as long making its document as the engine spent writing it. These write and read the same documents as that mapper
/// (property order, names, "_id", text trimmed and "" as null, nulls left out, enums by name, <see cref="Bson"/>'s dates);
/// <c>ReviewMappingTests</c> compares them with the mapper's for every property. A property added to these classes must be
/// added here too (that test fails until it is).
/// <para>The storage shape. A review is two documents with the same _id, written in the same transaction:</para>
/// <list type="bullet">
/// <item>"reviews" (<see cref="Reviews"/>): the review as the mapper writes it, but its Record without the member lists;</item>
/// <item>"review_members" (<see cref="Members"/>): <c>{ _id, Attendance: [...], Dues: [...] }</c>, the record's member lists,
/// 30 entries each for a cell of 30, most of the review's bytes. They change only in the attendance and dues steps, so the
/// 25 criteria and the other answers write the small document alone (<see cref="WriteMembers"/> gives null).</item>
/// </list>
/// A review written before (one "reviews" document with the lists inside its Record, and no "review_members" document)
/// reads the same (<see cref="ReadReview(BsonDocument, BsonDocument?)"/>); its next save writes the two documents. A posted
/// record (<see cref="PostedRecord"/>, read by the committee) keeps its whole <see cref="MeetingRecord"/> in one document.
/// Between two answers most of a review stays as it was: given the review as it was last written and what
/// <see cref="Reusable"/> kept of its documents (<see cref="ReviewCache"/> keeps both), the lists that did not change are
/// taken from those documents instead of being made again. LiteDB changes nothing in a document it writes but, at most,
/// its top-level _id, so sharing the unchanged parts of a document already written is safe.
/// </summary>
internal static class ReviewMapping
{
    /// <summary>The collection of the reviews' documents (all but the member lists).</summary>
    public const string Reviews = "reviews";

    /// <summary>The collection of the reviews' member lists (same _id as the review).</summary>
    public const string Members = "review_members";

    /// <summary>The lists stored in <see cref="Members"/>, not in the review's Record.</summary>
    private static readonly string[] MemberLists = ["Attendance", "Dues"];

    /// <summary>A meeting record, whole (a posted record's).</summary>
    public static void Register(BsonMapper mapper) => mapper.RegisterType(Write, ReadRecord);

    public static BsonValue Write(MeetingRecord r) => Write(r, null, null, members: true);

    /// <summary>The review's "reviews" document: everything but the member lists (<see cref="WriteMembers"/>).</summary>
    /// <param name="before">The review as it was when <paramref name="written"/> was made from it (not changed since).</param>
    /// <param name="written">What <see cref="Reusable"/> kept of its documents.</param>
    public static BsonDocument Write(ReviewDoc r, ReviewDoc? before, BsonDocument? written)
    {
        var doc = Bson.Document(22);
        doc.Add("_id", Id(r));
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
            doc.Add("Record", Write(record, before?.Record, written?.TryGetValue("Record", out var w) == true && w.IsDocument ? w.AsDocument : null, members: false));
        doc.Add("StartedAt", Bson.Instant(r.StartedAt));
        doc.Add("UpdatedAt", Bson.Instant(r.UpdatedAt));
        return doc;
    }

    /// <summary>The review's "review_members" document, or null when it is the one last written: <paramref name="written"/>
    /// (what <see cref="Reusable"/> kept) holds it, made from <paramref name="before"/>'s lists, equal to the review's.</summary>
    public static BsonDocument? WriteMembers(ReviewDoc r, ReviewDoc? before, BsonDocument? written)
    {
        var last = written?.TryGetValue(Members, out var m) == true && m.IsDocument ? m.AsDocument : null;
        var doc = Bson.Document(1 + MemberLists.Length);
        doc.Add("_id", Id(r));
        var reused = 0;
        if (r.Record is { } record)
        {
            if (record.Attendance is { } attendance)
                reused += Add(doc, "Attendance", Unchanged(attendance, before?.Record?.Attendance, last, "Attendance", EntryMapping.Same), attendance, EntryMapping.Write);
            if (record.Dues is { } dues) reused += Add(doc, "Dues", Unchanged(dues, before?.Record?.Dues, last, "Dues", EntryMapping.Same), dues, EntryMapping.Write);
        }
        return last is not null && reused == doc.Count - 1 && last.Count == doc.Count ? null : doc;
    }

    private static int Add<T>(BsonDocument doc, string key, BsonValue? unchanged, List<T> items, Func<T, BsonValue> write)
    {
        doc.Add(key, unchanged ?? Bson.Array(items, write));
        return unchanged is null ? 0 : 1;
    }

    private static BsonValue Id(ReviewDoc r) => r.Id is null ? BsonValue.Null : Bson.Text(r.Id); // the mapper writes a null _id too

    private static BsonDocument Write(MeetingRecord r, MeetingRecord? before, BsonDocument? written, bool members)
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
        if (members && r.Attendance is { } attendance) doc.Add("Attendance", Bson.Array(attendance, EntryMapping.Write));
        if (members && r.Dues is { } dues) doc.Add("Dues", Bson.Array(dues, EntryMapping.Write));
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

    private static readonly string[] ReusedLists = ["Tasks", "FollowUps"];

    /// <summary>What the next save may take from a review's documents (its record's task lists, and the member-list
    /// document), to keep in place of the whole documents: the rest is made again at every save, and kept it would only
    /// live long enough to be collected late.</summary>
    public static BsonDocument Reusable(BsonDocument written, BsonDocument members)
    {
        var kept = Bson.Document(2);
        if (written.TryGetValue("Record", out var record) && record.IsDocument)
        {
            var lists = Bson.Document(ReusedLists.Length);
            foreach (var key in ReusedLists)
                if (record.AsDocument.TryGetValue(key, out var list)) lists.Add(key, list);
            kept.Add("Record", lists);
        }
        kept.Add(Members, members);
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

    /// <summary>A review from its "reviews" document and its "review_members" document (null for a review written before
    /// the lists had their own document: its Record holds them).</summary>
    public static ReviewDoc ReadReview(BsonDocument review, BsonDocument? members)
    {
        var r = ReadReview(review);
        if (members is null || r.Record is not { } record) return r;
        foreach (var (key, v) in members)
            switch (key)
            {
                case "Attendance": record.Attendance = Bson.ReadList(v, EntryMapping.ReadAttendance); break;
                case "Dues": record.Dues = Bson.ReadList(v, EntryMapping.ReadDues); break;
            }
        return r;
    }

    private static ReviewDoc ReadReview(BsonValue value)
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
