using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>Response and resolution targets for a tier and severity, in business minutes.</summary>
public sealed class SlaPolicy
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public CustomerTier Tier { get; set; }
    public Severity Severity { get; set; }
    public int ResponseMinutes { get; set; }
    public int ResolutionMinutes { get; set; }
    /// <summary>Warn when this share of the resolution target has elapsed (e.g. 0.8).</summary>
    public decimal WarningThreshold { get; set; } = 0.8m;
    public long? CalendarId { get; set; }
}

/// <summary>
/// Working time: time zone, weekly hours and holidays. The same shape as the engine's
/// business calendar, so workflows' business-time timers and SLAs agree.
/// </summary>
public sealed class BusinessCalendarRecord
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public string Start { get; set; } = "09:00";
    public string End { get; set; } = "17:00";
    /// <summary>Comma-separated day names.</summary>
    public string Days { get; set; } = "monday,tuesday,wednesday,thursday,friday";
    /// <summary>Comma-separated yyyy-MM-dd dates.</summary>
    public string Holidays { get; set; } = "";

    /// <summary>The engine's calendar for this record.</summary>
    public Engine.Timers.BusinessCalendar ToEngine() => new()
    {
        TimeZone = TimeZone, Start = Start, End = End,
        Days = Days.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Holidays = Holidays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> b)
    {
        b.ToTable("SlaPolicies");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Tier).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Severity).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.WarningThreshold).HasPrecision(5, 4);
        b.HasIndex(x => new { x.Tier, x.Severity }).IsUnique();
    }
}

internal sealed class BusinessCalendarConfiguration : IEntityTypeConfiguration<BusinessCalendarRecord>
{
    public void Configure(EntityTypeBuilder<BusinessCalendarRecord> b)
    {
        b.ToTable("BusinessCalendars");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.Start).HasMaxLength(5);
        b.Property(x => x.End).HasMaxLength(5);
        b.Property(x => x.Days).HasMaxLength(100);
        b.Property(x => x.Holidays).HasMaxLength(4000);
    }
}
