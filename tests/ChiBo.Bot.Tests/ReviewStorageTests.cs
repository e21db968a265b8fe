using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Rubrics;
using LiteDB;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>
/// A review is stored as two documents (<see cref="ReviewMapping"/>): the review, written with every answer, and its member
/// lists (attendance, dues), written only when they change. Through the real bot: the lists survive a restart at every
/// step, a score does not write them again, and a file written before the split (one document) carries on.
/// </summary>
public sealed class ReviewStorageTests(ITestOutputHelper output)
{
    private static readonly Rubric BacGiang = CellScenario.Rubric(BuiltInRubrics.BacGiang2019);

    [Fact]
    public async Task The_member_lists_survive_a_restart_at_every_step()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var u = TestUsers.Binh;
        async Task RestartAt(ReviewStep step)
        {
            var before = s.Review()!;
            Assert.Equal(step, before.Step);
            await s.Bot.RestartAsync();
            var after = s.Review()!;
            Assert.Equal(Whole(before), Whole(after));
            Assert.Equal(10, after.Record.Attendance.Count);
            Assert.Equal(10, after.Record.Dues.Count);
        }

        await s.PrivateAsync(u, "/danhgia 11/2026");
        await RestartAt(ReviewStep.Meeting);
        await s.PrivateAsync(u, "03/11/2026 14:00-16:30");
        await s.PrivateAsync(u, "tất cả có mặt");
        await s.PrivateAsync(u, "vắng có lý do 5");
        await RestartAt(ReviewStep.Attendance); // asking for 5's reason
        Assert.Contains("Lý do vắng của 5. Hoàng Văn Minh?", s.Prompt(u).Text, StringComparison.Ordinal);
        await s.PrivateAsync(u, "Đi công tác");
        await s.PrivateAsync(u, "xong");
        await s.PrivateAsync(u, "tất cả đã nộp");
        await s.PrivateAsync(u, "chưa nộp 4");
        await RestartAt(ReviewStep.Dues);
        await s.PrivateAsync(u, "xong");
        foreach (var c in BacGiang.Criteria.Take(3)) await ReviewTests.Score(s, u, c, ReviewTests.BacGiang.For(c), buttonsOnly: false);
        await RestartAt(ReviewStep.Criteria);
        Assert.Equal(ReviewTests.AttendanceLine, s.Review()!.Record.SummarizeAttendance().Line);
        foreach (var c in BacGiang.Criteria.Skip(3)) await ReviewTests.Score(s, u, c, ReviewTests.BacGiang.For(c), buttonsOnly: false);
        await RestartAt(ReviewStep.Conclusion);
        await s.PrivateAsync(u, "Chi bộ thống nhất tập trung thu đảng phí đúng hạn và chuẩn bị tổng kết năm.");
        await s.PrivateAsync(u, "3 | Hoàn thiện báo cáo quý | 15/12");
        await RestartAt(ReviewStep.Tasks);
        await s.PrivateAsync(u, "xong");
        await RestartAt(ReviewStep.Summary);
        await s.PrivateAsync(u, "xác nhận");
        await RestartAt(ReviewStep.Posted);

        ReviewTests.AssertPosted(s, ReviewTests.BacGiang, buttonsOnly: false);
    }

    [Fact]
    public async Task A_score_does_not_write_the_member_lists_again_and_an_attendance_answer_does()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var u = TestUsers.Binh;
        await s.PrivateAsync(u, "/danhgia 11/2026");
        await s.PrivateAsync(u, "03/11/2026 14:00-16:30");
        var writes = s.Db.ReviewMemberWrites;
        await s.PrivateAsync(u, "tất cả có mặt");
        Assert.Equal(writes + 1, s.Db.ReviewMemberWrites);
        await s.PrivateAsync(u, "xong");
        await s.PrivateAsync(u, "tất cả đã nộp");
        await s.PrivateAsync(u, "xong");

        writes = s.Db.ReviewMemberWrites;
        foreach (var c in BacGiang.Criteria) await ReviewTests.Score(s, u, c, ReviewTests.Pick.Max, buttonsOnly: false);
        Assert.Contains("Bước 5/6 · Kết luận", s.Prompt(u).Text, StringComparison.Ordinal);
        Assert.Equal(writes, s.Db.ReviewMemberWrites); // 25 answers, the review written alone each time
        Assert.Equal(BacGiang.Criteria.Count, s.Review()!.Record.Scores.Count);
    }

    [Fact]
    public async Task A_review_written_in_one_document_before_the_split_carries_on_and_is_posted_whole()
    {
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output);
        var u = TestUsers.Binh;
        await s.PrivateAsync(u, "/danhgia 11/2026");
        await ReviewTests.WalkByTypingUntilCriteria(s, u);
        foreach (var c in BacGiang.Criteria.Take(12)) await ReviewTests.Score(s, u, c, ReviewTests.BacGiang.For(c), buttonsOnly: false);
        var id = s.Review()!.Id;
        await s.Bot.StopAsync();
        ReviewDoc review;
        using (var db = new Database(s.Bot.DatabasePath, null)) review = db.Review(id)!;
        var reflection = new BsonMapper(); // LiteDB's own mapper, as the bot wrote reviews before: lists inside the record
        Bson.RegisterValueTypes(reflection);
        using (var file = new LiteDatabase(s.Bot.DatabasePath, reflection))
        {
            file.GetCollection<ReviewDoc>("reviews").Upsert(review);
            Assert.True(file.GetCollection("review_members").Delete(id));
        }

        await s.Bot.StartAsync();

        Assert.Equal(Whole(review), Whole(s.Review()!));
        await s.PrivateAsync(u, "/danhgia");
        Assert.Contains($"tiêu chí 13/{BacGiang.Criteria.Count}", s.Prompt(u).Text, StringComparison.Ordinal);
        foreach (var c in BacGiang.Criteria.Skip(12)) await ReviewTests.Score(s, u, c, ReviewTests.BacGiang.For(c), buttonsOnly: false);
        await ReviewTests.FinishAsync(s, u, buttonsOnly: false);
        ReviewTests.AssertPosted(s, ReviewTests.BacGiang, buttonsOnly: false); // the attendance and dues lines of the old document
        Assert.Equal(10, s.Posted()!.Record.Attendance.Count);
        await s.Bot.StopAsync();
        using (var file = new LiteDatabase(s.Bot.DatabasePath))
        {
            Assert.False(file.GetCollection("reviews").FindById(id)["Record"].AsDocument.ContainsKey("Attendance")); // split at its next save
            Assert.Equal(10, file.GetCollection("review_members").FindById(id)["Attendance"].AsArray.Count);
        }
    }

    /// <summary>Every property of a review, lists included, as text.</summary>
    private static string Whole(ReviewDoc review) => BsonMapper.Global.ToDocument(review).ToString();
}
