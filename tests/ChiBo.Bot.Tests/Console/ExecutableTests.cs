using System.Diagnostics;
using System.Text;

namespace ChiBo.Bot.Tests.Console;

/// <summary>
/// The README's first command on a fresh clone: the built ChiBo.Bot, started with no configuration from an empty
/// working directory, reaches the demo and answers what is typed on its standard input.
/// </summary>
public sealed class ExecutableTests : IDisposable
{
    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), "chibo-tests", Guid.NewGuid().ToString("N"));

    public ExecutableTests() => Directory.CreateDirectory(_workingDirectory);

    public void Dispose()
    {
        try { Directory.Delete(_workingDirectory, recursive: true); }
        catch (IOException) { /* the OS temp cleaner will get it */ }
    }

    /// <summary>
    /// ChiBo.Bot's own build output, in the configuration the tests were built in (bin/Release/net10.0 under CI).
    /// Not the copy next to the tests: the test project uses the ASP.NET Core shared framework (for the Telegram emulator),
    /// so the Microsoft.Extensions.* assemblies ChiBo.Bot.dll needs are not copied there, and it cannot start from there.
    /// </summary>
    internal static string ChiBoBotDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChiBo.sln")))
                return Path.Combine(dir.FullName, "src", "ChiBo.Bot", "bin", configuration, framework, "ChiBo.Bot.dll");
        }
        throw new InvalidOperationException($"No ChiBo.sln above {testOutput.FullName}.");
    }

    [Fact]
    public async Task With_no_configuration_the_built_bot_opens_the_demo_and_answers_a_script_on_standard_input()
    {
        var dll = ChiBoBotDll();
        Assert.True(File.Exists(dll), $"{dll} not found: build the solution first (the tests' configuration decides which build).");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = _workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // "No configuration": nothing from the machine running the tests may configure a messenger or the storage.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ChiBo", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync("/danhsach\n/la Trần Thị Bình\n");
        process.StandardInput.Close();
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            try { await process.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("ChiBo.Bot did not stop at the end of its input. Output so far:\n" + await stdout);
            }
        }
        var output = (await stdout).Replace("\r\n", "\n", StringComparison.Ordinal);
        var errors = await stderr;

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{output}\n{errors}");
        Assert.Contains("ChiBo — chạy thử ngay trong cửa sổ dòng lệnh", output);
        Assert.Contains("Chưa cấu hình Telegram hay Zalo", output);
        Assert.Contains("ChiBo__Telegram__Token", output);
        Assert.Contains("Đã tạo sẵn dữ liệu mẫu: Chi bộ Khu phố 3 (12 đảng viên", output);
        Assert.Contains("[Nguyễn Văn An · nhóm Chi bộ Khu phố 3] › /danhsach", output);
        Assert.Contains("ChiBo → nhóm Chi bộ Khu phố 3:\n  Danh sách Chi bộ Khu phố 3 (12 đảng viên; ✓ = đã liên kết tài khoản):\n  1. Nguyễn Văn An — Bí thư ✓", output);
        Assert.Contains("[Trần Thị Bình · nhóm Chi bộ Khu phố 3] › ", output);
        Assert.True(File.Exists(Path.Combine(_workingDirectory, "data", "chibo.db")), "the database was not created under data/ in the working directory");
        Assert.DoesNotContain("fail:", errors);
        Assert.DoesNotContain("crit:", errors);
    }

    [Theory]
    [InlineData("sai-mat-khau")]
    [InlineData("")]
    public async Task With_a_wrong_or_missing_password_the_built_bot_prints_one_readable_line_and_exits_2(string password)
    {
        var path = Path.Combine(_workingDirectory, "data", "chibo.db");
        using (var db = new ChiBo.Bot.Storage.Database(path, "dung-mat-khau")) db.InTransaction(() => db.SetSetting("x", "1"));
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { ChiBoBotDll() },
            WorkingDirectory = _workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ChiBo", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(key);
        start.Environment["ChiBo__Storage__Password"] = password;

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1))) await process.WaitForExitAsync(limit.Token);
        var errors = (await stderr).Trim();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal($"Không mở được cơ sở dữ liệu data/chibo.db: mật khẩu (ChiBo:Storage:Password) sai hoặc thiếu. "
            + "/ Cannot open the database data/chibo.db: the password (ChiBo:Storage:Password) is wrong or missing.", errors);
    }
}
