using CrmWorkflow.Crm.Domain;
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

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<Opportunity> Opportunities => Set<Opportunity>();
    public DbSet<ClientManager> ClientManagers => Set<ClientManager>();
    public DbSet<OutOfOffice> OutOfOffice => Set<OutOfOffice>();
    public DbSet<AccountAssignment> AccountAssignments => Set<AccountAssignment>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<Complaint> Complaints => Set<Complaint>();
    public DbSet<ComplaintNote> ComplaintNotes => Set<ComplaintNote>();
    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();
    public DbSet<BusinessCalendarRecord> BusinessCalendars => Set<BusinessCalendarRecord>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<CustomerScore> CustomerScores => Set<CustomerScore>();
    public DbSet<RolloutProject> RolloutProjects => Set<RolloutProject>();
    public DbSet<RolloutPhase> RolloutPhases => Set<RolloutPhase>();
    public DbSet<RolloutStage> RolloutStages => Set<RolloutStage>();
    public DbSet<ChecklistItem> ChecklistItems => Set<ChecklistItem>();
    public DbSet<Gate> Gates => Set<Gate>();
    public DbSet<RolloutKpi> RolloutKpis => Set<RolloutKpi>();
    public DbSet<RolloutRisk> RolloutRisks => Set<RolloutRisk>();
    public DbSet<KpiMeasurement> KpiMeasurements => Set<KpiMeasurement>();
    public DbSet<OutboundMessage> OutboundMessages => Set<OutboundMessage>();
    public DbSet<RoutingPointer> RoutingPointers => Set<RoutingPointer>();
    public DbSet<RosterVersion> RosterVersions => Set<RosterVersion>();

    /// <summary>Stored answers to requests carrying an Idempotency-Key.</summary>
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    private Action? _release;

    /// <summary>
    /// Runs once when this use of the context ends, after it is reset: the host lends each use
    /// an open connection and takes it back here.
    /// </summary>
    public void OnRelease(Action release) => _release = release;

    /// <inheritdoc />
    public override void Dispose()
    {
        var release = Interlocked.Exchange(ref _release, null);
        base.Dispose();
        release?.Invoke();
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        var release = Interlocked.Exchange(ref _release, null);
        await base.DisposeAsync();
        release?.Invoke();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyWorkflowEngineModel();
        builder.ApplyConfigurationsFromAssembly(typeof(CrmDbContext).Assembly);
    }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        var sqlite = Database.IsOnSqlite();
        configurationBuilder.UseWorkflowEngineConventions(sqlite);
        // SQLite stores decimal as text, which sorts and sums wrongly; doubles are exact to the
        // cent far beyond any amount here. SQL Server keeps real decimal columns.
        if (sqlite)
        {
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
            configurationBuilder.Properties<decimal?>().HaveConversion<double>();
        }
    }
}
