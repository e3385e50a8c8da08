using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmWorkflow.Crm.Tests.Complaints;

/// <summary>
/// A second process over an existing database file: new services, new runtime, new clock,
/// nothing shared with the host that wrote the rows but the file.
/// </summary>
public sealed class RestartedHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public RestartedHost(IDbContextFactory<CrmDbContext> database, DateTimeOffset now)
    {
        Clock = new FakeTimeProvider(now);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(database);
        services.AddCrm();
        services.Configure<TemplateOptions>(o => o.Folder = Path.Combine(AppContext.BaseDirectory, "templates"));
        _services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; }

    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
