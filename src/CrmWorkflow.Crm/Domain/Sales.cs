using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>Something the company sells.</summary>
public sealed class Product
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Category { get; set; } = "";
    public decimal ListPrice { get; set; }
    /// <summary>Unit cost, for margin.</summary>
    public decimal UnitCost { get; set; }
}

/// <summary>A purchase: the history RFM, value and credit are computed from.</summary>
public sealed class Order
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public DateTimeOffset OrderedAt { get; set; }
    public Channel Channel { get; set; }
    public decimal Amount { get; set; }
    public decimal Margin { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
}

/// <summary>One product on an order.</summary>
public sealed class OrderLine
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ProductId { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal Margin { get; set; }
}

/// <summary>An invoice instalment: when it was due and when (if) it was paid.</summary>
public sealed class Payment
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long? OrderId { get; set; }
    public decimal Amount { get; set; }
    public DateOnly DueOn { get; set; }
    public DateOnly? PaidOn { get; set; }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("Products");
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Category).HasMaxLength(60);
        b.Property(x => x.ListPrice).HasPrecision(18, 2);
        b.Property(x => x.UnitCost).HasPrecision(18, 2);
        b.HasIndex(x => x.Code).IsUnique();
    }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("Orders");
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.Margin).HasPrecision(18, 2);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.CustomerId, x.OrderedAt });
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.ToTable("OrderLines");
        b.Property(x => x.UnitPrice).HasPrecision(18, 2);
        b.Property(x => x.Margin).HasPrecision(18, 2);
        b.HasIndex(x => x.OrderId);
        b.HasIndex(x => x.ProductId);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.ToTable("Payments");
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.HasIndex(x => new { x.CustomerId, x.DueOn });
    }
}
