using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>Progress of a phase, stage, gate or project.</summary>
public enum RolloutStatus { NotStarted, InProgress, Done, Blocked }

/// <summary>A CRM implementation project tracked through the methodology.</summary>
public sealed class RolloutProject
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The company adopting the CRM.</summary>
    public string Organisation { get; set; } = "";
    public string? ConsultantUserId { get; set; }
    public DateOnly StartedOn { get; set; }
    public DateOnly TargetGoLive { get; set; }
    /// <summary>Adoption phase 1-3 (identify, segment, predict customers).</summary>
    public int CurrentPhase { get; set; } = 1;
    /// <summary>Implementation stage 1-7.</summary>
    public int CurrentStage { get; set; } = 1;
    public RolloutStatus Status { get; set; } = RolloutStatus.InProgress;
    public decimal Budget { get; set; }
    public decimal TcoTarget { get; set; }
    public decimal TcoActual { get; set; }
    /// <summary>Return on investment as a ratio (0.25 = 25 %).</summary>
    public decimal RoiTarget { get; set; }
    public decimal RoiActual { get; set; }
}

/// <summary>One of the three adoption phases (maturity) of a project.</summary>
public sealed class RolloutPhase
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public int Number { get; set; }
    public string Name { get; set; } = "";
    public RolloutStatus Status { get; set; }
    public DateOnly? StartedOn { get; set; }
    public DateOnly? CompletedOn { get; set; }
}

/// <summary>One of the seven implementation stages of a project.</summary>
public sealed class RolloutStage
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public int Number { get; set; }
    public string Name { get; set; } = "";
    public RolloutStatus Status { get; set; }
    public DateOnly? PlannedStart { get; set; }
    public DateOnly? PlannedEnd { get; set; }
    public DateOnly? ActualStart { get; set; }
    public DateOnly? ActualEnd { get; set; }
}

/// <summary>An item of the ten-point rollout checklist.</summary>
public sealed class ChecklistItem
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public int Number { get; set; }
    public string Text { get; set; } = "";
    /// <summary>The stage the item belongs to (1-7).</summary>
    public int Stage { get; set; }
    /// <summary>Required items must be done before the stage's gate opens.</summary>
    public bool Required { get; set; } = true;
    public string? Owner { get; set; }
    public DateOnly? DueOn { get; set; }
    public bool Done { get; set; }
    public string? DoneBy { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? Evidence { get; set; }
}

/// <summary>Decision at a gate.</summary>
public enum GateDecision { Pending, Passed, Failed }

/// <summary>A go/no-go gate at the end of a stage, with measurable criteria.</summary>
public sealed class Gate
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public int Stage { get; set; }
    public string Name { get; set; } = "";
    public string Criteria { get; set; } = "";
    public GateDecision Decision { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? Note { get; set; }
}

/// <summary>Whether a KPI meets its target from above (adoption) or below (cost).</summary>
public enum KpiDirection { AtLeast, AtMost }

/// <summary>A measurable target of a project (adoption, response rate, ...).</summary>
public sealed class RolloutKpi
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public string Name { get; set; } = "";
    public string Unit { get; set; } = "";
    public KpiDirection Direction { get; set; }
    /// <summary>The stage whose gate requires this KPI to meet its target (null: tracked only).</summary>
    public int? GateStage { get; set; }
    public decimal Target { get; set; }
    public decimal? Actual { get; set; }
    public DateTimeOffset? MeasuredAt { get; set; }
}

/// <summary>One reading of a KPI, so progress can be shown over time.</summary>
public sealed class KpiMeasurement
{
    public long Id { get; set; }
    public long KpiId { get; set; }
    public long ProjectId { get; set; }
    public decimal Value { get; set; }
    public DateTimeOffset MeasuredAt { get; set; }
    public string? RecordedBy { get; set; }
}

