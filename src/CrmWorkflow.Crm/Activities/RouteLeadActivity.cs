using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;
using Microsoft.EntityFrameworkCore;
using Scriban.Runtime;

namespace CrmWorkflow.Crm.Activities;

/// <summary>Assigns a lead to a client manager under an assignment policy, and says why.</summary>
[Activity("crm.routeLead", "CRM", "Assigns a lead to a client manager by an ordered list of rules (round robin, least loaded, weighted, best match or fixed), skipping managers who are inactive, away, full or off duty; with nobody eligible the lead waits in a fallback queue. The explanation is stored on the lead.")]
[Ports("assigned", "queued")]
[Output("manager", "object", "The chosen manager { id, name, email, userId }.")]
[Output("queue", "string", "The queue the lead waits in when no manager was chosen.")]
[Output("rule", "string", "The rule that applied.")]
[Output("explanation", "string", "One sentence: rule, strategy and choice.")]
[Output("dueAt", "string", "When first contact is due.")]
[Output("supervisor", "object", "Who to tell when the lead was queued or rerouted { id, name, email }.")]
[Output("previousManager", "object", "On a reroute, the manager who had the lead.")]
[Output("lead", "object", "The lead as routed.")]
public sealed partial class RouteLeadActivity : Activity
{
    /// <summary>Lead.</summary>
    [Input("The lead's id, e.g. input.leadId.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> Lead { get; } = new();

    /// <summary>Rules.</summary>
    [Input("Ordered rules: { name, when, regions, industries, sources, productInterests, minSize, maxSize, minScore, maxScore, strategy (roundRobin, leastLoaded, weighted, bestMatch, fixed), managers, team, sameRegion, minSeniority, weights, manager, queue }. The first whose criteria all hold applies.",
        Required = true, UiHint = UiHint.Table)]
    public Input<IReadOnlyList<RoutingRule>> Rules { get; } = new();

    /// <summary>Rule.</summary>
    [Input("Apply this rule by name (e.g. chosen by a decision table) instead of the first that matches.", UiHint = UiHint.Expression)]
    public Input<string?> Rule { get; } = new();

    /// <summary>Working hours.</summary>
    [Input("Only managers inside their working hours now.", UiHint = UiHint.Checkbox, DefaultJson = "false")]
    public Input<bool> RequireWorkingHours { get; } = new();

    /// <summary>Capacity.</summary>
    [Input("Skip managers whose open leads reached their capacity.", UiHint = UiHint.Checkbox, DefaultJson = "true")]
    public Input<bool> RespectCapacity { get; } = new();

    /// <summary>Reroute.</summary>
    [Input("Reroute: take the lead from its manager and give it to someone who has not had it yet.", UiHint = UiHint.Checkbox, DefaultJson = "false")]
    public Input<bool> Reroute { get; } = new();

    /// <summary>Fallback queue.</summary>
    [Input("Queue the lead waits in when nobody is eligible.", DefaultJson = "\"leads-unassigned\"")]
    public Input<string> FallbackQueue { get; } = new();

    /// <summary>First contact.</summary>
    [Input("First contact is due this long after assignment (ISO 8601).", UiHint = UiHint.Duration, DefaultJson = "\"PT4H\"")]
    public Input<TimeSpan> FirstContactWithin { get; } = new();

    /// <summary>Supervisor.</summary>
    [Input("Manager id told when nobody is eligible; by default the supervisor most of the rule's managers report to.", UiHint = UiHint.Expression)]
    public Input<string?> Supervisor { get; } = new();

    /// <inheritdoc />
    public override object? Prepare(ActivityNode node, PrepareContext context)
    {
        var path = context.InputPath("rules");
        if (node.Inputs?["rules"] is not JsonArray array)
        {
            context.Report(path, "Rules must be a list written in the workflow (not an expression).");
            return null;
        }
        List<RoutingRule>? rules;
        try
        {
            rules = array.Deserialize<List<RoutingRule>>(DefinitionJson.Options);
        }
        catch (JsonException ex)
        {
            context.Report(path, $"Rules are not in the expected shape: {ex.Message}");
            return null;
        }
        var prepared = new PreparedRules();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            var rule = rules![i];
            foreach (var (field, message) in rule.Problems()) context.Report($"{path}[{i}].{field}", message);
            if (!string.IsNullOrWhiteSpace(rule.Name) && !names.Add(rule.Name)) context.Report($"{path}[{i}].name", $"Rule '{rule.Name}' is listed twice.");
            var when = string.IsNullOrWhiteSpace(rule.When) ? null : context.Compile(rule.When, ScriptKind.Expression, $"{path}[{i}].when");
            prepared.Rules.Add((rule, when));
        }
        if (prepared.Rules.Count == 0) context.Report(path, "Give at least one rule.");
        return prepared;
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var ct = context.CancellationToken;
        var leadId = context.Get(Lead);
        var lead = await context.LeadAsync(leadId);
        var (rule, chosenBy) = ChooseRule(context, lead);
        var now = context.Now;
        var reroute = context.Get(Reroute, false);
        var tried = reroute ? LeadExplanation.Tried(lead) : [];
        var (managers, awayIds) = rule is null ? ([], []) : await PoolAsync(context, rule, lead, now);
        RoutingDecision decision;
        RoutingPointer? pointer = null;
        if (rule is null)
        {
            decision = new RoutingDecision(null, null, [], 0, null, "no rule matched the lead");
        }
        else
        {
            var away = awayIds.ToHashSet();
            var workingHours = context.Get(RequireWorkingHours, false);
            var calendars = workingHours
                ? (await db.BusinessCalendars.AsNoTracking().ToListAsync(ct)).ToDictionary(c => c.Id, c => c.ToEngine())
                : [];
            if (rule.Strategy == RoutingStrategy.RoundRobin)
            {
                var key = $"{context.Instance.DefinitionId}/{context.ActivityId}/{rule.Name}";
                pointer = await PointerByKey(db, key, ct);
                if (pointer is null) db.RoutingPointers.Add(pointer = new RoutingPointer { Key = key });
            }
            var situation = new RoutingSituation(now, away, calendars, tried.ToHashSet(), workingHours,
                context.Get(RespectCapacity, true), pointer?.Position ?? 0);
            decision = LeadRouter.Route(lead, rule, managers, situation);
        }
        var previous = reroute ? lead.AssignedManagerId : null;
        ClientManager? old = null;
        if (previous is not null)
        {
            old = await db.ClientManagers.FirstOrDefaultAsync(m => m.Id == previous, ct);
            if (old is not null && old.OpenLeads > 0) old.OpenLeads--;
            context.SetOutput("previousManager", old is null ? null : ManagerJson(old));
        }
        lead.RoutingAttempts++;
        var port = Apply(context, lead, decision, pointer, now);
        // The supervisor is told when the lead is queued or taken from its manager.
        if (port == "queued" || previous is not null)
        {
            var supervisorId = context.Get(Supervisor) is { Length: > 0 } s ? s
                : previous is not null ? old?.SupervisorId
                : MostCommonSupervisor(decision, managers);
            var supervisor = supervisorId is null ? null
                : managers.FirstOrDefault(m => m.Id == supervisorId) ?? await db.ClientManagers.AsNoTracking().FirstOrDefaultAsync(m => m.Id == supervisorId, ct);
            context.SetOutput("supervisor", supervisor is null ? null : ManagerJson(supervisor));
        }
        lead.RoutingExplanation = LeadExplanation.Write(rule, chosenBy, decision, tried, previous, now);
        context.SetOutput("rule", rule?.Name);
        context.SetOutput("explanation", decision.Summary);
        context.SetOutput("lead", LeadExplanation.LeadJson(lead));
        return ActivityOutcome.Port(port);
    }

    private string Apply(ActivityContext context, Lead lead, RoutingDecision decision, RoutingPointer? pointer, DateTimeOffset now)
    {
        if (decision.Manager is { } chosen)
        {
            var db = context.Crm();
            // Attached as unchanged, so only OpenLeads is written, guarded by its old value.
            var tracked = db.ClientManagers.Local.FirstOrDefault(m => m.Id == chosen.Id) ?? db.ClientManagers.Attach(chosen).Entity;
            tracked.OpenLeads++;
            if (pointer is not null && decision.NewPosition is { } position)
            {
                pointer.Position = position;
                pointer.LastManagerId = chosen.Id;
                pointer.UpdatedAt = now;
            }
            lead.AssignedManagerId = chosen.Id;
            lead.AssignedAt = now;
            lead.Queue = null;
            lead.Status = LeadStatus.Assigned;
            lead.FirstContactDueAt = now + context.Get(FirstContactWithin, TimeSpan.FromHours(4));
            context.SetOutput("manager", ManagerJson(chosen));
            context.SetOutput("dueAt", lead.FirstContactDueAt.Value.ToString("O"));
            return "assigned";
        }
        var queue = decision.Queue ?? context.Get(FallbackQueue, "leads-unassigned");
        lead.AssignedManagerId = null;
        lead.AssignedAt = null;
        lead.Queue = queue;
        lead.Status = LeadStatus.New;
        lead.FirstContactDueAt = null;
        context.SetOutput("queue", queue);
        return "queued";
    }

    private (RoutingRule? Rule, string ChosenBy) ChooseRule(ActivityContext context, Lead lead)
    {
        var rules = context.Prepared<PreparedRules>().Rules;
        if (context.Get(Rule) is { Length: > 0 } name)
            return (rules.FirstOrDefault(r => r.Rule.Name == name).Rule
                    ?? throw new InvalidOperationException($"'{context.ActivityId}' has no rule named '{name}'."), "named by the workflow");
        var locals = new ScriptObject { ["lead"] = ScriptValues.FromJson(LeadExplanation.LeadJson(lead)) };
        foreach (var (rule, when) in rules)
            if (rule.Mismatch(lead) is null && (when is null || ScriptValues.IsTrue(context.EvaluateScript(when, locals))))
                return (rule, "first rule whose criteria hold");
        return (null, "no rule's criteria hold");
    }

    private static string? MostCommonSupervisor(RoutingDecision decision, List<ClientManager> managers)
    {
        var ids = decision.Candidates.Select(c => c.ManagerId).ToHashSet();
        return managers.Where(m => ids.Contains(m.Id) && m.SupervisorId is not null).GroupBy(m => m.SupervisorId!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
    }

    private static JsonObject ManagerJson(ClientManager m) => new()
    {
        ["id"] = m.Id, ["name"] = m.Name, ["email"] = m.Email, ["userId"] = m.UserId,
    };

    private sealed class PreparedRules
    {
        public List<(RoutingRule Rule, CompiledScript? When)> Rules { get; } = [];
    }
}
