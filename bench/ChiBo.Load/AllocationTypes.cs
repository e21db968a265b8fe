using System.Diagnostics.Tracing;

// ALLOC=1: samples the runtime's allocation ticks (one event per ~100 KB allocated, naming the type that crossed it) and
// prints the types that take the most, to find what an update allocates.
sealed class AllocationTypes : EventListener
{
    readonly Dictionary<string, long> bytes = [];
    public bool Enabled;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: GCAllocationTick
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Enabled || e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null) return;
        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        lock (bytes) bytes[type] = bytes.GetValueOrDefault(type) + amount;
    }

    public void Print(int updates, int top = 30)
    {
        lock (bytes)
            foreach (var (type, n) in bytes.OrderByDescending(p => p.Value).Take(top))
                Console.WriteLine($"{n / 1024.0 / updates,8:F1} KiB/update  {type}");
    }
}
