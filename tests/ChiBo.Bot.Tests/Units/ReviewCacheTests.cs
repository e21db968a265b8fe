using System.Collections;
using System.Reflection;
using ChiBo.Bot.Storage;
using ChiBo.Core.Meetings;

namespace ChiBo.Bot.Tests.Units;

/// <summary>Reviews kept in memory (<see cref="ReviewCache"/>) always match the file: a rolled-back batch or a change to a
/// copy that was never saved leaves nothing in memory that was not committed; the copies handed out share nothing with what
/// memory keeps; and of a review's two documents, the member lists are written only when they changed.</summary>
public sealed class ReviewCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "chibo-tests", $"reviews-{Guid.NewGuid():N}");
    private Database _db;

    public ReviewCacheTests()
    {
        Directory.CreateDirectory(_dir);
        _db = new Database(Path.Combine(_dir, "chibo.db"), null);
        _db.InTransaction(() =>
        {
            _db.SaveReview(Review("1:2026-10", ReviewStatus.InProgress, "telegram:1"));
            _db.SaveReview(Review("1:2026-09", ReviewStatus.Posted, "telegram:1"));
            _db.SaveReview(Review("2:2026-10", ReviewStatus.InProgress, "telegram:2"));
        });
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void An_officer_s_open_reviews_are_read_from_the_file_once_then_from_memory_as_they_are_saved()
    {
        Assert.Equal(["1:2026-10"], Open("telegram:1"));
        var loads = _db.ReviewLoads;
        _db.InTransaction(() =>
        {
            var posted = _db.Review("1:2026-09")!;
            posted.ReopenOffered = true;
            _db.SaveReview(posted);
            var taken = _db.Review("2:2026-10")!; // another officer takes a review over
            taken.OperatorKey = "telegram:1";
            _db.SaveReview(taken);
        });

        Assert.Equal(["1:2026-09", "1:2026-10", "2:2026-10"], Open("telegram:1"));
        Assert.Empty(Open("telegram:2"));
        Assert.Equal(["1:2026-09", "1:2026-10", "2:2026-10"], Stored("telegram:1"));
        Assert.True(_db.ReviewLoads <= loads + 2, "the saved reviews were read from the file again"); // two first reads by id
        var after = _db.ReviewLoads;
        Assert.Equal(["1:2026-09", "1:2026-10", "2:2026-10"], Open("telegram:1"));
        Assert.Equal(after, _db.ReviewLoads);
    }

    [Fact]
    public void A_rolled_back_batch_leaves_the_reviews_as_the_file_has_them()
    {
        Assert.Throws<InvalidOperationException>(() => _db.InTransaction(() =>
        {
            var doc = _db.Review("1:2026-10")!;
            doc.Step = ReviewStep.Summary;
            doc.Record.Scores["1"] = 5;
            doc.Record.Attendance[0].Status = AttendanceStatus.Present;
            _db.SaveReview(doc);
            Assert.Equal(ReviewStep.Summary, _db.Review("1:2026-10")!.Step); // memory holds what is not committed
            throw new InvalidOperationException("a flow failed");
        }));

        var again = _db.InTransaction(() => _db.Review("1:2026-10")!);
        Assert.Equal(ReviewStep.Attendance, again.Step);
        Assert.Empty(again.Record.Scores);
        Assert.Equal(AttendanceStatus.Unknown, again.Record.Attendance[0].Status);
        var (review, members) = StoredDocuments("1:2026-10"); // both documents as the last commit left them
        Assert.Equal("Attendance", review["Step"].AsString);
        Assert.Empty(review["Record"]["Scores"].AsDocument.Keys);
        Assert.Equal("Unknown", members!["Attendance"][0]["Status"].AsString);
    }

    [Fact]
    public void After_a_rollback_the_same_change_saved_again_writes_the_member_lists()
    {
        void MarkPresent()
        {
            var doc = _db.Review("1:2026-10")!;
            doc.Record.Attendance[0].Status = AttendanceStatus.Present;
            _db.SaveReview(doc);
        }
        Assert.Throws<InvalidOperationException>(() => _db.InTransaction(() =>
        {
            MarkPresent();
            throw new InvalidOperationException("a flow failed");
        }));

        _db.InTransaction(MarkPresent); // the lists memory saw written were rolled back: they are written again

        Assert.Equal("Present", StoredDocuments("1:2026-10").Members!["Attendance"][0]["Status"].AsString);
    }

    [Fact]
    public void A_score_writes_the_review_alone_and_an_attendance_answer_writes_its_member_lists()
    {
        Answer(_ => { }); // read from the file: its first save writes both documents
        var writes = _db.ReviewMemberWrites;

        Answer(d => d.Record.Scores["1"] = 2.5m);
        Answer(d => d.Record.ScoreNotes["1"] = "ghi chú");
        Assert.Equal(writes, _db.ReviewMemberWrites);

        Answer(d => d.Record.Attendance[0].Status = AttendanceStatus.AbsentWithReason);
        Assert.Equal(writes + 1, _db.ReviewMemberWrites);
        Answer(d => d.Record.Dues = [new DuesEntry { MemberId = 1, Name = "Nguyễn Văn An", Amount = 20000, Paid = true }]);
        Assert.Equal(writes + 2, _db.ReviewMemberWrites);
        Answer(d => d.Record.Scores["2"] = 1);
        Assert.Equal(writes + 2, _db.ReviewMemberWrites);

        var (review, members) = StoredDocuments("1:2026-10");
        Assert.False(review["Record"].AsDocument.ContainsKey("Attendance"));
        Assert.False(review["Record"].AsDocument.ContainsKey("Dues"));
        Assert.Equal(2.5m, review["Record"]["Scores"]["1"].AsDecimal);
        Assert.Equal("AbsentWithReason", members!["Attendance"][0]["Status"].AsString);
        Assert.True(members["Dues"][0]["Paid"].AsBoolean);
        var read = _db.InTransaction(() => _db.Review("1:2026-10")!);
        Assert.Equal(AttendanceStatus.AbsentWithReason, read.Record.Attendance[0].Status);
        Assert.True(read.Record.Dues[0].Paid);
    }

    [Fact]
    public void A_score_keeps_the_member_lists_memory_already_held_and_a_copy_handed_out_still_shares_nothing()
    {
        Answer(_ => { }); // read from the file: its first save writes both documents
        var before = _db.KeptReview("1:2026-10")!;

        Answer(d => d.Record.Scores["1"] = 2.5m);
        var scored = _db.KeptReview("1:2026-10")!;
        Assert.NotSame(before, scored);
        Assert.Equal(2.5m, scored.Record.Scores["1"]);
        Assert.Same(before.Record.Attendance, scored.Record.Attendance); // what did not change is not copied again
        Assert.Same(before.Record.Dues, scored.Record.Dues);

        Answer(d => d.Record.Attendance[0].Status = AttendanceStatus.Present);
        var marked = _db.KeptReview("1:2026-10")!;
        Assert.NotSame(scored.Record.Attendance, marked.Record.Attendance);
        Assert.Equal(AttendanceStatus.Present, marked.Record.Attendance[0].Status);
        Assert.Equal(AttendanceStatus.Unknown, scored.Record.Attendance[0].Status); // the older copy was not changed in place

        var handed = _db.InTransaction(() => _db.Review("1:2026-10")!);
        AssertNothingShared(marked, handed, "ReviewDoc");
    }

    [Fact]
    public void Changing_a_review_that_was_read_changes_nothing_until_it_is_saved()
    {
        _db.InTransaction(() =>
        {
            var doc = _db.Review("1:2026-10")!;
            doc.Status = ReviewStatus.Cancelled;
            doc.Record.Attendance[0].Status = AttendanceStatus.Present;
            doc.Record.Scores["2"] = 3;
        });

        var again = _db.InTransaction(() => _db.Review("1:2026-10")!);
        Assert.Equal(ReviewStatus.InProgress, again.Status);
        Assert.Equal(AttendanceStatus.Unknown, again.Record.Attendance[0].Status);
        Assert.Empty(again.Record.Scores);
        Assert.Equal(["1:2026-10"], Open("telegram:1"));
    }

    [Fact]
    public void A_copy_shares_no_list_dictionary_or_object_with_the_review_it_was_made_from()
    {
        var doc = Review("1:2026-10", ReviewStatus.InProgress, "telegram:1");
        doc.PendingReasons = [1];
        doc.PendingScores = new() { ["1"] = 2 };
        doc.OverrideReasons = ["3"];
        var r = doc.Record;
        r.Dues = [new DuesEntry { MemberId = 1, Name = "An", Amount = 20000 }];
        r.Scores["1"] = 2;
        r.ScoreNotes["1"] = "ghi chú";
        r.Suggested["1"] = 3;
        r.Tasks = [new TaskItem { Who = "An", What = "Việc" }];
        r.FollowUps = [new TaskItem { Who = "Bình", What = "Việc cũ" }];
        r.Speakers = [1];

        var copy = doc.Clone();

        Assert.Equal(LiteDB.BsonMapper.Global.ToDocument(doc).ToString(), LiteDB.BsonMapper.Global.ToDocument(copy).ToString());
        AssertNothingShared(doc, copy, "ReviewDoc");
    }

    /// <summary>Every reference (but strings) reachable from <paramref name="a"/> is a different object in <paramref name="b"/>:
    /// a list or object added to the review later and not copied by Clone fails here.</summary>
    private static void AssertNothingShared(object a, object b, string path)
    {
        foreach (var p in a.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var (x, y) = (p.GetValue(a), p.GetValue(b));
            if (x is null || x is string || x.GetType().IsValueType) continue;
            Assert.False(ReferenceEquals(x, y), $"{path}.{p.Name} is shared by the copy");
            if (x is IDictionary) continue; // keys and values are strings and numbers
            if (x is IList list)
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item && !item.GetType().IsValueType && item is not string)
                        AssertNothingShared(item, ((IList)y!)[i]!, $"{path}.{p.Name}[{i}]");
                }
            else AssertNothingShared(x, y!, $"{path}.{p.Name}");
        }
    }

    /// <summary>One answer to review 1:2026-10, saved in its own transaction as the flow saves it.</summary>
    private void Answer(Action<ReviewDoc> change) => _db.InTransaction(() =>
    {
        var doc = _db.Review("1:2026-10")!;
        change(doc);
        doc.Version++;
        _db.SaveReview(doc);
    });

    /// <summary>The review's two documents as the file holds them (the database closed, read with LiteDB alone, and opened again).</summary>
    private (LiteDB.BsonDocument Review, LiteDB.BsonDocument? Members) StoredDocuments(string id)
    {
        _db.Dispose();
        (LiteDB.BsonDocument, LiteDB.BsonDocument?) stored;
        using (var file = new LiteDB.LiteDatabase(Path.Combine(_dir, "chibo.db")))
            stored = (file.GetCollection("reviews").FindById(id), file.GetCollection("review_members").FindById(id));
        _db = new Database(Path.Combine(_dir, "chibo.db"), null);
        return stored;
    }

    private List<string> Open(string operatorKey) => _db.InTransaction(() => _db.OpenReviews(operatorKey).Select(r => r.Id).Order().ToList());

    private List<string> Stored(string operatorKey) =>
        _db.AllReviews().Where(r => r.OperatorKey == operatorKey && (r.Status == ReviewStatus.InProgress || r.ReopenOffered)).Select(r => r.Id).Order().ToList();

    private static ReviewDoc Review(string id, ReviewStatus status, string operatorKey) => new()
    {
        Id = id, CellId = int.Parse(id.Split(':')[0]), Year = 2026, Month = 10, Status = status, Step = ReviewStep.Attendance, OperatorKey = operatorKey,
        Record = new MeetingRecord { Attendance = [new AttendanceEntry { MemberId = 1, Name = "Nguyễn Văn An" }] },
    };
}
