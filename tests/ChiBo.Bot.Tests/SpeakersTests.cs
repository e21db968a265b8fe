using ChiBo.Bot.Tests.Harness;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>Who spoke: an optional typed answer in the attendance step ("phát biểu 1 3 5 7"), kept on the posted record.</summary>
public sealed class SpeakersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_secretary_records_who_spoke_and_an_absent_member_cannot_have_spoken()
    {
        await using var s = await CellScenario.StartAsync(output: output);
        var secretary = TestUsers.Binh;
        await s.PrivateAsync(secretary, "/danhgia");
        await s.PrivateAsync(secretary, "03/11/2026 14:00-16:00");
        await s.PrivateAsync(secretary, "tất cả có mặt");
        await s.PrivateAsync(secretary, "vắng không lý do 3");

        await s.PrivateAsync(secretary, "phát biểu 1 3 5");
        Assert.Contains("Đồng chí số 3 (Nguyễn Văn Dũng) đang được ghi là vắng không lý do, nên không ghi phát biểu được.", s.Emulator.MessagesIn(secretary.Id)[^2].Text + s.Prompt(secretary).Text);
        Assert.Empty(s.Review()!.Record.Speakers);

        await s.PrivateAsync(secretary, "phát biểu 7, 1 5 5");
        Assert.Contains("Phát biểu ý kiến (3): 1, 5, 7", s.Prompt(secretary).Text);
        var ids = s.Review()!.Record.Speakers;
        Assert.Equal(["Trần Thị Bình", "Hoàng Văn Minh", "Đặng Văn Nam"], ids.Select(id => s.Db.Members.FindById(id).Name));

        await s.PrivateAsync(secretary, "vắng có lý do 5");
        await s.PrivateAsync(secretary, "ốm");
        Assert.Equal(2, s.Review()!.Record.Speakers.Count);
    }
}
