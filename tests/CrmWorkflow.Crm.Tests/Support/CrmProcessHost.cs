using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmWorkflow.Crm.Tests;

/// <summary>
/// The CRM and its workflow engine on a real, migrated SQLite file with a fake clock: the shipped
/// workflows (workflows/*.json) and templates are loaded as users have them. Background work
/// (outbox events, timers, message delivery) runs when a test calls <see cref="DrainAsync"/>.
/// </summary>
public sealed class CrmProcessHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CrmProcessHost(DateTimeOffset now, Action<IServiceCollection>? configure)
    {
        Clock = new FakeTimeProvider(now);
        PickupFolder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crmwf-outbox-{Guid.NewGuid():N}");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Database.Factory);
        services.AddCrm();
        services.Configure<TemplateOptions>(o => o.Folder = System.IO.Path.Combine(AppContext.BaseDirectory, "templates"));
        services.Configure<MessagingOptions>(o => o.PickupFolder = PickupFolder);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public CrmDatabase Database { get; } = new();
    public FakeTimeProvider Clock { get; }
    public string PickupFolder { get; }
    public IServiceProvider Services => _services;
    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();

    /// <summary>Starts a host; with <paramref name="importWorkflows"/> the shipped workflows are published.</summary>
    public static async Task<CrmProcessHost> StartAsync(DateTimeOffset now, bool importWorkflows = true,
        Action<IServiceCollection>? configure = null)
    {
        var host = new CrmProcessHost(now, configure);
        if (importWorkflows)
            await host._services.GetRequiredService<WorkflowImporter>()
                .ImportAsync(System.IO.Path.Combine(AppContext.BaseDirectory, "workflows"));
        return host;
    }

    /// <summary>A new context on the test database.</summary>
    public CrmDbContext Db() => Database.Factory.CreateDbContext();

    /// <summary>Adds rows and saves them.</summary>
    public async Task SeedAsync(params object[] rows)
    {
        await using var db = Db();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }

    /// <summary>Raises an event (as the API does) and runs what it starts or resumes.</summary>
    public Task<EventResult> RaiseAsync(string name, string? correlationId, JsonNode? payload) =>
        Runtime.RaiseEventAsync(name, correlationId, payload);

    /// <summary>Moves the clock and fires what fell due, until nothing is left to do.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await DrainAsync();
    }

    /// <summary>Processes pending work, due timers and message delivery until all are quiet.</summary>
    public async Task DrainAsync(bool deliverMessages = true)
    {
        for (var round = 0; round < 100; round++)
        {
            var work = await Runtime.ProcessPendingWorkAsync() + await Runtime.FireDueTimersAsync();
            if (deliverMessages)
            {
                var sent = await _services.GetRequiredService<MessageSender>().DeliverDueAsync();
                work += sent.Sent + sent.Failed;
            }
            if (work == 0) return;
        }
        throw new InvalidOperationException("Background work did not settle after 100 rounds.");
    }

    /// <summary>Messages in the outbox, oldest first.</summary>
    public async Task<List<OutboundMessage>> MessagesAsync(string? template = null)
    {
        await using var db = Db();
        var query = db.OutboundMessages.AsNoTracking();
        if (template is not null) query = query.Where(m => m.Template == template);
        return await query.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Database.Dispose();
        try { Directory.Delete(PickupFolder, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
