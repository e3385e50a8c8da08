using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Data;

/// <summary>The first answer to a request with an Idempotency-Key, replayed for repeats.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>User id and key, so keys of different users never collide.</summary>
    public string Id { get; set; } = "";
    public string Method { get; set; } = "";
    public string Path { get; set; } = "";
    /// <summary>0 while the first request is still being handled.</summary>
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Body { get; set; }
    /// <summary>The first answer's Location header (a 201's new resource), replayed with it.</summary>
    public string? Location { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyRecords");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(300);
        b.Property(x => x.Method).HasMaxLength(10);
        b.Property(x => x.Path).HasMaxLength(500);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Location).HasMaxLength(500);
        b.HasIndex(x => x.CreatedAt);
    }
}
