using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>Individual person or corporate (group) customer.</summary>
public enum CustomerKind { Individual, Corporate }

/// <summary>Service tier by annual spend, with differentiated service levels.</summary>
public enum CustomerTier { Standard, Silver, Gold, Diamond }

/// <summary>Where the customer is in the relationship.</summary>
public enum LifecycleStatus { Prospect, Active, AtRisk, Dormant, Lost }

/// <summary>Credit rating from the payment record: good payers get better terms.</summary>
public enum CreditRating { A, B, C, D }

/// <summary>A customer: the centre of the one-record-per-customer view.</summary>
public sealed class Customer
{
    public long Id { get; set; }
    public CustomerKind Kind { get; set; }
    public string Name { get; set; } = "";
    /// <summary>For a corporate customer that belongs to a group, the group's customer id.</summary>
    public long? GroupId { get; set; }
    public string Industry { get; set; } = "";
    public string Region { get; set; } = "";
    /// <summary>Employees (corporate) or household size band (individual).</summary>
    public int Size { get; set; }
    public CustomerTier Tier { get; set; }
    public bool IsKeyAccount { get; set; }
    public CreditRating Credit { get; set; } = CreditRating.B;
    public LifecycleStatus Lifecycle { get; set; } = LifecycleStatus.Active;
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The current primary client manager (denormalised from the assignment history).</summary>
    public string? ManagerId { get; set; }

    public List<Contact> Contacts { get; set; } = [];
}

/// <summary>A person at (or of) the customer.</summary>
public sealed class Contact
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public Channel PreferredChannel { get; set; } = Channel.Phone;
    /// <summary>The contact agreed to be contacted (marketing and service outreach).</summary>
    public bool ConsentToContact { get; set; }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("Customers");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Industry).HasMaxLength(60);
        b.Property(x => x.Region).HasMaxLength(60);
        b.Property(x => x.Tier).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Credit).HasConversion<string>().HasMaxLength(1);
        b.Property(x => x.Lifecycle).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(40);
        b.Property(x => x.ManagerId).HasMaxLength(40);
        b.HasMany(x => x.Contacts).WithOne().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        // Customer search by name prefix; a manager's book of customers; segment drill-downs.
        b.HasIndex(x => x.Name);
        // New leads are matched to existing customers by email.
        b.HasIndex(x => x.Email);
        b.HasIndex(x => new { x.ManagerId, x.Tier });
        b.HasIndex(x => new { x.Region, x.Industry });
        b.HasIndex(x => x.GroupId).HasFilter("GroupId IS NOT NULL");
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.ToTable("Contacts");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Phone).HasMaxLength(40);
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.PreferredChannel).HasConversion<string>().HasMaxLength(10);
        b.HasIndex(x => x.CustomerId);
    }
}
