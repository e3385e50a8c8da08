using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>Lets a host compose the engine's tables into its own DbContext.</summary>
public static class WorkflowModel
{
    /// <summary>Adds the engine's entity configurations (call from <c>OnModelCreating</c>).</summary>
    public static ModelBuilder ApplyWorkflowEngineModel(this ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WorkflowModel).Assembly);

    /// <summary>
    /// Conventions the engine relies on. SQLite cannot compare or order DateTimeOffset values
    /// stored as text, so there they are stored as sortable 64-bit numbers (call from
    /// <c>ConfigureConventions</c>).
    /// </summary>
    public static ModelConfigurationBuilder UseWorkflowEngineConventions(this ModelConfigurationBuilder builder, bool isSqlite)
    {
        if (isSqlite)
        {
            builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            builder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        return builder;
    }
}