/// <summary>A risk to the rollout (the named causes of failure are the usual ones).</summary>
public sealed class RolloutRisk
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public string Title { get; set; } = "";
    /// <summary>1-5.</summary>
    public int Likelihood { get; set; }
    /// <summary>1-5.</summary>
    public int Impact { get; set; }
    public string? Mitigation { get; set; }
    public string? Owner { get; set; }
    public bool Open { get; set; } = true;
}

internal sealed class RolloutProjectConfiguration : IEntityTypeConfiguration<RolloutProject>
{
    public void Configure(EntityTypeBuilder<RolloutProject> b)
    {
        b.ToTable("RolloutProjects");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Organisation).HasMaxLength(200);
        b.Property(x => x.ConsultantUserId).HasMaxLength(450);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
        foreach (var money in new[] { nameof(RolloutProject.Budget), nameof(RolloutProject.TcoTarget), nameof(RolloutProject.TcoActual) })
            b.Property<decimal>(money).HasPrecision(18, 2);
        b.Property(x => x.RoiTarget).HasPrecision(9, 4);
        b.Property(x => x.RoiActual).HasPrecision(9, 4);
    }
}

internal sealed class RolloutPhaseConfiguration : IEntityTypeConfiguration<RolloutPhase>
{
    public void Configure(EntityTypeBuilder<RolloutPhase> b)
    {
        b.ToTable("RolloutPhases");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
        b.HasIndex(x => new { x.ProjectId, x.Number }).IsUnique();
    }
}

internal sealed class RolloutStageConfiguration : IEntityTypeConfiguration<RolloutStage>
{
    public void Configure(EntityTypeBuilder<RolloutStage> b)
    {
        b.ToTable("RolloutStages");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
        b.HasIndex(x => new { x.ProjectId, x.Number }).IsUnique();
    }
}

internal sealed class ChecklistItemConfiguration : IEntityTypeConfiguration<ChecklistItem>
{
    public void Configure(EntityTypeBuilder<ChecklistItem> b)
    {
        b.ToTable("ChecklistItems");
        b.Property(x => x.Text).HasMaxLength(300);
        b.Property(x => x.Owner).HasMaxLength(200);
        b.Property(x => x.DoneBy).HasMaxLength(200);
        b.Property(x => x.Evidence).HasMaxLength(2000);
        b.HasIndex(x => new { x.ProjectId, x.Number }).IsUnique();
    }
}

internal sealed class GateConfiguration : IEntityTypeConfiguration<Gate>
{
    public void Configure(EntityTypeBuilder<Gate> b)
    {
        b.ToTable("Gates");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Criteria).HasMaxLength(2000);
        b.Property(x => x.Decision).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.DecidedBy).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(2000);
        b.HasIndex(x => new { x.ProjectId, x.Stage });
    }
}

internal sealed class RolloutKpiConfiguration : IEntityTypeConfiguration<RolloutKpi>
{
    public void Configure(EntityTypeBuilder<RolloutKpi> b)
    {
        b.ToTable("RolloutKpis");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Unit).HasMaxLength(20);
        b.Property(x => x.Direction).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Target).HasPrecision(18, 4);
        b.Property(x => x.Actual).HasPrecision(18, 4);
        b.HasIndex(x => x.ProjectId);
    }
}

internal sealed class RolloutRiskConfiguration : IEntityTypeConfiguration<RolloutRisk>
{
    public void Configure(EntityTypeBuilder<RolloutRisk> b)
    {
        b.ToTable("RolloutRisks");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Mitigation).HasMaxLength(2000);
        b.Property(x => x.Owner).HasMaxLength(200);
        b.HasIndex(x => new { x.ProjectId, x.Open });
    }
}

internal sealed class KpiMeasurementConfiguration : IEntityTypeConfiguration<KpiMeasurement>
{
    public void Configure(EntityTypeBuilder<KpiMeasurement> b)
    {
        b.ToTable("KpiMeasurements");
        b.Property(x => x.Value).HasPrecision(18, 4);
        b.Property(x => x.RecordedBy).HasMaxLength(200);
        b.HasIndex(x => new { x.KpiId, x.MeasuredAt });
    }
}
