using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Activities;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;
using Scriban.Runtime;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>What one lead's replay through a version's steps before routing gave.</summary>
public sealed record RuleChoice(bool Reached, RoutingRule? Rule, string? Fault);

/// <summary>
/// What decides routing in one version of a workflow: the first-time <c>crm.routeLead</c> step
/// with its inputs, and the steps before it. Those steps are replayed per lead with the engine's
/// own code (decision tables, decisions, variables) through <see cref="WorkflowExecutor"/>'s
/// probe; <c>crm.enrichLead</c> is rebuilt from the lead's stored data because it reads the
/// database. Any other step before routing makes the version "not simulable", said plainly.
/// </summary>
public sealed class RoutingPlan
{
    // Steps whose code needs nothing but the instance's data; core.log is skipped (it would only write to the log).
    private static readonly HashSet<string> Probeable = ["core.setVariable", "core.decision", "core.switch", "core.decisionTable"];
    private const string Enrich = "crm.enrichLead";

    private readonly CompiledWorkflow _flow;
    private readonly WorkflowExecutor _executor;
    private readonly List<CompiledNode> _before;
    private readonly CompiledNode _route;
    private readonly List<(RoutingRule Rule, CompiledScript? When)> _rules;

    private RoutingPlan(CompiledWorkflow flow, WorkflowExecutor executor, List<CompiledNode> before, CompiledNode route,
        List<(RoutingRule, CompiledScript?)> rules)
    {
        _flow = flow;
        _executor = executor;
        _before = before;
        _route = route;
        _rules = rules;
        var state = NewState();
        var activity = (RouteLeadActivity)route.Activity;
        RespectCapacity = executor.ProbeInput(flow, state, route.Id, activity.RespectCapacity, true);
        RequireWorkingHours = executor.ProbeInput(flow, state, route.Id, activity.RequireWorkingHours, false);
        FallbackQueue = executor.ProbeInput(flow, state, route.Id, activity.FallbackQueue, "leads-unassigned");
    }

    public int Version => _flow.Definition.Version;
    public string RouteActivityId => _route.Id;
    public bool RespectCapacity { get; }
    public bool RequireWorkingHours { get; }
    public string FallbackQueue { get; }

    /// <summary>The round-robin pointer key the runtime uses for a rule of this step.</summary>
    public string PointerKey(RoutingRule rule) => $"{_flow.Definition.DefinitionId}/{_route.Id}/{rule.Name}";

    /// <summary>The plan, or why the version's routing cannot be replayed faithfully.</summary>
    public static (RoutingPlan? Plan, string? Problem) Extract(CompiledWorkflow flow, WorkflowExecutor executor)
    {
        var routes = flow.Nodes.Where(n => n.Node.Type == "crm.routeLead" && flow.CanReach(flow.Start, n)).ToList();
        if (routes.Any(r => r.Inputs.TryGetValue("reroute", out var v) && !v.IsLiteral))
            return (null, "A crm.routeLead step decides 'reroute' with an expression, so the first routing cannot be told apart from a reroute.");
        var first = routes.Where(r => !(r.Inputs.TryGetValue("reroute", out var v) && v.Literal is JsonValue j && j.TryGetValue<bool>(out var b) && b)).ToList();
        if (first.Count == 0) return (null, "No crm.routeLead step (other than reroutes) is reachable from the start.");
        if (first.Count > 1) return (null, $"Leads are routed in {first.Count} places ({string.Join(", ", first.Select(r => r.Id))}); the simulation replays one.");
        var route = first[0];
        // These hold for every lead at run time only when written as values; per-lead expressions are not replayed.
        if (new[] { "respectCapacity", "requireWorkingHours", "fallbackQueue" }.FirstOrDefault(n => route.Inputs.TryGetValue(n, out var v) && !v.IsLiteral) is { } computed)
            return (null, $"'{route.Id}' decides '{computed}' with an expression; the simulation replays it only when written as a value.");
        // Steps that run before routing: they can reach it, and it cannot reach them (no loop back).
        var before = flow.Nodes.Where(n => n != route && n != flow.Start && flow.CanReach(n, route) && !flow.CanReach(route, n)).ToList();
        if (before.FirstOrDefault(n => n.Node.Type != Enrich && n.Node.Type != "core.log" && !Probeable.Contains(n.Node.Type)) is { } other)
            return (null, $"Step '{other.Id}' ({other.Node.Type}) runs before the routing and the simulation cannot evaluate it without side effects.");
        // Topological order: a step comes after every step that can reach it.
        before = before.OrderBy(n => before.Count(m => m != n && flow.CanReach(m, n))).ThenBy(n => n.Index).ToList();
        if (route.Node.Inputs?["rules"] is not JsonArray array) return (null, $"'{route.Id}' has no literal list of rules.");
        var rules = new List<(RoutingRule, CompiledScript?)>();
        foreach (var rule in array.Deserialize<List<RoutingRule>>(DefinitionJson.Options) ?? [])
        {
            CompiledScript? when = null;
            if (!string.IsNullOrWhiteSpace(rule.When) && executor.Expressions.Compile(rule.When, ScriptKind.Expression) is { Script: { } s }) when = s;
            rules.Add((rule, when));
        }
        return (new RoutingPlan(flow, executor, before, route, rules), null);
    }

