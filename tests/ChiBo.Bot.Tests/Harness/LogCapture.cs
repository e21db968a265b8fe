using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>One captured log line; <see cref="Text"/> is the formatted message plus the exception, if any.</summary>
public sealed record LogLine(DateTimeOffset At, LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)
{
    public string Text => Exception is null ? Message : $"{Message}\n{Exception}";

    public override string ToString() => $"{Level} {Category}: {Text}";
}

/// <summary>A logging provider that keeps every line in memory (thread-safe) and can mirror it to xunit's output.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly List<LogLine> _lines = [];
    private readonly List<(Func<LogLine, bool> Match, TaskCompletionSource<LogLine> Seen)> _waiters = [];
    private volatile ITestOutputHelper? _output;

    /// <summary>Mirrors lines to this xunit output (until the test ends; later writes are ignored).</summary>
    public ITestOutputHelper? Output { get => _output; set => _output = value; }

    public IReadOnlyList<LogLine> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The first line that matches, when it is written (at once when it was).</summary>
    public async Task<LogLine> WaitForAsync(Func<LogLine, bool> match, TimeSpan? timeout = null)
    {
        TaskCompletionSource<LogLine> seen;
        lock (_lines)
        {
            if (_lines.FirstOrDefault(match) is { } line) return line;
            seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, seen));
        }
        try
        {
            return await seen.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No such log line was written. The log:\n{string.Join('\n', Lines)}");
        }
    }

    public void Dispose() { }

    private void Add(LogLine line)
    {
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Seen.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
        try { _output?.WriteLine(line.ToString()); }
        catch (InvalidOperationException) { /* the test already finished */ }
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new LogLine(DateTimeOffset.UtcNow, logLevel, category, eventId, formatter(state, exception), exception));
    }
}
