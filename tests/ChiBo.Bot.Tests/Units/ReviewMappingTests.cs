using System.Collections;
using ChiBo.Bot.Storage;
using ChiBo.Core.Meetings;
using LiteDB;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The hand-written BSON of reviews and meeting records (<see cref="ReviewMapping"/>, <see cref="EntryMapping"/>)
/// is exactly what LiteDB's reflection mapper writes (the same bytes) and reads: files written before it, or after, read the
/// same. A review is stored as that document split in two (<see cref="Split"/>): the member lists in a document of their
/// own. Every property is filled by walking the classes, so a property added to them and not to the mapping fails here.</summary>
public sealed class ReviewMappingTests
{
    static ReviewMappingTests() => System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Database).TypeHandle); // the global mapper's registrations

    /// <summary>The mapper as it was before the hand-written mappings: reflection, with the bot's date and time types.</summary>
    private static readonly BsonMapper Reflection = ReflectionMapper();

    private static BsonMapper ReflectionMapper()
    {
        var mapper = new BsonMapper();
        Bson.RegisterValueTypes(mapper);
        return mapper;
    }

    [Theory]
    [InlineData(typeof(PostedRecord))] // holds a MeetingRecord too
    [InlineData(typeof(MeetingRecord))]
    [InlineData(typeof(TaskItem))]
    public void Every_property_is_written_and_read_as_the_reflection_mapper_does(Type type)
    {
        var filled = Filled(type, new Counter());

        AssertSameAsReflection(type, filled);
    }

    [Fact]
    public void Every_property_of_a_review_is_stored_in_its_two_documents_as_the_reflection_mapper_writes_it()
    {
        AssertStoredAsReflection((ReviewDoc)Filled(typeof(ReviewDoc), new Counter()));
    }

    [Fact]
    public void Empty_text_nulls_and_odd_values_are_written_and_read_as_the_reflection_mapper_does()
    {
        var doc = new ReviewDoc
        {
            Id = " 1:2026-10 ", CellId = -5, Year = 300, Month = 255, Step = (ReviewStep)99, Version = int.MaxValue,
            OperatorKey = "", OperatorName = "   ", OperatorChannel = null!, PendingScores = null, OverrideReasons = ["", " lý do ", null!],
            Record = new MeetingRecord
            {
                CellId = "", RubricId = null!, Conclusion = "  ", Date = null, Start = new TimeOnly(23, 59, 59),
                Attendance = [new AttendanceEntry { Name = null!, Reason = "" }, null!],
                Dues = [new DuesEntry { Name = "  An  ", Amount = -0.005m }],
                Scores = { ["1"] = 0m, ["1a"] = 12.50m, ["1A"] = 3 },
                ScoreNotes = { ["1"] = "", ["2"] = null!, ["3"] = " ghi chú " },
                Tasks = [new TaskItem { Who = "", What = " việc ", Due = null, CarriedFrom = "" }],
                FollowUps = null!,
            },
        };

        AssertStoredAsReflection(doc);
    }

    [Fact]
    public void A_review_without_a_record_or_lists_is_written_and_read_as_the_reflection_mapper_does()
    {
        AssertStoredAsReflection(new ReviewDoc { Id = null!, PendingReasons = null!, Record = null! });
        AssertStoredAsReflection(new ReviewDoc { Id = "1:2026-10", Record = new MeetingRecord { Attendance = null!, Dues = [] } });
        AssertSameAsReflection(typeof(PostedRecord), new PostedRecord { Record = new MeetingRecord { Attendance = [], Scores = [] } });
    }

    [Fact]
    public void A_review_in_a_file_written_by_the_reflection_mapper_in_one_document_reads_back_the_same_and_is_split_at_its_next_save()
    {
        var doc = (ReviewDoc)Filled(typeof(ReviewDoc), new Counter());
        var id = doc.Id.Trim();
        var expected = Reflection.Serialize(doc).ToString();
        WithFile(path =>
        {
            using (var old = new LiteDatabase(path, Reflection)) old.GetCollection<ReviewDoc>("reviews").Upsert(doc); // the old shape: lists inside

            using (var db = new Database(path, null))
            {
                Assert.Equal(expected, Reflection.Serialize(db.Review(id)!).ToString());
                Assert.Equal(expected, Reflection.Serialize(Assert.Single(db.AllReviews())).ToString());
                db.InTransaction(() =>
                {
                    Assert.Equal(expected, Reflection.Serialize(Assert.Single(db.OpenReviews(doc.OperatorKey.Trim()))).ToString());
                    var read = db.Review(id)!;
                    Assert.Equal(expected, Reflection.Serialize(read).ToString());
                    read.Version++;
                    db.SaveReview(read);
                });
            }

            doc.Version++;
            var (review, members) = Split(doc);
            using (var file = new LiteDatabase(path, Reflection))
            {
                Assert.Equal(review.ToString(), file.GetCollection("reviews").FindById(id).ToString());
                Assert.Equal(members.ToString(), file.GetCollection("review_members").FindById(id).ToString());
            }
            using (var db = new Database(path, null)) Assert.Equal(Reflection.Serialize(doc).ToString(), Reflection.Serialize(db.Review(id)!).ToString());
        });
    }

    [Theory]
    [InlineData(typeof(AttendanceEntry))]
    [InlineData(typeof(DuesEntry))]
    [InlineData(typeof(TaskItem))]
    public void An_entry_with_any_property_changed_is_not_the_same_entry(Type type)
    {
        var entry = Filled(type, new Counter());
        Assert.True(Same(entry, Copy(entry)));
        foreach (var p in type.GetProperties().Where(p => p.CanWrite))
        {
            var changed = Copy(entry);
            p.SetValue(changed, Other(p.GetValue(entry)!, $"{type.Name}.{p.Name}"));
            Assert.False(Same(entry, changed), $"{type.Name}.{p.Name} changed and the entry is the same: compare it in EntryMapping.Same");
        }
    }

    [Fact]
    public void A_review_saved_again_is_the_document_the_reflection_mapper_writes_and_only_what_changed_is_made_again()
    {
        var before = (ReviewDoc)Filled(typeof(ReviewDoc), new Counter());
        var written = ReviewMapping.Reusable(ReviewMapping.Write(before, null, null), ReviewMapping.WriteMembers(before, null, null)!);
        var changes = new List<(string What, Action<MeetingRecord> Change)> { ("nothing", _ => { }) };
        foreach (var list in typeof(MeetingRecord).GetProperties().Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericArguments()[0].IsClass
                     && p.PropertyType.GetGenericTypeDefinition() == typeof(List<>) && p.PropertyType.GetGenericArguments()[0] != typeof(string)))
        {
            foreach (var p in list.PropertyType.GetGenericArguments()[0].GetProperties().Where(p => p.CanWrite))
                changes.Add(($"{list.Name}[1].{p.Name}", r => p.SetValue(Item(r, list, 1), Other(p.GetValue(Item(r, list, 1))!, p.Name))));
            changes.Add(($"{list.Name} one less", r => ((IList)list.GetValue(r)!).RemoveAt(0)));
            changes.Add(($"{list.Name} one more", r => ((IList)list.GetValue(r)!).Add(Filled(list.PropertyType.GetGenericArguments()[0], new Counter()))));
        }
        changes.Add(("Dues: an amount's scale", r => r.Dues[^1].Amount *= 1.00m)); // the same number, written with more digits
        changes.Add(("Scores: a criterion scored", r => r.Scores["9"] = 1.5m));

        foreach (var (what, change) in changes)
        {
            var now = before.Clone();
            change(now.Record);
            now.Version++;

            var again = ReviewMapping.Write(now, before, written);
            var againMembers = ReviewMapping.WriteMembers(now, before, written);

            var (review, members) = Split(now);
            Assert.True(BsonSerializer.Serialize(review).SequenceEqual(BsonSerializer.Serialize(again)), what);
            var changed = what.Split(' ', '[', ':')[0];
            foreach (var list in new[] { "Tasks", "FollowUps" })
                Assert.True(ReferenceEquals(written["Record"][list], again["Record"][list]) == (list != changed), $"{what}: {list} was made again, or not");
            var lastMembers = written[ReviewMapping.Members].AsDocument;
            if (changed is "Attendance" or "Dues")
            {
                Assert.True(BsonSerializer.Serialize(members).SequenceEqual(BsonSerializer.Serialize(againMembers!)), what);
                foreach (var list in new[] { "Attendance", "Dues" })
                    Assert.True(ReferenceEquals(lastMembers[list], againMembers![list]) == (list != changed), $"{what}: {list} was made again, or not");
            }
            else Assert.Null(againMembers); // not written again
            (before, written) = (now, ReviewMapping.Reusable(again, againMembers ?? lastMembers)); // what the cache keeps
        }
    }

    [Fact]
    public void A_review_saved_answer_after_answer_is_stored_as_the_reflection_mapper_writes_it()
    {
        var doc = (ReviewDoc)Filled(typeof(ReviewDoc), new Counter());
        (doc.Id, doc.Status) = ("1:2026-10", ReviewStatus.InProgress);
        (Action<ReviewDoc> Answer, bool Members)[] answers =
        [
            (r => r.Record.Attendance[0].Status = AttendanceStatus.Present, true),
            (r => r.Record.Scores["3"] = 2.5m, false),
            (r => r.Record.Dues[1].Amount *= 1.00m, true),
            (r => r.Record.Tasks.Add(new TaskItem { Who = "An", What = "Việc mới" }), false),
            (r => r.Record.Conclusion = "Kết luận", false),
        ];
        WithFile(path =>
        {
            using (var db = new Database(path, null))
            {
                db.InTransaction(() => db.SaveReview(doc));
                foreach (var (answer, listsChange) in answers)
                {
                    var writes = db.ReviewMemberWrites;
                    db.InTransaction(() =>
                    {
                        doc = db.Review(doc.Id)!;
                        answer(doc);
                        doc.Version++;
                        db.SaveReview(doc);
                    });
                    Assert.Equal(writes + (listsChange ? 1 : 0), db.ReviewMemberWrites);
                }
            }

            var (review, members) = Split(doc);
            using var file = new LiteDatabase(path, Reflection);
            Assert.Equal(review.ToString(), file.GetCollection("reviews").FindById(doc.Id).ToString());
            Assert.Equal(members.ToString(), file.GetCollection("review_members").FindById(doc.Id).ToString());
        });
    }

    /// <summary>The storage shape of a review: the reflection mapper's document of it, the record's member lists taken out
    /// into a document of their own with the same _id.</summary>
    private static (BsonDocument Review, BsonDocument Members) Split(ReviewDoc doc)
    {
        var review = Reflection.Serialize(doc).AsDocument;
        var members = new BsonDocument { ["_id"] = review["_id"] };
        if (review.TryGetValue("Record", out var record) && record.IsDocument)
            foreach (var list in new[] { "Attendance", "Dues" })
                if (record.AsDocument.TryGetValue(list, out var value) && record.AsDocument.Remove(list)) members.Add(list, value);
        return (review, members);
    }

    /// <summary>The review's two documents are <see cref="Split"/> of the mapper's, to the byte, and read back as the mapper reads its one.</summary>
    private static void AssertStoredAsReflection(ReviewDoc doc)
    {
        var (review, members) = Split(doc);

        var (writtenReview, writtenMembers) = (ReviewMapping.Write(doc, null, null), ReviewMapping.WriteMembers(doc, null, null)!);

        Assert.Equal(review.ToString(), writtenReview.ToString());
        Assert.Equal(BsonSerializer.Serialize(review), BsonSerializer.Serialize(writtenReview));
        Assert.Equal(members.ToString(), writtenMembers.ToString());
        Assert.Equal(BsonSerializer.Serialize(members), BsonSerializer.Serialize(writtenMembers));
        var whole = Reflection.Serialize(doc).AsDocument;
        var read = ReviewMapping.ReadReview(review, members);
        Assert.Equal(Reflection.Serialize(Reflection.Deserialize<ReviewDoc>(whole)).ToString(), Reflection.Serialize(read).ToString());
    }

    private static void WithFile(Action<string> test)
    {
        var dir = Path.Combine(Path.GetTempPath(), "chibo-tests", $"mapping-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            test(Path.Combine(dir, "chibo.db"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static object Item(MeetingRecord r, System.Reflection.PropertyInfo list, int i) => ((IList)list.GetValue(r)!)[i]!;

    private static bool Same(object a, object b) =>
        (bool)typeof(EntryMapping).GetMethod(nameof(EntryMapping.Same), [a.GetType(), b.GetType()])!.Invoke(null, [a, b])!;

    private static object Copy(object entry)
    {
        var copy = Activator.CreateInstance(entry.GetType())!;
        foreach (var p in entry.GetType().GetProperties().Where(p => p.CanWrite)) p.SetValue(copy, p.GetValue(entry));
        return copy;
    }

    /// <summary>A value other than <paramref name="value"/>, written differently.</summary>
    private static object Other(object value, string where) => value switch
    {
        int i => i + 1,
        string s => s + "x",
        bool b => !b,
        decimal d => d + 1,
        Enum e => Enum.GetValues(e.GetType()).Cast<Enum>().First(v => !v.Equals(e)),
        DateOnly d => d.AddDays(1),
        _ => throw new InvalidOperationException($"{where} is a {value.GetType().Name}: give it another value here"),
    };

    private static void AssertSameAsReflection(Type type, object value)
    {
        var expected = Reflection.Serialize(type, value).AsDocument;

        var written = BsonMapper.Global.Serialize(type, value).AsDocument;

        Assert.Equal(expected.ToString(), written.ToString());
        Assert.Equal(BsonSerializer.Serialize(expected), BsonSerializer.Serialize(written)); // the bytes in the file, types and order
        var read = BsonMapper.Global.Deserialize(type, expected);
        Assert.Equal(Reflection.Serialize(type, Reflection.Deserialize(type, expected)).ToString(), Reflection.Serialize(type, read).ToString());
    }

    private sealed class Counter
    {
        private int _n;
        public int Next() => ++_n;
    }

    /// <summary>A value for every property, different from the default and from each other (so two swapped fields show);
    /// a property of a type not known here fails, to be given a value and a line in the mapping.</summary>
    private static object Filled(Type type, Counter n)
    {
        var value = Activator.CreateInstance(type)!;
        foreach (var p in type.GetProperties().Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0))
            p.SetValue(value, ValueOf(p.PropertyType, n, $"{type.Name}.{p.Name}"));
        return value;
    }

    private static object ValueOf(Type t, Counter n, string where)
    {
        if (Nullable.GetUnderlyingType(t) is { } inner) return ValueOf(inner, n, where);
        if (t == typeof(int)) return n.Next();
        if (t == typeof(string)) return $" chữ {n.Next()} ";
        if (t == typeof(bool)) return true;
        if (t == typeof(decimal)) return n.Next() + 0.5m;
        if (t.IsEnum) return Enum.GetValues(t).GetValue(Enum.GetValues(t).Length - 1)!;
        if (t == typeof(DateOnly)) return new DateOnly(2026, 10, n.Next() % 28 + 1);
        if (t == typeof(TimeOnly)) return new TimeOnly(n.Next() % 24, 30);
        if (t == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 10, 3, 14, 0, 0, TimeSpan.FromHours(7)).AddMilliseconds(n.Next());
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(t)!;
            for (var i = 0; i < 2; i++) list.Add(ValueOf(t.GetGenericArguments()[0], n, where + "[]"));
            return list;
        }
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>) && t.GetGenericArguments()[0] == typeof(string))
        {
            var dictionary = (IDictionary)Activator.CreateInstance(t)!;
            for (var i = 0; i < 2; i++) dictionary.Add($"k{n.Next()}", ValueOf(t.GetGenericArguments()[1], n, where + "[]"));
            return dictionary;
        }
        if (t.IsClass && t.Namespace is "ChiBo.Bot.Storage" or "ChiBo.Core.Meetings" && t.GetConstructor(Type.EmptyTypes) is not null) return Filled(t, n);
        throw new InvalidOperationException($"{where} is a {t.Name}: give it a value here and a line in the hand-written mapping");
    }
}