    /// <summary>
    /// Runs the steps before routing for one lead, as the runtime would at intake, and picks the
    /// rule. Not reached means the version's paths never get this lead to the routing step.
    /// </summary>
    public async ValueTask<RuleChoice> ChooseAsync(Lead lead, CustomerMatch? customer, CancellationToken ct)
    {
        var state = NewState(lead.Id);
        var taken = new Dictionary<CompiledNode, IReadOnlyList<string>> { [_flow.Start] = [Ports.Done] };
        try
        {
            foreach (var node in _before)
            {
                if (!Arrives(node, taken)) continue;
                taken[node] = node.Node.Type switch
                {
                    Enrich => EnrichOutputs(state, node, lead, customer),
                    "core.log" => [Ports.Done],
                    _ => await _executor.ProbeAsync(_flow, state, node.Id, ct),
                };
            }
            if (!Arrives(_route, taken)) return new RuleChoice(false, null, null);
            var activity = (RouteLeadActivity)_route.Activity;
            if (_executor.ProbeInput(_flow, state, _route.Id, activity.Rule, null) is { Length: > 0 } name)
                return _rules.FirstOrDefault(r => r.Rule.Name == name).Rule is { } named
                    ? new RuleChoice(true, named, null)
                    : new RuleChoice(true, null, $"'{_route.Id}' has no rule named '{name}'.");
            var locals = new ScriptObject { ["lead"] = ScriptValues.FromJson(LeadAtIntake(lead, lead.Score)) };
            foreach (var (rule, when) in _rules)
                if (rule.Mismatch(lead) is null && (when is null || ScriptValues.IsTrue(_executor.ProbeScript(_flow, state, when, locals))))
                    return new RuleChoice(true, rule, null);
            return new RuleChoice(true, null, null);
        }
        catch (Exception ex) when (ex is ExpressionException or InvalidOperationException or ArgumentException
                                       or Engine.Activities.Core.DecisionTableException or Engine.Activities.Core.WorkflowFailedException)
        {
            // The runtime would stop this lead's instance with an incident; the replay counts it.
            return new RuleChoice(true, null, ex.Message);
        }
    }

    private bool Arrives(CompiledNode node, Dictionary<CompiledNode, IReadOnlyList<string>> taken) =>
        taken.Any(t => t.Value.Any(port => t.Key.Outgoing.TryGetValue(port, out var targets) && targets.Contains(node)));

    // crm.enrichLead reads the database; its outputs are rebuilt from the lead, the customer it
    // matches and the same scoring, with the version's own score expression when it has one.
    private IReadOnlyList<string> EnrichOutputs(WorkflowInstanceState state, CompiledNode node, Lead lead, CustomerMatch? customer)
    {
        var activity = (EnrichLeadActivity)node.Activity;
        var customerJson = customer?.Json();
        var score = lead.Score;
        if (!(_executor.ProbeInput(_flow, state, node.Id, activity.KeepGivenScore, true) && lead.Score > 0))
        {
            score = node.Inputs.TryGetValue("score", out var given) && given.Script is { } script
                ? (int)ValueConverter.Convert<decimal>(ScriptValues.ToJson(_executor.ProbeScript(_flow, state, script, new ScriptObject
                {
                    ["lead"] = ScriptValues.FromJson(LeadAtIntake(lead, lead.Score)), ["customer"] = ScriptValues.FromJson(customerJson),
                })), $"Input 'score' of '{node.Id}'")
                : EnrichLeadActivity.BuiltInScore(lead, customer?.AsCustomer());
            score = Math.Clamp(score, 0, 100);
        }
        state.Outputs[node.Id] = new JsonObject
        {
            ["lead"] = LeadAtIntake(lead, score), ["score"] = score, ["existingCustomer"] = customerJson,
        };
        return [Ports.Done];
    }

    // The lead as the workflow saw it when it came in: new, unassigned, not queued.
    private static JsonObject LeadAtIntake(Lead lead, int score)
    {
        var json = LeadExplanation.LeadJson(lead);
        json["score"] = score;
        json["status"] = nameof(LeadStatus.New);
        json["managerId"] = null;
        json["queue"] = null;
        return json;
    }

    private WorkflowInstanceState NewState(long leadId = 0)
    {
        var variables = new JsonObject();
        foreach (var v in _flow.Definition.Variables) variables[v.Name] = v.Default?.DeepClone();
        return new WorkflowInstanceState
        {
            DefinitionId = _flow.Definition.DefinitionId, Version = _flow.Definition.Version, Status = WorkflowStatus.Running,
            Input = new JsonObject { ["leadId"] = leadId }, Variables = variables,
        };
    }
}

/// <summary>The existing customer a lead matches (by email, then company name), as enrichment finds it.</summary>
public sealed record CustomerMatch(long Id, string Name, CustomerTier Tier, bool IsKeyAccount, string? ManagerId)
{
    public JsonObject Json() => new()
    {
        ["id"] = Id, ["name"] = Name, ["tier"] = Tier.ToString(), ["isKeyAccount"] = IsKeyAccount, ["managerId"] = ManagerId,
    };

    public Customer AsCustomer() => new() { Id = Id, Name = Name, Tier = Tier, IsKeyAccount = IsKeyAccount, ManagerId = ManagerId };
}
