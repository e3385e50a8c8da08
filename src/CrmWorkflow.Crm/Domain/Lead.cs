using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>Where a lead is in its life.</summary>
public enum LeadStatus { New, Assigned, Contacted, Qualified, Converted, Disqualified }

/// <summary>A prospective sale, routed to a client manager.</summary>
public sealed class Lead
{
    /// <summary>The statuses of a lead still in a manager's hands: what their open-lead load counts.</summary>
    public static readonly LeadStatus[] OpenStatuses = [LeadStatus.New, LeadStatus.Assigned, LeadStatus.Contacted, LeadStatus.Qualified];

    public long Id { get; set; }
    public Channel SourceChannel { get; set; }
    public string PersonName { get; set; } = "";
    public string? CompanyName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string Region { get; set; } = "";
    public string Industry { get; set; } = "";
    public int Size { get; set; }
    public string? ProductInterest { get; set; }
    public decimal EstimatedValue { get; set; }
    public int Score { get; set; }
    public LeadStatus Status { get; set; } = LeadStatus.New;
    public string? AssignedManagerId { get; set; }
    /// <summary>The queue the lead waits in when no manager was eligible (fallback).</summary>
    public string? Queue { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    /// <summary>How many times the lead was routed (1 on first assignment; more after reroutes).</summary>
    public int RoutingAttempts { get; set; }
    public DateTimeOffset? FirstContactDueAt { get; set; }
    public DateTimeOffset? ContactedAt { get; set; }
    /// <summary>
    /// Why the lead went to whom, as JSON: the rule matched, each candidate and why it was or
    /// was not chosen.
    /// </summary>
    public string? RoutingExplanation { get; set; }
    public long? ConvertedCustomerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Sales pipeline stage.</summary>
public enum OpportunityStage { Prospecting, Qualification, Proposal, Negotiation, Won, Lost }

/// <summary>A sale in progress with a customer.</summary>
public sealed class Opportunity
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public string Name { get; set; } = "";
    public OpportunityStage Stage { get; set; }
    public decimal Amount { get; set; }
    /// <summary>0-100.</summary>
    public int Probability { get; set; }
    public DateOnly ExpectedClose { get; set; }
    public string? ManagerId { get; set; }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> b)
    {
        b.ToTable("Leads");
        b.Property(x => x.SourceChannel).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.PersonName).HasMaxLength(200);
        b.Property(x => x.CompanyName).HasMaxLength(200);
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(40);
        b.Property(x => x.Region).HasMaxLength(60);
        b.Property(x => x.Industry).HasMaxLength(60);
        b.Property(x => x.ProductInterest).HasMaxLength(100);
        b.Property(x => x.EstimatedValue).HasPrecision(18, 2);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.AssignedManagerId).HasMaxLength(40);
        b.Property(x => x.Queue).HasMaxLength(60);
        b.HasIndex(x => new { x.Status, x.FirstContactDueAt });
        b.HasIndex(x => new { x.AssignedManagerId, x.Status });
    }
}

internal sealed class OpportunityConfiguration : IEntityTypeConfiguration<Opportunity>
{
    public void Configure(EntityTypeBuilder<Opportunity> b)
    {
        b.ToTable("Opportunities");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(14);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.ManagerId).HasMaxLength(40);
        b.HasIndex(x => x.CustomerId);
        b.HasIndex(x => new { x.ManagerId, x.Stage });
    }
}
