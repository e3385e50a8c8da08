using System.Diagnostics.Tracing;
using CrmWorkflow.Crm.Features.Leads;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// What a lead allocates (diagnostic, not a target): bytes per lead for the handler and for
/// reading the lead back, and the allocated types as the runtime samples them (one sample per
/// ~100 KB). Garbage collection was a fifth of a lead's time in a profile, so this shows where
/// to cut next.
/// </summary>
internal static class LeadAllocations
{
    public static async Task RunAsync(int n)
    {
        await BenchHost.InFolderAsync("alloc", async (factory, client, dbPath) =>
        {
            var create = factory.Services.GetRequiredService<CreateLeadHandler>();
            var get = factory.Services.GetRequiredService<GetLeadHandler>();
            for (var i = 0; i < 300; i++) await create.HandleAsync(Lead($"Warm {i}"));
            using var samples = new AllocationSamples();
            long handler = 0, readBack = 0, readBacks = 0;
            for (var i = 0; i < n; i++)
            {
                var before = GC.GetTotalAllocatedBytes(true);
                var result = await create.HandleAsync(Lead($"Alloc {i}"));
                var between = GC.GetTotalAllocatedBytes(true);
                // The POST reads the lead back only when the handler did not answer with it.
                if (result.View is null)
                {
                    readBacks++;
                    await get.GetAsync(result.LeadId!.Value, LeadAccess.All);
                }
                readBack += GC.GetTotalAllocatedBytes(true) - between;
                handler += between - before;
            }
            samples.Stop();
            Console.WriteLine($"CreateLeadHandler: {handler / n / 1024.0:N0} KB per lead; GetLeadHandler (the POST's answer when read back, {readBacks} of {n} leads): {readBack / n / 1024.0:N0} KB");
            var total = Math.Max(1, samples.ByType.Values.Sum());
            foreach (var (type, bytes) in samples.ByType.OrderByDescending(x => x.Value).Take(40))
                Console.WriteLine($"  {100.0 * bytes / total,5:N1}%  {bytes / n / 1024.0,6:N1} KB  {type}");
        });
    }

    private static CreateLeadCommand Lead(string name) => new(name, $"{name} Co", null, null, "East China", "Retail", 20, "Web", null, 5000, 30);

    /// <summary>The runtime's allocation samples (GC keyword, verbose), summed per type.</summary>
    private sealed class AllocationSamples : EventListener
    {
        public Dictionary<string, long> ByType { get; } = [];
        private volatile bool _stopped;

        public void Stop() => _stopped = true;

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (_stopped || e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.PayloadNames is null) return;
            var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            lock (ByType) ByType[type] = ByType.GetValueOrDefault(type) + amount;
        }
    }
}
