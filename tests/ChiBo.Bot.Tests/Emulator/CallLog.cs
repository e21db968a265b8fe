namespace ChiBo.Bot.Tests.Emulator;

/// <summary>The requests an emulator received, in arrival order, and waiting for one (thread-safe).</summary>
public sealed class CallLog(Func<string> describe)
{
    private readonly Lock _gate = new();
    private readonly List<RecordedCall> _calls = [];
    private readonly List<TaskCompletionSource> _answered = [];
    private TaskCompletionSource _signal = NewSignal();

    public IReadOnlyList<RecordedCall> Calls
    {
        get { lock (_gate) return [.. _calls]; }
    }

    public int Count
    {
        get { lock (_gate) return _calls.Count; }
    }

    public RecordedCall Add(Func<int, RecordedCall> create)
    {
        lock (_gate)
        {
            var call = create(_calls.Count);
            _calls.Add(call);
            _answered.Add(NewSignal());
            _signal.TrySetResult();
            _signal = NewSignal();
            return call;
        }
    }

    /// <summary>The emulator has applied the call (its effects are visible); the answer may still be on its way.</summary>
    public void Answered(RecordedCall call)
    {
        lock (_gate) _answered[call.Index].TrySetResult();
    }

    public async Task WaitUntilAnsweredAsync(RecordedCall call, TimeSpan limit)
    {
        Task answered;
        lock (_gate) answered = _answered[call.Index].Task;
        if (!await CompletesWithin(answered, limit))
            throw new TimeoutException($"Call #{call.Index} {call.Method} was not answered within {limit.TotalSeconds:0.#} s.\n{describe()}");
    }

    public IReadOnlyList<RecordedCall> Of(string method)
    {
        lock (_gate) return [.. _calls.Where(c => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>The first call of <paramref name="method"/> with index ≥ <paramref name="after"/> matching <paramref name="match"/>;
    /// at once if it already happened, else a <see cref="TimeoutException"/> with the emulator's picture after <paramref name="limit"/>.</summary>
    public async Task<RecordedCall> WaitForAsync(string method, Func<RecordedCall, bool>? match, int after, TimeSpan limit)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                for (var i = after; i < _calls.Count; i++)
                {
                    var c = _calls[i];
                    if (c.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && (match is null || match(c))) return c;
                }
                signal = _signal.Task;
            }
            var left = limit - TimeProvider.System.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || !await CompletesWithin(signal, left))
                throw new TimeoutException($"The bot did not call {method}{(match is null ? "" : " (matching)")} within {limit.TotalSeconds:0.#} s.\n{describe()}");
        }
    }

    /// <summary>The last calls, one a line, for failure messages.</summary>
    public string Describe(int last)
    {
        lock (_gate)
            return $"Last {Math.Min(last, _calls.Count)} of {_calls.Count} calls:\n"
                + string.Join('\n', _calls.Skip(Math.Max(0, _calls.Count - last)).Select(c => "  " + c));
    }

    public static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True when <paramref name="task"/> completed within <paramref name="limit"/> (no exception either way).</summary>
    public static async Task<bool> CompletesWithin(Task task, TimeSpan limit)
    {
        await task.WaitAsync(limit).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return task.IsCompleted;
    }
}
