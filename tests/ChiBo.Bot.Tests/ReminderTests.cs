using ChiBo.Bot.Scheduling;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Emulator;
using ChiBo.Bot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>The hosted reminder scheduler, driven by a fake clock: each reminder exactly once, across restarts.</summary>
public sealed class ReminderTests(ITestOutputHelper output)
{
    private const long Group = CellSeed.GroupId;
    private const string DayBefore = "🔔 NHẮC LỊCH SINH HOẠT CHI BỘ";
    private const string HourBefore = "🔔 Còn khoảng 1 giờ nữa";
    private const string Unreviewed = "🔔 Buổi sinh hoạt tháng 11/2026 của Chi bộ Khu phố 3 (ngày 03/11/2026) chưa được đánh giá.";
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    [Fact]
    public async Task The_day_before_hour_before_and_morning_after_reminders_go_out_once_each_across_restarts()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, clock) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 10, 30, 9, 0, 0), output);
        await using var _bot = bot;
        CellSeed.Create(bot, "Chi bộ Khu phố 3", [new("Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary), new("Lê Văn Cường", TestUsers.Cuong)]);
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/thongbao 03/11/2026 14:00\nHội trường khu phố 3\nKiểm điểm công tác tháng 10");
        Assert.Equal(1, Count(emu, Group, "📢 THÔNG BÁO SINH HOẠT CHI BỘ"));

        await MoveToAsync(bot, clock, new DateTime(2026, 11, 2, 13, 59, 0));
        Assert.Equal((0, 0, 0), Reminded(emu));

        await MoveToAsync(bot, clock, new DateTime(2026, 11, 2, 14, 0, 0));
        Assert.Equal((1, 0, 0), Reminded(emu));
        Assert.Equal(DayBefore + "\nChi bộ Khu phố 3 sinh hoạt lúc 14:00, Thứ Ba 03/11/2026 tại Hội trường khu phố 3.\nNội dung:\n1. Kiểm điểm công tác tháng 10\n\n"
            + "Đề nghị các đồng chí sắp xếp tham dự đầy đủ, đúng giờ; nếu vắng, hãy báo lý do với chi bộ.", emu.LastMessageIn(Group)!.Text);

        await bot.RestartAsync();
        await MoveToAsync(bot, clock, new DateTime(2026, 11, 3, 12, 59, 0));
        Assert.Equal((1, 0, 0), Reminded(emu));
        await MoveToAsync(bot, clock, new DateTime(2026, 11, 3, 13, 0, 0));
        Assert.Equal((1, 1, 0), Reminded(emu));
        Assert.Equal(HourBefore + ": Chi bộ Khu phố 3 sinh hoạt lúc 14:00, Thứ Ba 03/11/2026 tại Hội trường khu phố 3.", emu.LastMessageIn(Group)!.Text);
        await MoveToAsync(bot, clock, new DateTime(2026, 11, 4, 7, 59, 0));
        Assert.Equal((1, 1, 0), Reminded(emu));

        // The bot is down when the morning-after reminder falls due: it goes out at the first check after the restart.
        await bot.StopAsync();
        clock.Advance(TimeSpan.FromHours(2));
        await bot.StartAsync();
        await bot.Services.GetRequiredService<Reminders>().WaitUntilCheckedAsync(clock.GetUtcNow()).WaitAsync(emu.DefaultTimeout);
        Assert.Equal((1, 1, 1), Reminded(emu));
        Assert.Equal($"{Unreviewed} Đồng chí gõ /danhgia 11/2026 để ghi điểm danh, đảng phí và chấm điểm.", emu.LastMessageIn(TestUsers.Binh.Id)!.Text);

        await bot.RestartAsync();
        await MoveToAsync(bot, clock, new DateTime(2026, 11, 6, 9, 0, 0));
        Assert.Equal((1, 1, 1), Reminded(emu));
        var notice = bot.Db().Notices.FindAll().Single();
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 14, 0, 0, Vietnam), notice.DayBeforeDoneAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 13, 0, 0, Vietnam), notice.HourBeforeDoneAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 4, 9, 59, 0, Vietnam), notice.MorningAfterDoneAt);
        Assert.Empty(bot.Db().Outbox.FindAll());
    }

    [Fact]
    public async Task A_late_notice_gets_no_day_before_reminder_and_a_reviewed_meeting_no_morning_after_reminder()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, clock) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 11, 2, 20, 0, 0), output);
        await using var _bot = bot;
        var cell = CellSeed.Create(bot, "Chi bộ Khu phố 3", [new("Trần Thị Bình", TestUsers.Binh, OfficerRole.Secretary)]);
        await emu.SendTextAndWaitAsync(TestUsers.Binh, Group, "/thongbao 03/11/2026 14:00\nHội trường khu phố 3\nKiểm điểm công tác tháng 10");
        // 20:00 the evening before is "trước ít nhất 01 ngày" (criterion 3 counts days), but too late for the day-before reminder.
        Assert.DoesNotContain("⚠️ Thông báo gửi ngay trong ngày họp", emu.LastMessageIn(Group)!.Text, StringComparison.Ordinal);

        await MoveToAsync(bot, clock, new DateTime(2026, 11, 3, 13, 0, 0));
        Assert.Equal((0, 1, 0), Reminded(emu));

        bot.Db().Records.Insert(new PostedRecord { Id = $"{cell.Id}:2026-11", CellId = cell.Id, Year = 2026, Month = 11, Total = 92, Rating = "Tốt" });
        await MoveToAsync(bot, clock, new DateTime(2026, 11, 5, 9, 0, 0));
        Assert.Equal((0, 1, 0), Reminded(emu));
        Assert.Empty(emu.MessagesIn(TestUsers.Binh.Id));
        Assert.NotNull(bot.Db().Notices.FindAll().Single().MorningAfterDoneAt);
    }

    [Fact]
    public async Task Without_a_linked_secretary_the_morning_after_reminder_goes_to_the_group_and_stale_reminders_are_passed_over()
    {
        await using var emu = await TelegramEmulator.StartAsync();
        var (bot, clock) = await CellSeed.StartOnFakeClockAsync(emu, new DateTime(2026, 10, 30, 9, 0, 0), output);
        await using var _bot = bot;
        CellSeed.Create(bot, "Chi bộ Khu phố 3", [new("Trần Thị Bình", Role: OfficerRole.Secretary), new("Lê Văn Cường", TestUsers.Cuong, OfficerRole.MinuteTaker)]);
        await emu.SendTextAndWaitAsync(TestUsers.Cuong, Group, "/thongbao 03/11/2026 14:00\nHội trường khu phố 3\nKiểm điểm công tác tháng 10");

        await MoveToAsync(bot, clock, new DateTime(2026, 11, 4, 8, 0, 0));

        Assert.Equal((0, 0, 1), Reminded(emu)); // the clock jumped past the meeting: reminders for it are no use any more
        Assert.StartsWith($"Kính gửi cán bộ chi bộ: {Unreviewed}", emu.LastMessageIn(Group)!.Text, StringComparison.Ordinal);
    }

    /// <summary>Moves the fake clock to a Vietnam time and waits until the scheduler has checked at it.</summary>
    private static async Task MoveToAsync(BotUnderTest bot, FakeTimeProvider clock, DateTime local)
    {
        var target = new DateTimeOffset(local, Vietnam);
        clock.Advance(target - clock.GetUtcNow());
        // A check sends what it queued before it counts as done.
        await bot.Services.GetRequiredService<Reminders>().WaitUntilCheckedAsync(target).WaitAsync(bot.Emulator.DefaultTimeout);
    }

    /// <summary>How many day-before and hour-before reminders the group got, and morning-after reminders anywhere.</summary>
    private static (int DayBefore, int HourBefore, int MorningAfter) Reminded(TelegramEmulator emu) =>
        (Count(emu, Group, DayBefore), Count(emu, Group, HourBefore), Count(emu, Group, $"Kính gửi cán bộ chi bộ: {Unreviewed}") + Count(emu, TestUsers.Binh.Id, Unreviewed));

    private static int Count(TelegramEmulator emu, long chat, string start) =>
        emu.MessagesIn(chat).Count(m => m.Text.StartsWith(start, StringComparison.Ordinal));
}
