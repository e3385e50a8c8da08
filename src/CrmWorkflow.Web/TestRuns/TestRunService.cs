using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Web.TestRuns;

/// <summary>
/// Test runs of a workflow version (usually the draft being designed): each in its own sandbox
/// on a copy of a sample CRM built once per host. The analyst starts it with sample input,
/// completes its tasks, moves its clock forward, and reads the path it took. Runs left alone
/// for <see cref="IdleLimit"/> are thrown away; at most <see cref="MaxRuns"/> live at once.
/// </summary>
public sealed class TestRunService(WorkflowDefinitionStore liveStore, IOptions<Crm.Features.Notifications.TemplateOptions> templates,
    IHostEnvironment environment, IConfiguration configuration, TimeProvider clock, ILogger<TestRunService> logger) : IAsyncDisposable
{
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(30);
    public const int MaxRuns = 10;

    private sealed record Run(string Id, string DefinitionId, int Version, string InstanceId, TestRunSandbox Sandbox, IReadOnlyDictionary<string, string> Names)
    {
        public DateTimeOffset LastUsed { get; set; }
    }

    private readonly ConcurrentDictionary<string, Run> _runs = new();
    private readonly SemaphoreSlim _templateLock = new(1, 1);
    private string Root => Path.GetFullPath(Path.Combine(environment.ContentRootPath, configuration["TestRuns:Folder"] ?? Path.Combine("data", "test-runs")));
    private string TemplatePath => Path.Combine(Root, "sample-crm.db");

    /// <summary>Starts a version (the newest, draft or not, when null) with sample input. Null when there is no such version.</summary>
    public async Task<TestRunView?> StartAsync(string definitionId, int? version, JsonObject? input, CancellationToken ct = default)
    {
        var definition = await liveStore.GetAsync(definitionId, version, ct);
        var record = await liveStore.GetRecordAsync(definitionId, version, ct);
        if (definition is null || record is null) return null;
        Sweep();
        var id = Guid.CreateVersion7().ToString("N");
        var sandbox = await OpenSandboxAsync(id, ct);
        try
        {
            // Invalid versions are refused here, with the same problems the designer shows.
            await sandbox.Store.PublishAsync(definition with { Version = 0 }, "test-run", ct);
            var started = await sandbox.Runtime.StartAsync(definitionId, input, ct: ct);
            await sandbox.Runtime.ProcessPendingWorkAsync(ct);
            var names = definition.Activities.ToDictionary(a => a.Id, a => string.IsNullOrWhiteSpace(a.Name) ? a.Id : a.Name);
            var run = new Run(id, definitionId, record.Version, started.InstanceId, sandbox, names) { LastUsed = clock.GetUtcNow() };
            _runs[id] = run;
            return await ViewAsync(run, ct);
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>The run as it stands, or null when it is unknown or was thrown away.</summary>
    public async Task<TestRunView?> GetAsync(string runId, CancellationToken ct = default) =>
        Find(runId) is { } run ? await ViewAsync(run, ct) : null;

    /// <summary>Completes one of the run's tasks as the designer's user would.</summary>
    public async Task<TestRunView?> CompleteTaskAsync(string runId, string taskId, string? outcome, JsonObject? data, string? user, CancellationToken ct = default)
    {
        if (Find(runId) is not { } run) return null;
        await run.Sandbox.Runtime.CompleteTaskAsync(taskId, outcome, data, user ?? "test-run", ct);
        await run.Sandbox.Runtime.ProcessPendingWorkAsync(ct);
        return await ViewAsync(run, ct);
    }

    /// <summary>Moves the run's clock forward and fires the timers that fell due.</summary>
    public async Task<TestRunView?> AdvanceAsync(string runId, TimeSpan by, CancellationToken ct = default)
    {
        if (Find(runId) is not { } run) return null;
        run.Sandbox.Clock.Advance(by);
        for (var round = 0; round < 20 && await run.Sandbox.Runtime.FireDueTimersAsync(ct) + await run.Sandbox.Runtime.ProcessPendingWorkAsync(ct) > 0; round++) { }
        return await ViewAsync(run, ct);
    }

    /// <summary>Throws a run away now.</summary>
    public async Task<bool> DeleteAsync(string runId)
    {
        if (!_runs.TryRemove(runId, out var run)) return false;
        await run.Sandbox.DisposeAsync();
        return true;
    }

    private Run? Find(string runId)
    {
        if (!_runs.TryGetValue(runId, out var run)) return null;
        run.LastUsed = clock.GetUtcNow();
        return run;
    }

    // Idle runs go; beyond the limit the least recently used go too.
    private void Sweep()
    {
        var now = clock.GetUtcNow();
        var ordered = _runs.Values.OrderByDescending(r => r.LastUsed).ToList();
        foreach (var run in ordered.Where((r, i) => now - r.LastUsed > IdleLimit || i >= MaxRuns - 1))
            if (_runs.TryRemove(run.Id, out _)) _ = run.Sandbox.DisposeAsync().AsTask();
    }

    // A copy of the sample CRM for one run. The sample is built on first use and kept; one built by
    // an earlier version of the app is migrated first (a copy with an old schema failed every run).
    private async Task<TestRunSandbox> OpenSandboxAsync(string id, CancellationToken ct)
    {
        await _templateLock.WaitAsync(ct);
        try
        {
            var started = clock.GetTimestamp();
            if (!File.Exists(TemplatePath))
            {
                Directory.CreateDirectory(Root);
                await TestRunSandbox.CreateTemplateAsync(TemplatePath, templates.Value.Folder, clock, configuration.GetValue("TestRuns:SampleCustomers", 200), ct);
                logger.LogInformation("Built the test runs' sample CRM in {Seconds:0.0} s", clock.GetElapsedTime(started).TotalSeconds);
            }
            else if (await TestRunSandbox.UpgradeTemplateAsync(TemplatePath, ct) is { Count: > 0 } applied)
            {
                logger.LogInformation("Upgraded the test runs' sample CRM ({Migrations}) in {Seconds:0.0} s", string.Join(", ", applied),
                    clock.GetElapsedTime(started).TotalSeconds);
            }
            return TestRunSandbox.Open(TemplatePath, Path.Combine(Root, id), templates.Value.Folder, clock);
        }
        finally
        {
            _templateLock.Release();
        }
    }

    private static async Task<TestRunView> ViewAsync(Run run, CancellationToken ct)
    {
        await using var db = run.Sandbox.Db();
        var instance = await db.Set<WorkflowInstanceRecord>().AsNoTracking().FirstAsync(i => i.Id == run.InstanceId, ct);
        var state = await run.Sandbox.Runtime.GetStateAsync(run.InstanceId, ct);
        var path = (await db.Set<JournalRecord>().AsNoTracking().Where(j => j.InstanceId == run.InstanceId).OrderBy(j => j.Sequence).ToListAsync(ct))
            .Select(j => new TestRunStep(j.Sequence, j.ActivityId, j.ActivityType, j.Port, j.Error, j.EndedAt, run.Names.GetValueOrDefault(j.ActivityId, j.ActivityId), j.StartedAt)).ToList();
        var tasks = (await db.Set<HumanTaskRecord>().AsNoTracking().Where(t => t.InstanceId == run.InstanceId && t.Status == HumanTaskStatus.Open).ToListAsync(ct))
            .Select(t => new TestRunTask(t.Id, t.ActivityId, t.Title, t.Assignee, t.Role, t.Queue, JsonNode.Parse(t.OutcomesJson), JsonNode.Parse(t.FormJson), t.DueAt)).ToList();
        var bookmarks = await db.Set<BookmarkRecord>().AsNoTracking().Where(b => b.InstanceId == run.InstanceId).ToListAsync(ct);
        var timers = bookmarks.Where(b => b.Kind == BookmarkKind.Timer && b.DueAt != null).Select(b => b.DueAt!.Value).Order().ToList();
        var waiting = bookmarks.Select(b => b.ActivityId).Distinct().ToList();
        var incidents = (await db.Set<IncidentRecord>().AsNoTracking().Where(i => i.InstanceId == run.InstanceId).ToListAsync(ct))
            .Select(i => $"{i.ActivityId}: {i.Message}").ToList();
        var messages = (await db.OutboundMessages.AsNoTracking().ToListAsync(ct)).OrderBy(m => m.CreatedAt)
            .Select(m => new TestRunMessage(m.Template, m.Channel.ToString(), m.Recipient, m.Subject, m.Body, m.IsHtml)).ToList();
        return new TestRunView(run.Id, run.DefinitionId, run.Version, instance.Status.ToString(), run.Sandbox.Clock.GetUtcNow(), path, waiting, tasks, timers,
            incidents, messages, state?.Variables.DeepClone().AsObject() ?? []) { Names = run.Names };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs.Values) await run.Sandbox.DisposeAsync();
        _runs.Clear();
    }
}
