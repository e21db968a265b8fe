using System.Text;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Console;

/// <summary>Where the local chat reads and writes: standard input and output for the executable, strings in tests.
/// With <see cref="Echo"/> each line read is repeated after the prompt, so the transcript of a script reads like
/// a conversation (a terminal echoes what the user types by itself).</summary>
public sealed class ConsoleIo(TextReader input, TextWriter output, bool echo)
{
    public TextReader Input { get; } = input;
    public TextWriter Output { get; } = output;
    public bool Echo { get; } = echo;

    public static ConsoleIo Standard()
    {
        try
        {
            System.Console.InputEncoding = Encoding.UTF8;
            System.Console.OutputEncoding = Encoding.UTF8;
        }
        catch (IOException) { /* no console to configure (redirected on Windows): the streams keep their encoding */ }
        return new ConsoleIo(System.Console.In, System.Console.Out, System.Console.IsInputRedirected);
    }
}

/// <summary>
/// The local chat: ChiBo in the terminal when no messenger is configured. Each line read is said by the current
/// speaker in the current chat (the cell's group, the committee's group, or the speaker's private chat with ChiBo)
/// and goes through the same <see cref="Pipeline"/> as a Telegram update; the answers are printed as plain text
/// (<see cref="PlainText"/>). A few local commands, never sent to ChiBo, change who speaks and where. Standard input
/// is read line by line, so a script can drive it; at its end the host stops.
/// </summary>
public sealed class ConsoleChannel(
    ConsoleIo io,
    Demo demo,
    Pipeline pipeline,
    Outbox outbox,
    Database db,
    IOptions<ChiBoOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    Clock clock) : BackgroundService, IChannelSender
{
    public const string Name = "console";
    public const string GroupChatId = "nhom";
    public const string CommitteeChatId = "danguy";
    private const string PrivateChat = "rieng";
    private const string SpeakerSetting = "console:speaker";
    private const string ChatSetting = "console:chat";

    /// <summary>The local commands: they change who speaks and where, and never reach ChiBo.</summary>
    public static readonly IReadOnlyList<(string Command, string Usage, string Description)> LocalCommands =
    [
        ("la", "/la <tên hoặc số>", "đổi người đang nói, ví dụ /la binh"),
        ("ai", "/ai", "những người có thể nói"),
        ("nhom", "/nhom", "sang nhóm chat của chi bộ"),
        ("rieng", "/rieng", "sang tin nhắn riêng với ChiBo"),
        ("danguy", "/danguy", "sang nhóm chat của Đảng ủy"),
        ("thoat", "/thoat", "thoát (hoặc Ctrl+D)"),
    ];

    private ConsolePerson _speaker = Demo.FirstSpeaker;
    private string _chat = GroupChatId;
    private int _written;
    private bool _wroteToSpeakerPrivately;

    /// <summary>Adds the local chat to a host that has no messenger configured.</summary>
    public static void AddTo(HostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(_ => ConsoleIo.Standard());
        builder.Services.AddSingleton<Demo>();
        builder.Services.AddHostedService<ConsoleChannel>();
        // Whoever sits at the terminal owns this ChiBo: the console's administrator may register cells and appoint officers.
        builder.Services.PostConfigure<ChiBoOptions>(o => { if (!o.Admins.Contains(Demo.Admin.Key)) o.Admins.Add(Demo.Admin.Key); });
        // Standard output is the chat: logs go to standard error, and the host says nothing about itself.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
    }

    private TextWriter Out => io.Output;

    private string StoragePath => Path.GetFullPath(options.Value.Storage.Path);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            var seeded = demo.SeedIfEmpty();
            RestorePlace();
            outbox.Register(Name, this);
            await Out.WriteAsync(Banner(seeded));
            await outbox.WhenIdleAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                await Out.WriteAsync(Prompt());
                await Out.FlushAsync(ct);
                var line = await ReadLineAsync(ct);
                if (line is null) break;
                // A line ending in "\" continues on the next one: a message of several lines (/thongbao, /themdv, tasks).
                while (line.EndsWith('\\'))
                {
                    await Out.WriteAsync("  … ");
                    await Out.FlushAsync(ct);
                    var next = await ReadLineAsync(ct);
                    line = line[..^1].TrimEnd() + (next is null ? "" : "\n" + next);
                    if (next is null) break;
                }
                if (!await HandleAsync(line.Trim(), ct)) break;
            }
            await Out.WriteLineAsync($"\nTạm biệt! Dữ liệu đã lưu trong {StoragePath}.");
            await Out.FlushAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally
        {
            lifetime.StopApplication();
        }
    }

    /// <summary>Console.In reads synchronously even through ReadLineAsync: read on the pool, so a stop (Ctrl+C) never waits for a line.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        var line = await Task.Run(io.Input.ReadLine, CancellationToken.None).WaitAsync(ct);
        if (line is not null && io.Echo) await Out.WriteLineAsync(line);
        return line;
    }

    /// <summary>One line: a local command, or a message from the speaker in the current chat. False to stop.</summary>
    private async Task<bool> HandleAsync(string line, CancellationToken ct)
    {
        if (line.Length == 0 || line.StartsWith('#')) return true; // a script's comment
        if (Command.Parse(line) is { } cmd && LocalCommands.Any(c => c.Command == cmd.Name))
            return await LocalAsync(cmd);

        var chat = CurrentChat();
        _written = 0;
        _wroteToSpeakerPrivately = false;
        pipeline.Process(new ChatEvent(Guid.NewGuid().ToString("N"), chat, new ChatUser(Name, _speaker.Id, _speaker.Name), line, null, null, time.GetUtcNow()));
        await outbox.WhenIdleAsync(ct);
        if (_written == 0 && chat.Kind == ChatKind.Group)
            await NoteAsync("ChiBo không trả lời tin nhắn này: trong nhóm, ChiBo chỉ trả lời lệnh của mình (gõ /help). Gõ /rieng để nhắn riêng với ChiBo.");
        if (_wroteToSpeakerPrivately && _chat != PrivateChat)
        {
            MoveTo(PrivateChat);
            await NoteAsync("Chuyển sang tin nhắn riêng với ChiBo, nơi ChiBo vừa trả lời. Gõ /nhom để quay lại nhóm.");
        }
        return true;
    }

    private async Task<bool> LocalAsync(Command cmd)
    {
        switch (cmd.Name)
        {
            case "la":
                if (Find(cmd.Args) is not { } person)
                {
                    await NoteAsync($"Không có ai là \"{cmd.Args}\". Gõ /ai để xem những người có thể nói.");
                    break;
                }
                _speaker = person;
                MoveTo(_chat);
                await NoteAsync($"Bây giờ đang nói với tư cách {person.Name} ({person.Note}).");
                break;
            case "ai":
                var people = Demo.People.Select((p, i) => $"  {i + 1,2}. {p.Name} — {p.Note} (/la {p.Id})");
                await Out.WriteLineAsync("Những người có thể nói:\n" + string.Join('\n', people) + "\n\n" + LocalHelp());
                break;
            case "nhom" or "rieng" or "danguy":
                MoveTo(cmd.Name == "nhom" ? GroupChatId : cmd.Name == "danguy" ? CommitteeChatId : PrivateChat);
                await NoteAsync($"Bây giờ đang ở {Here()}.");
                break;
            case "thoat":
                return false;
        }
        return true;
    }

    /// <summary>A person by number in /ai, by id, by full name or by given name, diacritics optional.</summary>
    private static ConsolePerson? Find(string text)
    {
        var folded = Roster.Fold(text);
        if (folded.Length == 0) return null;
        if (int.TryParse(folded, out var n)) return n >= 1 && n <= Demo.People.Count ? Demo.People[n - 1] : null;
        var byName = Demo.People.Where(p => p.Id == folded || Roster.Fold(p.Name) == folded || Roster.Fold(p.Name).EndsWith(" " + folded, StringComparison.Ordinal)).ToList();
        return byName.Count == 1 ? byName[0] : null;
    }

    /// <summary>Prints one outgoing message, under the chat it goes to.</summary>
    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        if (!PlainText.Sends(message)) return;
        _written++;
        if (message.ChatId == _speaker.Id) _wroteToSpeakerPrivately = true;
        var sb = new StringBuilder($"\nChiBo → {Describe(message.ChatId)}:\n");
        foreach (var line in PlainText.Render(message).Split('\n')) sb.Append("  ").Append(line).Append('\n');
        if (message.Attachment is { } file) sb.Append($"  📎 Tệp đã lưu: {await SaveFileAsync(file, ct)}\n");
        await Out.WriteAsync(sb.ToString());
        await Out.FlushAsync(ct);
    }

    /// <summary>Files go to a folder next to the database ("files/"), where the clerk opens them. They hold the cell's
    /// records, so like the database they are readable only by their owner (folder 0700, files 0600).</summary>
    private async Task<string> SaveFileAsync(FileAttachment file, CancellationToken ct)
    {
        var dir = Path.Combine(Path.GetDirectoryName(StoragePath) ?? ".", "files");
        DatabaseFiles.CreateFolder(dir);
        var path = Path.Combine(dir, Path.GetFileName(file.FileName));
        DatabaseFiles.Protect(path);
        using var stream = new MemoryStream();
        db.Files.Download(file.FileId, stream);
        await File.WriteAllBytesAsync(path, stream.ToArray(), ct);
        return path;
    }

    private ChatRef CurrentChat() => _chat == PrivateChat
        ? new ChatRef(Name, _speaker.Id, ChatKind.Private)
        : new ChatRef(Name, _chat, ChatKind.Group);

    private string Prompt() => $"\n[{_speaker.Name} · {Here()}] › ";

    private string Here() => _chat == PrivateChat ? "riêng với ChiBo" : Describe(_chat);

    private string Describe(string chatId)
    {
        var key = $"{Name}:{chatId}";
        if (chatId == GroupChatId) return $"nhóm {db.Cells.FindOne(c => c.ChatKey == key)?.Name ?? "chi bộ (chưa đăng ký)"}";
        if (chatId == CommitteeChatId) return $"nhóm {db.Committees.FindOne(c => c.ChatKey == key)?.Name ?? "Đảng ủy"}";
        return $"{Demo.People.FirstOrDefault(p => p.Id == chatId)?.Name ?? chatId} (tin nhắn riêng)";
    }

    private Task NoteAsync(string text) => Out.WriteLineAsync($"» {text}");

    private void MoveTo(string chat)
    {
        _chat = chat;
        db.SetSetting(SpeakerSetting, _speaker.Id);
        db.SetSetting(ChatSetting, _chat);
    }

    /// <summary>Who spoke last and where: kept in the database like everything else, so a restart continues there.</summary>
    private void RestorePlace()
    {
        _speaker = Demo.People.FirstOrDefault(p => p.Id == db.GetSetting(SpeakerSetting)) ?? Demo.FirstSpeaker;
        _chat = db.GetSetting(ChatSetting) is GroupChatId or CommitteeChatId or PrivateChat ? db.GetSetting(ChatSetting)! : GroupChatId;
    }

    private static string LocalHelp() =>
        "Lệnh của cửa sổ này (không gửi tới ChiBo; dòng bắt đầu bằng # là ghi chú):\n" + string.Join('\n', LocalCommands.Select(c => $"  {c.Usage,-20} {c.Description}"));

    private string Banner(bool seeded)
    {
        var sb = new StringBuilder();
        var rule = new string('═', 64);
        sb.Append($"{rule}\n ChiBo — chạy thử ngay trong cửa sổ dòng lệnh\n{rule}\n");
        sb.Append("Chưa cấu hình Telegram hay Zalo, nên ChiBo trò chuyện ngay tại đây, với dữ liệu lưu như khi chạy thật:\n");
        sb.Append($"  {StoragePath}\n\n");
        var cell = db.Cells.FindOne(c => c.ChatKey == $"{Name}:{GroupChatId}");
        if (cell is null)
        {
            sb.Append("Nhóm ở đây chưa được đăng ký là chi bộ: gõ /la quantri rồi /taochibo Tên chi bộ.\n");
        }
        else
        {
            var committee = cell.CommitteeId is { } id ? db.Committees.FindById(id) : null;
            sb.Append(seeded ? "Đã tạo sẵn dữ liệu mẫu: " : "Dữ liệu đã có: ")
                .Append($"{cell.Name} ({Roster.Of(db, cell.Id).Count} đảng viên, {db.Records.Count(r => r.CellId == cell.Id)} tháng đã đánh giá)")
                .Append(committee is null ? "" : $", thuộc {committee.Name}").Append(".\n");
        }
        var lastMonth = YearMonth.Of(clock.Today).Previous;
        sb.Append("\nThử trong năm phút:\n");
        sb.Append("  /danhgia             bí thư đánh giá buổi sinh hoạt tháng này (ChiBo hỏi trong tin nhắn riêng)\n");
        sb.Append($"  /danhgia {lastMonth,-11} xem lại hoặc mở lại một tháng đã công bố\n");
        sb.Append("  /danhsach            danh sách chi bộ;  /help — mọi lệnh của ChiBo\n\n");
        sb.Append(LocalHelp()).Append("\n\n");
        sb.Append("Kết nối Telegram: đặt biến môi trường ChiBo__Telegram__Token=<token từ @BotFather> và\n");
        sb.Append("ChiBo__Admins__0=<mã người dùng Telegram của đồng chí>, rồi chạy lại. Kết nối Zalo: xem README.\n");
        return sb.ToString();
    }
}
