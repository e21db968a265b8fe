using ChiBo.Bot.Scheduling;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Tests.Harness;
using ChiBo.Core.Rubrics;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests;

/// <summary>The database file (issue #10, "Storage"): readable by its owner only, a readable line for a wrong password,
/// online backups with retention that restore every record, and re-encrypting an existing file.</summary>
public sealed class StorageTests(ITestOutputHelper output) : IDisposable
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chibo-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // CI runs on Linux, where the modes matter
    public void The_database_its_log_and_its_folder_are_readable_by_the_owner_only()
    {
        var path = Path.Combine(_directory, "data", "chibo.db");
        using (var db = new Database(path, null))
        {
            db.InTransaction(() => db.SetSetting("x", "1"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
            Assert.Equal(OwnerFile, File.GetUnixFileMode(path));
            Assert.Equal(OwnerFile, File.GetUnixFileMode(DatabaseFiles.LogPathOf(path)));
        }

        File.SetUnixFileMode(path, OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead); // a file from an older ChiBo
        using (new Database(path, null)) Assert.Equal(OwnerFile, File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData("sai-mat-khau")]
    [InlineData(null)]
    public void A_wrong_or_missing_password_is_one_readable_line(string? password)
    {
        var path = Path.Combine(_directory, "chibo.db");
        using (var db = new Database(path, "dung-mat-khau")) db.InTransaction(() => db.SetSetting("x", "1"));

        var error = Assert.Throws<StorageException>(() => new Database(path, password));

        Assert.Equal($"Không mở được cơ sở dữ liệu {path}: mật khẩu (ChiBo:Storage:Password) sai hoặc thiếu. "
            + $"/ Cannot open the database {path}: the password (ChiBo:Storage:Password) is wrong or missing.", error.Message);
    }

    [Fact]
    public async Task A_backup_taken_while_the_bot_runs_is_encrypted_and_restoring_it_brings_back_every_record()
    {
        var password = "mat-khau-du-lieu-2026";
        await using var s = await CellScenario.StartAsync(BuiltInRubrics.BacGiang2019, output, settings: new Dictionary<string, string?> { ["ChiBo:Storage:Password"] = password });
        await s.PrivateAsync(TestUsers.Binh, "/danhgia 11/2026");
        await s.PrivateAsync(TestUsers.Binh, "03/11/2026 14:00-16:30");
        var backup = s.Bot.Services.GetRequiredService<Backups>().TakeToday();
        Assert.Equal(Path.Combine(s.Bot.DataDirectory, "backups", "chibo-2026-11-10.db"), backup);
        await s.InGroupAsync(TestUsers.Admin, "/themdv Người Thêm Sau"); // after the backup: gone once it is restored
        await s.Bot.StopAsync();

        Assert.Throws<StorageException>(() => DatabaseFiles.Open(backup, null).Dispose()); // encrypted like the database
        var options = new ChiBoOptions { Storage = new StorageOptions { Path = s.Bot.DatabasePath, Password = password } };
        var said = new StringWriter();
        Assert.Equal(0, StorageCommands.Run("restore", backup, options, TimeProvider.System, said, said));

        using (var restored = DatabaseFiles.Open(s.Bot.DatabasePath, password))
        using (var copy = DatabaseFiles.Open(backup, password))
        {
            Assert.Null(DatabaseFiles.Difference(restored, copy));
            Assert.Equal(10, restored.GetCollection("members").Count());
            Assert.Equal(1, restored.GetCollection("reviews").Count());
        }
        Assert.Single(Directory.GetFiles(s.Bot.DataDirectory, "chibo.db.before-restore-*"));
        await s.Bot.StartAsync();
        Assert.Contains("Bước 2/6", (await ResumeAsync(s)).Text, StringComparison.Ordinal); // the review resumes where the backup had it
    }

    private static async Task<Emulator.BotMessage> ResumeAsync(CellScenario s)
    {
        await s.PrivateAsync(TestUsers.Binh, "/danhgia 11/2026");
        return s.Prompt(TestUsers.Binh);
    }

    [Fact]
    public void Backups_keep_the_last_daily_copies_and_the_first_copy_of_recent_months()
    {
        Directory.CreateDirectory(_directory);
        var today = new DateOnly(2026, 11, 10);
        for (var day = new DateOnly(2026, 8, 20); day <= today; day = day.AddDays(1)) File.WriteAllText(Path.Combine(_directory, $"chibo-{day:yyyy-MM-dd}.db"), "");
        File.WriteAllText(Path.Combine(_directory, "chibo-notes.db"), ""); // not a copy: left alone

        Backups.Prune(_directory, "chibo", today, daily: 7, monthly: 3);

        var left = Directory.GetFiles(_directory).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(
            ["chibo-2026-09-01.db", "chibo-2026-10-01.db", "chibo-2026-11-01.db",
             "chibo-2026-11-04.db", "chibo-2026-11-05.db", "chibo-2026-11-06.db", "chibo-2026-11-07.db", "chibo-2026-11-08.db", "chibo-2026-11-09.db", "chibo-2026-11-10.db",
             "chibo-notes.db"],
            left);
    }

    [Fact]
    public void Rekey_encrypts_a_plain_database_keeps_the_old_file_and_the_new_one_holds_every_record()
    {
        var path = Path.Combine(_directory, "chibo.db");
        using (var db = new Database(path, null))
            db.InTransaction(() => { db.SetSetting("telegram:offset", "42"); db.Cells.Insert(new Cell { Name = "Chi bộ Khu phố 3", ChatKey = "telegram:-1" }); });
        var options = new ChiBoOptions { Storage = new StorageOptions { Path = path, Password = null, NewPassword = "mat-khau-moi-2026" } };
        var said = new StringWriter();

        Assert.Equal(0, StorageCommands.Run("rekey", null, options, TimeProvider.System, said, said));

        Assert.Throws<StorageException>(() => new Database(path, null).Dispose());
        var kept = Assert.Single(Directory.GetFiles(_directory, "chibo.db.before-rekey-*"));
        Assert.Contains(kept, said.ToString(), StringComparison.Ordinal);
        using (var encrypted = DatabaseFiles.Open(path, "mat-khau-moi-2026"))
        using (var old = DatabaseFiles.Open(kept, null))
            Assert.Null(DatabaseFiles.Difference(encrypted, old));
        using var reopened = new Database(path, "mat-khau-moi-2026");
        Assert.Equal("42", reopened.GetSetting("telegram:offset"));
        Assert.Equal("Chi bộ Khu phố 3", reopened.Cells.FindAll().Single().Name);
    }

    [Fact]
    public void The_backup_command_copies_the_database_into_the_backup_folder_and_refuses_a_missing_file()
    {
        var path = Path.Combine(_directory, "chibo.db");
        var options = new ChiBoOptions { Storage = new StorageOptions { Path = path, Password = "mat-khau-2026" } };
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 3, 0, 0, TimeSpan.Zero));
        var said = new StringWriter();

        Assert.Equal(2, StorageCommands.Run("backup", null, options, clock, said, said));
        Assert.False(File.Exists(path));

        using (var db = new Database(path, "mat-khau-2026")) db.InTransaction(() => db.SetSetting("telegram:offset", "42"));
        Assert.Equal(0, StorageCommands.Run("backup", null, options, clock, said, said));
        using var copy = new Database(Path.Combine(_directory, "backups", "chibo-2026-11-10.db"), "mat-khau-2026");
        Assert.Equal("42", copy.GetSetting("telegram:offset"));
    }

    [Fact]
    public void The_daily_backup_waits_five_minutes_after_a_start_so_the_first_updates_go_first()
    {
        var path = Path.Combine(_directory, "chibo.db");
        var options = Microsoft.Extensions.Options.Options.Create(new ChiBoOptions { Storage = new StorageOptions { Path = path } });
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 19, 30, 0, TimeSpan.FromHours(7)));
        using var db = new Database(path, null);
        var logs = new LogCapture { Output = output };
        var backups = new Backups(db, new Clock(time, options), time, options, new Microsoft.Extensions.Logging.Logger<Backups>(new Microsoft.Extensions.Logging.LoggerFactory([logs])));

        time.Advance(Backups.StartDelay - TimeSpan.FromSeconds(1));
        Assert.Null(backups.CheckNow()); // 19:34 is past 03:00 and today's copy is missing, but the bot has just started
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Path.Combine(_directory, "backups", "chibo-2026-11-10.db"), backups.CheckNow());
        Assert.True(File.Exists(Path.Combine(_directory, "backups", "chibo-2026-11-10.db")));
        Assert.Null(backups.CheckNow()); // once a day
    }
}
