using ChiBo.Bot.Tests.Harness;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>Who spoke: an optional typed answer in the attendance step ("phát biểu 1 3 5 7"), kept on the posted record.</summary>
public sealed class SpeakersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_secretary_records_who_spoke_and_an_absent_member_cannot_have_spoken()
    {
        await using var s = await AtAttendanceAsync();
        var secretary = TestUsers.Binh;

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

    [Fact]
    public async Task The_secretary_taps_who_spoke_and_a_forged_or_absent_tap_changes_nothing()
    {
        await using var s = await AtAttendanceAsync();
        var secretary = TestUsers.Binh;

        await s.PressAsync(secretary, "🗣 Ghi người phát biểu");
        var picker = s.Prompt(secretary);
        Assert.Contains("🗣 Những đồng chí đã phát biểu ý kiến trong buổi họp (không bắt buộc)", picker.Text);
        Assert.DoesNotContain(picker.AllButtons, b => b.Text.StartsWith("3. ", StringComparison.Ordinal)); // absent: cannot have spoken
        await s.PressAsync(secretary, "5. Hoàng Văn Minh");
        await s.PressAsync(secretary, "1. Trần Thị Bình");
        await s.PressAsync(secretary, "2. Lê Văn Cường");
        await s.PressAsync(secretary, "2. Lê Văn Cường"); // tapped again: taken off
        Assert.Contains("Phát biểu ý kiến (2): 1, 5", s.Prompt(secretary).Text);

        var version = s.Review()!.Version;
        var forged = s.Prompt(secretary).Button("1. Trần Thị Bình").Data!.Replace(":s:", ":s:9", StringComparison.Ordinal);
        var press = s.Emulator.PressButton(secretary, secretary.Id, s.Prompt(secretary).MessageId, forged, allowMissingButton: true);
        await s.Emulator.WaitUntilProcessedAsync(press);
        Assert.Equal("Nút này không hợp lệ.", s.Emulator.ToastFor(press));
        Assert.Equal(version, s.Review()!.Version);

        await s.PressAsync(secretary, "Xong phần phát biểu");
        Assert.Contains("Phát biểu ý kiến (2): 1, 5", s.Prompt(secretary).Text);
        Assert.Contains("Bước 2/6 · Điểm danh", s.Prompt(secretary).Text);
        Assert.Equal(["Trần Thị Bình", "Hoàng Văn Minh"], s.Review()!.Record.Speakers.Select(id => s.Db.Members.FindById(id).Name));
        Assert.False(s.Review()!.PickingSpeakers);
    }

    /// <summary>Bình's November review at the attendance step: everyone present but no. 3, absent without reason.</summary>
    private async Task<CellScenario> AtAttendanceAsync()
    {
        var s = await CellScenario.StartAsync(output: output);
        await s.PrivateAsync(TestUsers.Binh, "/danhgia");
        await s.PrivateAsync(TestUsers.Binh, "03/11/2026 14:00-16:00");
        await s.PrivateAsync(TestUsers.Binh, "tất cả có mặt");
        await s.PrivateAsync(TestUsers.Binh, "vắng không lý do 3");
        return s;
    }
}
