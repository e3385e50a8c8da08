using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Creates the host's DbContext (which includes the engine model). One context is one unit
/// of work: the instance's new state and the CRM writes of its activities save together.
/// </summary>
public interface IWorkflowDbContextFactory
{
    /// <summary>A new context.</summary>
    DbContext CreateDbContext();
}

/// <summary>Adapts the host's <see cref="IDbContextFactory{TContext}"/>.</summary>
public sealed class WorkflowDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IWorkflowDbContextFactory
    where TContext : DbContext
{
    /// <inheritdoc />
    public DbContext CreateDbContext() => inner.CreateDbContext();
}
