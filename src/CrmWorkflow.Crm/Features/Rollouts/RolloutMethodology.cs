namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>
/// The implementation methodology a rollout project is built from: three adoption phases, seven
/// implementation stages and the ten-point checklist (see docs/rollouts.md for the reasoning).
/// </summary>
public static class RolloutMethodology
{
    /// <summary>The event raised whenever a project's checklist or KPIs change (correlation: project id).</summary>
    public const string ChangedEvent = "rollout.changed";

    /// <summary>The event that starts the rollout workflow for a new project.</summary>
    public const string CreatedEvent = "rollout.created";

    /// <summary>The shipped workflow (workflows/crm-rollout.json).</summary>
    public const string WorkflowId = "crm-rollout";

    /// <summary>The KPI whose readings are the project's total cost of ownership.</summary>
    public const string TcoKpi = "TCO";

    /// <summary>The KPI whose readings are the project's return on investment, in percent.</summary>
    public const string RoiKpi = "ROI";

    /// <summary>Adoption phases: name and the last implementation stage that belongs to it.</summary>
    public static readonly IReadOnlyList<(int Number, string Name, int LastStage)> Phases =
    [
        // Users first learn the system on customer-oriented reports while it is specified, built and tested...
        (1, "Entry / learning: identify customers", 4),
        // ...segment customers once pilot and rollout put real detail data in their hands...
        (2, "Familiar application: segment customers", 6),
        // ...and forecast and automate during continuous support.
        (3, "Proficient improvement: predict customers", 7),
    ];

    /// <summary>Implementation stages with the share of the time before go-live each gets (stage 7 follows go-live).</summary>
    public static readonly IReadOnlyList<(int Number, string Name, int Weight)> Stages =
    [
        (1, "Analysis and specification", 15),
        (2, "Project planning and management", 10),
        (3, "System configuration and integration", 30),
        (4, "System testing and re-work", 20),
        (5, "Pilot and QA testing", 15),
        (6, "Final rollout and demonstration", 10),
        (7, "Continuous support", 0),
    ];

    /// <summary>How long stage 7 (continuous support) is planned to run after go-live before the project closes.</summary>
    public const int SupportDays = 90;

    /// <summary>The ten-point checklist: text, the stage whose gate needs it, and who usually owns it.</summary>
    public static readonly IReadOnlyList<(int Number, string Text, int Stage, string Owner)> Checklist =
    [
        (1, "Needs analysis from the current business", 1, "CRM expert"),
        (2, "Explicit goals", 1, "Management"),
        (3, "Team formed, shared concepts, training", 2, "Project manager"),
        (4, "Overall design and project plan", 2, "CRM expert"),
        (5, "Most suitable solution chosen", 2, "IT"),
        (6, "Top-management support, all-staff participation", 1, "Management"),
        (7, "Implementation plan, steps and measurable criteria per phase", 2, "Project manager"),
        (8, "TCO and ROI targets set", 2, "Finance"),
        (9, "Parameter configuration, debugging, go-live preparation", 4, "IT"),
        (10, "Go-live and continuous optimisation", 6, "Project team"),
    ];

    /// <summary>The usual causes of failure, recorded as the opening risks of every project.</summary>
    public static readonly IReadOnlyList<(string Title, string Mitigation)> Risks =
    [
        ("Strategy confused with software", "Agree the customer strategy and goals (items 1, 2) before choosing tools."),
        ("Staff do not adopt the system", "Train the trainers per department; measure adoption at the pilot and after go-live."),
        ("No integration with order, inventory, billing and finance", "Plan the integrations in stage 3 and test them in stage 4."),
        ("Greedy scope", "Start where the company is familiar, show results, fund the next phase."),
        ("Weak or unstable project team", "Form the team with management, IT, users, finance and an external expert (item 3)."),
    ];

    /// <summary>The adoption phase a stage belongs to.</summary>
    public static int PhaseOf(int stage) => Phases.FirstOrDefault(p => stage <= p.LastStage).Number is var n and > 0 ? n : 3;

    /// <summary>The name of a stage (1-7).</summary>
    public static string StageName(int stage) => Stages.FirstOrDefault(s => s.Number == stage).Name ?? $"Stage {stage}";

    /// <summary>The name of an adoption phase (1-3).</summary>
    public static string PhaseName(int phase) => Phases.FirstOrDefault(p => p.Number == phase).Name ?? $"Phase {phase}";
}
