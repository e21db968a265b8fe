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
    private volatile ITestOutputHelper? _output;

    /// <summary>Mirrors lines to this xunit output (until the test ends; later writes are ignored).</summary>
    public ITestOutputHelper? Output { get => _output; set => _output = value; }

    public IReadOnlyList<LogLine> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Add(LogLine line)
    {
        lock (_lines) _lines.Add(line);
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
