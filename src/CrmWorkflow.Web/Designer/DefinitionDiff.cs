using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Web.Designer;

/// <summary>Whether something is new in the later version, gone from it, or different.</summary>
public enum ChangeKind { Added, Removed, Changed }

/// <summary>One named value before and after (compact JSON or plain text; null when absent).</summary>
public sealed record ValueChange(string Name, string? Old, string? New);

/// <summary>A workflow-level change: name, description, an input, a variable or a trigger.</summary>
public sealed record WorkflowChange(ChangeKind Kind, string Part, string Name, IReadOnlyList<ValueChange> Values);

/// <summary>An activity added, removed or changed (with the name, type and inputs that changed).</summary>
public sealed record ActivityChange(ChangeKind Kind, string Id, string Type, string? Name, IReadOnlyList<ValueChange> Values);

/// <summary>A connection added or removed (a connection has no other properties to change).</summary>
public sealed record ConnectionChange(ChangeKind Kind, string From, string Port, string To);

/// <summary>
/// What changed between two versions of a definition, in the terms an analyst reviews:
/// activities and their inputs, connections, and the workflow's own settings. Positions on the
/// canvas are reported apart (<see cref="Moved"/>) because moving a box changes nothing at run time.
/// </summary>
public sealed record DefinitionDiff(
    IReadOnlyList<WorkflowChange> Workflow,
    IReadOnlyList<ActivityChange> Activities,
    IReadOnlyList<ConnectionChange> Connections,
    IReadOnlyList<string> Moved)
{
    private static readonly JsonSerializerOptions Compact = new(DefinitionJson.Options) { WriteIndented = false };

    /// <summary>True when the versions behave the same (layout moves aside).</summary>
    public bool IsEmpty => Workflow.Count == 0 && Activities.Count == 0 && Connections.Count == 0;

    /// <summary>Compares an older version (<paramref name="from"/>) with a newer one.</summary>
    public static DefinitionDiff Compare(WorkflowDefinition from, WorkflowDefinition to) =>
        new(CompareWorkflow(from, to), CompareActivities(from, to), CompareConnections(from, to), CompareLayout(from, to));

    private static List<WorkflowChange> CompareWorkflow(WorkflowDefinition from, WorkflowDefinition to)
    {
        var changes = new List<WorkflowChange>();
        if (from.Name != to.Name) changes.Add(new(ChangeKind.Changed, "Name", "name", [new("name", from.Name, to.Name)]));
        if (from.Description != to.Description)
            changes.Add(new(ChangeKind.Changed, "Description", "description", [new("description", from.Description, to.Description)]));
        changes.AddRange(CompareVariables("Input", from.Inputs, to.Inputs));
        changes.AddRange(CompareVariables("Variable", from.Variables, to.Variables));
        // A trigger is known by its event; the condition is what may change.
        changes.AddRange(Keyed("Trigger", from.Triggers, to.Triggers, t => t.Event,
            (a, b) => Values(("condition", a?.Condition, b?.Condition))));
        return changes;
    }

    private static IEnumerable<WorkflowChange> CompareVariables(string part, IReadOnlyList<VariableDefinition> from, IReadOnlyList<VariableDefinition> to) =>
        Keyed(part, from, to, v => v.Name, (a, b) => Values(
            ("type", a?.Type, b?.Type),
            ("required", Flag(a?.Required), Flag(b?.Required)),
            ("default", Json(a?.Default), Json(b?.Default)),
            ("description", a?.Description, b?.Description)));

    private static IEnumerable<WorkflowChange> Keyed<T>(string part, IReadOnlyList<T> from, IReadOnlyList<T> to, Func<T, string> key,
        Func<T?, T?, List<ValueChange>> values) where T : class
    {
        var before = from.GroupBy(key).ToDictionary(g => g.Key, g => g.First());
        var after = to.GroupBy(key).ToDictionary(g => g.Key, g => g.First());
        foreach (var (name, old) in before)
        {
            if (!after.TryGetValue(name, out var now)) yield return new(ChangeKind.Removed, part, name, values(old, null));
            else if (values(old, now) is { Count: > 0 } changed) yield return new(ChangeKind.Changed, part, name, changed);
        }
        foreach (var (name, now) in after)
            if (!before.ContainsKey(name)) yield return new(ChangeKind.Added, part, name, values(null, now));
    }

    private static List<ActivityChange> CompareActivities(WorkflowDefinition from, WorkflowDefinition to)
    {
        var before = from.Activities.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.First());
        var after = to.Activities.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.First());
        var changes = new List<ActivityChange>();
        foreach (var old in before.Values.Where(a => !after.ContainsKey(a.Id)))
            changes.Add(new(ChangeKind.Removed, old.Id, old.Type, old.Name, ActivityValues(old, null)));
        foreach (var now in to.Activities.Where(a => after[a.Id] == a))
        {
            if (!before.TryGetValue(now.Id, out var old)) changes.Add(new(ChangeKind.Added, now.Id, now.Type, now.Name, ActivityValues(null, now)));
            else if (ActivityValues(old, now) is { Count: > 0 } changed) changes.Add(new(ChangeKind.Changed, now.Id, now.Type, now.Name, changed));
        }
        return changes;
    }

    private static List<ValueChange> ActivityValues(ActivityNode? old, ActivityNode? now)
    {
        var changes = Values(("type", old?.Type, now?.Type), ("name", old?.Name, now?.Name));
        var names = (old?.Inputs?.Select(i => i.Key) ?? []).Union(now?.Inputs?.Select(i => i.Key) ?? []);
        foreach (var input in names)
        {
            JsonNode? a = null, b = null;
            var hadA = old?.Inputs?.TryGetPropertyValue(input, out a) == true;
            var hasB = now?.Inputs?.TryGetPropertyValue(input, out b) == true;
            if (hadA == hasB && JsonNode.DeepEquals(a, b)) continue;
            changes.Add(new($"inputs.{input}", hadA ? Json(a) ?? "null" : null, hasB ? Json(b) ?? "null" : null));
        }
        return changes;
    }

    private static List<ConnectionChange> CompareConnections(WorkflowDefinition from, WorkflowDefinition to)
    {
        var before = from.Connections.Select(c => (c.From, Port: c.EffectivePort, c.To)).ToHashSet();
        var after = to.Connections.Select(c => (c.From, Port: c.EffectivePort, c.To)).ToHashSet();
        return [.. before.Where(c => !after.Contains(c)).Select(c => new ConnectionChange(ChangeKind.Removed, c.From, c.Port, c.To)),
            .. after.Where(c => !before.Contains(c)).Select(c => new ConnectionChange(ChangeKind.Added, c.From, c.Port, c.To))];
    }

    // Only activities in both versions: a new or removed activity is already listed above.
    private static List<string> CompareLayout(WorkflowDefinition from, WorkflowDefinition to) =>
        [.. to.Activities.Select(a => a.Id).Distinct()
            .Where(id => from.Activities.Any(a => a.Id == id))
            .Where(id => !JsonNode.DeepEquals(from.Layout?[id], to.Layout?[id]))];

    private static List<ValueChange> Values(params (string Name, string? Old, string? New)[] values) =>
        [.. values.Where(v => v.Old != v.New).Select(v => new ValueChange(v.Name, v.Old, v.New))];

    private static string? Flag(bool? value) => value is { } v ? (v ? "yes" : "no") : null;

    private static string? Json(JsonNode? node) => node is null ? null : node.ToJsonString(Compact);
}
