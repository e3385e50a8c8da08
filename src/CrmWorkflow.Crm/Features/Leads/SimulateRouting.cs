using System.Diagnostics;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>Replay the leads of the last <paramref name="Days"/> days through the draft (the newest when no version is given).</summary>
/// <param name="ChangesLimit">How many owner changes the API answer lists (the total is always given); 500 when not set.</param>
public sealed record SimulateRoutingRequest(int Days, int? DraftVersion = null, int? ChangesLimit = null)
{
    public const int DefaultChangesLimit = 500;
    public const int MaxChangesLimit = 100_000;
}

/// <summary>One version's replay in numbers; <see cref="Problem"/> says why it could not be replayed.</summary>
public sealed record VersionOutcome(int Version, string? Problem, int Assigned, int Queued, int NotRouted, int Faulted, string? FirstFault,
    bool RespectCapacity, string FallbackQueue, IReadOnlyDictionary<string, int> Queues, IReadOnlyDictionary<string, int> Rules);

/// <summary>One manager under both versions: leads routed to them and load at the end against capacity.</summary>
public sealed record ManagerComparison(string Id, string Name, int Capacity, int StartLoad,
    int PublishedLeads, int PublishedLoad, int DraftLeads, int DraftLoad)
{
    public bool PublishedOverCapacity => PublishedLoad > Capacity;
    public bool DraftOverCapacity => DraftLoad > Capacity;
}

/// <summary>A lead whose owner (a manager, or a queue) differs between the versions.</summary>
public sealed record OwnerChange(long LeadId, string PersonName, string? CompanyName, DateTimeOffset CreatedAt,
    string PublishedOwner, string? PublishedRule, string DraftOwner, string? DraftRule);

/// <summary>The what-if: both versions side by side.</summary>
public sealed record RoutingSimulation(string DefinitionId, int Days, DateTimeOffset From, DateTimeOffset To, int Leads,
    VersionOutcome Published, VersionOutcome Draft, IReadOnlyList<ManagerComparison> Managers, IReadOnlyList<OwnerChange> Changes,
    double ElapsedMs)
{
    /// <summary>How many leads change owner, also when <see cref="Changes"/> lists only the first of them.</summary>
    public int ChangesTotal { get; init; }
}

/// <summary>Why a simulation could not start (maps to 400/404/409).</summary>
public sealed record SimulationRefusal(int Status, string? Path, string Message);

/// <summary>
/// The lead-routing what-if: replays recent leads through the draft and the published version
/// and compares where they go. Reads only (no tracking, no SaveChanges), so it can run on live data.
/// </summary>
public sealed class SimulateRoutingHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowDefinitionStore store,
    WorkflowCompiler compiler, WorkflowExecutor executor, TimeProvider clock)
{
    public const string DefinitionId = "lead-routing";
    public const int MaxDays = 365;

    public async Task<(RoutingSimulation? Result, SimulationRefusal? Refusal)> RunAsync(SimulateRoutingRequest request, CancellationToken ct = default)
    {
        if (request.Days is < 1 or > MaxDays) return (null, new(400, "$.days", $"Give a number of days from 1 to {MaxDays}."));
        if (request.ChangesLimit is < 0 or > SimulateRoutingRequest.MaxChangesLimit)
            return (null, new(400, "$.changesLimit", $"List from 0 to {SimulateRoutingRequest.MaxChangesLimit:N0} changes (the total is always given)."));
        var watch = Stopwatch.StartNew();
        var versions = await store.ListVersionsAsync(DefinitionId, ct);
        if (versions.Count == 0) return (null, new(404, null, $"There is no workflow '{DefinitionId}'."));
        var published = versions.Where(v => v.IsPublished).MaxBy(v => v.Version);
        if (published is null) return (null, new(409, null, $"'{DefinitionId}' has no published version to compare with."));
        var draft = request.DraftVersion is { } wanted ? versions.FirstOrDefault(v => v.Version == wanted) : versions.MaxBy(v => v.Version);
        if (request.DraftVersion is { } n && draft is null) return (null, new(400, "$.draftVersion", $"'{DefinitionId}' has no version {n}."));
        if (request.DraftVersion is { } p && draft!.IsPublished) return (null, new(400, "$.draftVersion", $"Version {p} is published, not a draft."));
        if (draft is null || draft.IsPublished)
            return (null, new(409, null, $"'{DefinitionId}' has no draft: save one (in the designer or with PUT /api/workflows/{DefinitionId}) first."));

        var (publishedPlan, publishedProblem) = RoutingPlan.Extract(await store.GetCompiledAsync(DefinitionId, published.Version, ct), executor);
        var (draftPlan, draftProblem) = await DraftPlanAsync(draft.Version, ct);
        var to = clock.GetUtcNow();
        var from = to.AddDays(-request.Days);
        var snapshot = await SimulationSnapshot.ReadAsync(dbFactory, from, to, ct);
        (IReadOnlyList<ReplayedLead>, IReadOnlyDictionary<string, int>)? pub = publishedPlan is null ? null : await RoutingReplay.RunAsync(publishedPlan, snapshot, ct);
        (IReadOnlyList<ReplayedLead>, IReadOnlyDictionary<string, int>)? dr = draftPlan is null ? null : await RoutingReplay.RunAsync(draftPlan, snapshot, ct);
        var result = SimulationComparison.Build(snapshot, published.Version, publishedPlan, publishedProblem, pub,
            draft.Version, draftPlan, draftProblem, dr) with
        {
            DefinitionId = DefinitionId, Days = request.Days, From = from, To = to,
        };
        return (result with { ElapsedMs = watch.Elapsed.TotalMilliseconds }, null);
    }

    private async Task<(RoutingPlan?, string?)> DraftPlanAsync(int version, CancellationToken ct)
    {
        var definition = await store.GetAsync(DefinitionId, version, ct);
        var compiled = compiler.Compile(definition!);
        if (compiled.Workflow is null)
        {
            var first = compiled.Problems[0];
            return (null, $"The draft does not validate ({compiled.Problems.Count} problem(s)); first: {first.Path}: {first.Message}");
        }
        return RoutingPlan.Extract(compiled.Workflow, executor);
    }
}
