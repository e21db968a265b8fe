namespace ChiBo.Bot.E2E;

/// <summary>One message a user sends: in chat <paramref name="Chat"/> (negative: a group), from user <paramref name="From"/>.</summary>
public sealed record Step(long Chat, long From, string Text);

/// <summary>A timed step: queued at <paramref name="QueuedAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp),
/// answered <paramref name="Ms"/> later.</summary>
public readonly record struct Latency(long QueuedAt, double Ms);

/// <summary>A message or edit the emulator accepted (not a 429): when (a Stopwatch timestamp) and to which chat.</summary>
public readonly record struct Sent(long At, long Chat);
