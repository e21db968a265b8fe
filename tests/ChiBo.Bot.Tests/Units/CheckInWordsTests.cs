using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Meetings;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Units;

/// <summary>Members' natural answers during an open check-in (issue 9); other group talk is not an answer.</summary>
public sealed class CheckInWordsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("có", AttendanceStatus.Present, null)]
    [InlineData("Có mặt", AttendanceStatus.Present, null)]
    [InlineData("có mặt ạ", AttendanceStatus.Present, null)]
    [InlineData("Em có mặt", AttendanceStatus.Present, null)]
    [InlineData("Tôi có mặt rồi ạ!", AttendanceStatus.Present, null)]
    [InlineData("vắng", AttendanceStatus.AbsentUnexplained, null)]
    [InlineData("vắng có lý do", AttendanceStatus.AbsentUnexplained, null)]
    [InlineData("Vắng: đi công tác tỉnh", AttendanceStatus.AbsentWithReason, "đi công tác tỉnh")]
    [InlineData("xin phép vắng vì ốm", AttendanceStatus.AbsentWithReason, "ốm")]
    [InlineData("Em xin phép vắng vì con ốm ạ", AttendanceStatus.AbsentWithReason, "con ốm ạ")]
    [InlineData("vắng có lý do: họp tổ dân phố", AttendanceStatus.AbsentWithReason, "họp tổ dân phố")]
    public void A_natural_answer_is_read(string text, AttendanceStatus status, string? reason)
    {
        Assert.Equal(new CheckInWords.Parsed(status, reason), CheckInWords.Parse(text));
    }

    [Theory]
    [InlineData("Họp xong nhớ nộp đảng phí nhé")]
    [InlineData("có ai mang máy chiếu không?")]
    [InlineData("cô Hoa đến chưa")]
    [InlineData("ok")]
    public void Other_group_talk_is_not_an_answer(string text)
    {
        Assert.Null(CheckInWords.Parse(text));
    }

    [Fact]
    public async Task During_an_open_check_in_natural_answers_count_and_other_talk_is_ignored()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        await s.InGroupAsync(TestUsers.Binh, "/diemdanh");
        var before = s.Emulator.MessagesIn(CellScenario.GroupId).Count;

        await s.InGroupAsync(TestUsers.Binh, "Em có mặt");
        await s.InGroupAsync(TestUsers.Cuong, "xin phép vắng vì ốm");
        await s.InGroupAsync(TestUsers.Cuong, "có ai mang máy chiếu không?");

        var answers = s.Db.CheckIns.FindAll().Single().Answers.OrderBy(a => a.MemberId).Select(a => (a.Status, a.Reason)).ToList();
        Assert.Equal([(AttendanceStatus.Present, null), (AttendanceStatus.AbsentWithReason, "ốm")], answers);
        var replies = s.Emulator.MessagesIn(CellScenario.GroupId).Skip(before).Where(m => m.Text.StartsWith("Đã ghi", StringComparison.Ordinal)).Select(m => m.Text).ToList();
        Assert.Equal(2, replies.Count); // the question about the projector got no answer
        Assert.StartsWith("Đã ghi: đồng chí Lê Văn Cường vắng có lý do (ốm).", replies[1], StringComparison.Ordinal);
    }
}
