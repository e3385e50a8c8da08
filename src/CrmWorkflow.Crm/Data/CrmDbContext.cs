using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Engine.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Data;

/// <summary>
/// The application's one database: Identity, the workflow engine's tables and the CRM. One
/// context means a workflow step and the CRM rows it writes commit together.
/// </summary>
public sealed class CrmDbContext(DbContextOptions<CrmDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>
    /// Keys that protect sign-in cookies and bearer tokens, shared by every host on this
    /// database and kept across restarts.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Stored answers to requests carrying an Idempotency-Key.</summary>
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyWorkflowEngineModel();
        builder.ApplyConfigurationsFromAssembly(typeof(CrmDbContext).Assembly);
    }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseWorkflowEngineConventions(Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite");
}
