namespace ChiBo.Bot.Channels;

/// <summary>
/// Group commit for webhook requests. Each request's update joins a queue; one drainer applies what is queued as one
/// batch (<see cref="Pipeline.ProcessBatch"/>: one durable transaction, one fsync), and the updates that arrived meanwhile
/// go together in the next batch, at most <see cref="MaxBatch"/> at a time. Nothing waits on a timer: an update reaching
/// an idle bot is applied at once, alone. Each request gets its own update's result once the transaction holding it is on disk.
/// </summary>
public sealed class WebhookBatcher(Pipeline pipeline, ILogger<WebhookBatcher> log)
{
    /// <summary>The most updates in one transaction, as a getUpdates batch.</summary>
    public const int MaxBatch = 100;

    private readonly Queue<Waiting> _queue = new();
    private bool _draining;

    private sealed record Waiting(Incoming Item, TaskCompletionSource<PipelineResult> Done);

    /// <summary>Test seam: called, under the queue's lock, when an update joined the queue, with how many now wait.</summary>
    internal Action<int>? Queued { get; set; }

    /// <summary>Test seam: called before a batch of this many updates is applied; blocking in it holds the batch.</summary>
    internal Action<int>? Applying { get; set; }

    /// <summary>Applies <paramref name="item"/> in the next batch; completes once that batch is on disk. Faults when the batch
    /// could not be saved at all (the messenger should then deliver the update again).</summary>
    public Task<PipelineResult> ApplyAsync(Incoming item)
    {
        var waiting = new Waiting(item, new TaskCompletionSource<PipelineResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_queue)
        {
            _queue.Enqueue(waiting);
            Queued?.Invoke(_queue.Count);
            if (_draining) return waiting.Done.Task;
            _draining = true;
        }
        _ = Task.Run(Drain); // LiteDB work is synchronous: on a pool thread, not the request's
        return waiting.Done.Task;
    }

    private void Drain()
    {
        while (Next() is { } batch)
        {
            try
            {
                Applying?.Invoke(batch.Count);
                var results = pipeline.ProcessBatch([.. batch.Select(w => w.Item)]);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.SetResult(results[i]);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "A batch of {Count} webhook updates could not be saved; they are answered 500, so the messenger sends them again", batch.Count);
                foreach (var w in batch) w.Done.SetException(ex);
            }
        }
    }

    /// <summary>Everything queued (up to <see cref="MaxBatch"/>), or null, and the drainer stops, when nothing is.</summary>
    private List<Waiting>? Next()
    {
        lock (_queue)
        {
            if (_queue.Count == 0)
            {
                _draining = false;
                return null;
            }
            var batch = new List<Waiting>(Math.Min(_queue.Count, MaxBatch));
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var w)) batch.Add(w);
            return batch;
        }
    }
}
