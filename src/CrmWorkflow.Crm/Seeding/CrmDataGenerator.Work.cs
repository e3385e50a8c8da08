using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Seeding;

public sealed partial class CrmDataGenerator
{
    private static void WriteLeadsAndComplaints(GeneratorState s, Tables t)
    {
        var count = Math.Max(20, s.Options.Customers / 10);
        var leadStatuses = Enum.GetValues<LeadStatus>();
        for (var i = 1; i <= count; i++)
        {
            var region = s.Weighted(NameBank.Regions.Select(r => ((r.Name, r.Chinese), r.Weight)).ToList());
            var status = leadStatuses[i % leadStatuses.Length];
            var created = s.Now.AddHours(-s.Random.Next(1, 24 * 30));
            var person = s.PersonName(region.Chinese);
            // Assignment and first-contact times follow from the row number, not the random
            // stream, so the rest of the generated data stays as it was.
            DateTimeOffset? assigned = status == LeadStatus.New ? null : created.AddMinutes(2 + i % 40);
            DateTimeOffset? contacted = status is LeadStatus.Contacted or LeadStatus.Qualified or LeadStatus.Converted
                ? Min(assigned!.Value.AddMinutes(30 + i * 37 % 1800), s.Now) : null;
            t.Add(new Lead
            {
                Id = i, SourceChannel = s.Pick([Channel.Web, Channel.Phone, Channel.Email, Channel.Visit, Channel.Chat]), PersonName = person,
                CompanyName = s.Chance(0.6) ? s.CompanyName(region.Chinese, region.Name) : null, Email = GeneratorState.Email(person, 900_000 + i),
                Region = region.Name, Industry = s.Weighted(NameBank.Industries), Size = (int)(10 * s.LogNormal(1.2)),
                ProductInterest = s.Pick(NameBank.Products).Name, EstimatedValue = decimal.Round((decimal)(5000 * s.LogNormal(0.8)), 2),
                Score = s.Random.Next(5, 100), Status = status,
                AssignedManagerId = status == LeadStatus.New ? null : s.Pick(s.ManagerIds), AssignedAt = assigned, ContactedAt = contacted,
                FirstContactDueAt = status is LeadStatus.New or LeadStatus.Assigned ? created.AddHours(4) : null,
                ConvertedCustomerId = status == LeadStatus.Converted ? s.Random.Next(1, s.Options.Customers + 1) : null,
                CreatedAt = created,
            });
        }
        var statuses = Enum.GetValues<ComplaintStatus>();
        for (var i = 1; i <= count; i++)
        {
            var status = statuses[i % statuses.Length];
            var severity = s.Weighted<Severity>([(Severity.Low, 4), (Severity.Medium, 4), (Severity.High, 2), (Severity.Critical, 1)]);
            var opened = s.Now.AddHours(-s.Random.Next(1, 24 * 20));
            var closed = status is ComplaintStatus.Resolved or ComplaintStatus.Closed;
            var complaint = new Complaint
            {
                Id = i, CustomerId = s.Random.Next(1, s.Options.Customers + 1), Channel = s.Pick([Channel.Phone, Channel.Email, Channel.Web, Channel.Visit, Channel.Sms]),
                Category = s.Pick(NameBank.ComplaintCategories), Severity = severity,
                Description = s.Pick(["Invoice charged twice", "Delivery two weeks late", "Rude answer on the hotline", "App crashes on login", "Contract terms unclear", "Waited 40 minutes in the queue"]),
                Status = status, SlaPolicyId = 1 + (int)severity, OpenedAt = opened, SlaStartedAt = opened,
                ResponseDueAt = opened.AddHours(2), ResolutionDueAt = opened.AddHours(24 + 24 * (3 - (int)severity)),
                WarningAt = opened.AddHours(20), BreachedAt = !closed && s.Chance(0.2) ? opened.AddHours(30) : null,
                RespondedAt = status == ComplaintStatus.New ? null : opened.AddMinutes(s.Random.Next(10, 180)),
                ResolvedAt = closed ? opened.AddHours(s.Random.Next(2, 72)) : null,
                EscalationLevel = severity == Severity.Critical ? 1 : 0, AssigneeId = status == ComplaintStatus.New ? null : s.Pick(s.ManagerIds),
                Resolution = closed ? "Refunded and apologised" : null, RootCause = closed ? s.Pick(["Process gap", "System error", "Training", "Supplier"]) : null,
                Satisfaction = status == ComplaintStatus.Closed ? s.Random.Next(1, 6) : null,
            };
            // Waiting on the customer: the SLA clock stands still from when the question went out.
            if (status == ComplaintStatus.WaitingOnCustomer) Features.Complaints.SlaRules.Pause(complaint, opened.AddHours(3));
            t.Add(complaint);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static readonly string[] Phases = ["Identify customers", "Segment customers", "Predict customers"];

    private static readonly string[] Stages =
        ["Analysis and specification", "Project planning and management", "System configuration and integration",
         "System testing and re-work", "Pilot and QA testing", "Final rollout and demonstration", "Continuous support"];

    private static readonly string[] Checklist =
        ["Needs analysis from the current business", "Explicit goals", "Team formed, shared concepts, training",
         "Overall design and project plan", "Most suitable solution chosen", "Top-management support, all-staff participation",
         "Implementation plan, steps and measurable criteria per phase", "TCO and ROI targets set",
         "Parameter configuration, debugging, go-live preparation", "Go-live and continuous optimisation"];

    // The checklist item's natural stage (1-7).
    private static readonly int[] ChecklistStage = [1, 1, 2, 2, 2, 2, 2, 2, 4, 6];

    private static void WriteRollouts(GeneratorState s, Tables t)
    {
        (string Name, string Org, int Stage, int Phase)[] projects =
            [("Head-office CRM rollout", "华信贸易有限公司", 4, 1), ("Retail service centre", "Northwind Retail Ltd", 7, 2)];
        long phaseId = 0, stageId = 0, itemId = 0, gateId = 0, kpiId = 0, riskId = 0;
        for (var p = 0; p < projects.Length; p++)
        {
            var (name, org, current, phase) = projects[p];
            var projectId = p + 1;
            var start = DateOnly.FromDateTime(s.Now.UtcDateTime).AddDays(-30 * (current + 1));
            t.Add(new RolloutProject
            {
                Id = projectId, Name = name, Organisation = org, StartedOn = start, TargetGoLive = start.AddDays(30 * 6),
                CurrentPhase = phase, CurrentStage = current, Budget = 480_000m, TcoTarget = 650_000m, TcoActual = 120_000m * current,
                RoiTarget = 0.25m, RoiActual = current >= 6 ? 0.12m : 0m,
            });
            for (var i = 0; i < Phases.Length; i++)
                t.Add(new RolloutPhase
                {
                    Id = ++phaseId, ProjectId = projectId, Number = i + 1, Name = Phases[i],
                    Status = i + 1 < phase ? RolloutStatus.Done : i + 1 == phase ? RolloutStatus.InProgress : RolloutStatus.NotStarted,
                });
            for (var i = 0; i < Stages.Length; i++)
            {
                var number = i + 1;
                var planned = start.AddDays(30 * i);
                t.Add(new RolloutStage
                {
                    Id = ++stageId, ProjectId = projectId, Number = number, Name = Stages[i], PlannedStart = planned, PlannedEnd = planned.AddDays(29),
                    Status = number < current ? RolloutStatus.Done : number == current ? RolloutStatus.InProgress : RolloutStatus.NotStarted,
                    ActualStart = number <= current ? planned.AddDays(s.Random.Next(0, 5)) : null, ActualEnd = number < current ? planned.AddDays(s.Random.Next(25, 40)) : null,
                });
                t.Add(new Gate
                {
                    Id = ++gateId, ProjectId = projectId, Stage = number, Name = $"Gate {number}: {Stages[i]}",
                    Criteria = "Checklist items of the stage done; KPIs on track; sponsor sign-off",
                    Decision = number < current ? GateDecision.Passed : GateDecision.Pending, DecidedBy = number < current ? "sponsor" : null,
                    DecidedAt = number < current ? s.Now.AddDays(-30 * (current - number)) : null,
                });
            }
            for (var i = 0; i < Checklist.Length; i++)
            {
                var done = ChecklistStage[i] < current;
                t.Add(new ChecklistItem
                {
                    Id = ++itemId, ProjectId = projectId, Number = i + 1, Text = Checklist[i], Stage = ChecklistStage[i], Done = done,
                    DoneBy = done ? "consultant@demo.local" : null, DoneAt = done ? s.Now.AddDays(-30 * (current - ChecklistStage[i])) : null,
                });
            }
            foreach (var (kpi, unit, target, actual) in new (string, string, decimal, decimal?)[]
                     { ("Weekly active users", "%", 80m, 64m), ("Campaign response rate", "%", 6m, 4.2m), ("Complaints resolved within SLA", "%", 95m, 91m), ("Cost to serve per customer", "CNY", 120m, null) })
                t.Add(new RolloutKpi { Id = ++kpiId, ProjectId = projectId, Name = kpi, Unit = unit, Target = target, Actual = actual, MeasuredAt = actual is null ? null : s.Now.AddDays(-7) });
            foreach (var (risk, likelihood, impact) in new[] { ("Staff do not adopt the system", 3, 5), ("No integration with billing", 2, 4), ("Scope creep", 4, 3) })
                t.Add(new RolloutRisk { Id = ++riskId, ProjectId = projectId, Title = risk, Likelihood = likelihood, Impact = impact, Mitigation = "Owner named; reviewed at each gate", Owner = "consultant@demo.local" });
        }
    }
}
