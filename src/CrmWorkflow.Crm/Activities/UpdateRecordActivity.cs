using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Features.Records;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;

namespace CrmWorkflow.Crm.Activities;

/// <summary>Sets listed fields on a CRM record, in the step's transaction.</summary>
[Activity("crm.updateRecord", "CRM", "Sets fields on a customer, lead, complaint, opportunity or contact (only the fields listed for that record type), saved with the step.")]
[Ports("done", "notFound")]
[Output("changes", "object", "Each field that changed: { field: { from, to } }.")]
[Output("changed", "boolean", "True when at least one field got a new value.")]
[Output("reason", "string", "Why 'notFound' was followed.")]
public sealed class UpdateRecordActivity : Activity
{
    /// <summary>Record type.</summary>
    [Input("The type of record to change.", Required = true, UiHint = UiHint.Select, Options = ["Customer", "Lead", "Complaint", "Opportunity", "Contact"])]
    public Input<string> Entity { get; } = new();

    /// <summary>Record id.</summary>
    [Input("The record's id, e.g. input.customerId.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> Id { get; } = new();

    /// <summary>Fields and values.</summary>
    [Input("The fields to set and their new values, e.g. { \"lifecycle\": \"AtRisk\", \"phone\": { \"expr\": \"event.phone\" } }. Each value may be an expression. Only the listed fields of the record type can be set.",
        Required = true, UiHint = UiHint.Json)]
    public Input<JsonObject> Fields { get; } = new();

    private sealed record PreparedFields(IReadOnlyDictionary<string, CompiledValue>? Values);

    /// <inheritdoc />
    public override object? Prepare(ActivityNode node, PrepareContext context)
    {
        var entityName = node.Inputs?["entity"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        // An unknown literal type is reported by the input's options; fields are checked when the type is known.
        var entity = RecordFields.Find(entityName);
        var given = node.Inputs?["fields"];
        if (given is null || CompiledValue.AsScript(given) is not null) return new PreparedFields(null);
        if (given is not JsonObject fields)
        {
            context.Report(context.InputPath("fields"), "Fields must be an object of field names and values.");
            return new PreparedFields(null);
        }
        if (fields.Count == 0) context.Report(context.InputPath("fields"), "Name at least one field to set.");
        var values = new Dictionary<string, CompiledValue>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            var path = $"{context.InputPath("fields")}.{name}";
            if (entity?.Problem(name) is { } problem) context.Report(path, problem);
            if (context.CompileValue(value, path) is not { } compiled) continue;
            values[name] = compiled;
            if (compiled.IsLiteral && entity?.Field(name) is { } field && field.Parse(compiled.Literal) is { Ok: false } bad)
                context.Report(path, $"{entity.Name}.{field.Name} {bad.Error}.");
        }
        return new PreparedFields(values);
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var entityName = context.Get(Entity);
        var entity = RecordFields.Find(entityName) ?? throw new InvalidOperationException($"'{context.ActivityId}': {RecordFields.UnknownEntity(entityName)}");
        var prepared = context.Prepared<PreparedFields>();
        var values = prepared.Values?.ToDictionary(p => p.Key, p => context.Evaluate(p.Value))
                     ?? (context.Get(Fields) ?? throw new InvalidOperationException($"'{context.ActivityId}': 'fields' evaluated to nothing; give an object of fields."))
                         .ToDictionary(p => p.Key, p => p.Value);
        // Every value is checked before anything is changed: a bad value changes nothing.
        var problems = new List<string>();
        var updates = new List<(RecordField Field, object? Value)>();
        foreach (var (name, value) in values)
        {
            if (entity.Problem(name) is { } problem) { problems.Add(problem); continue; }
            var field = entity.Field(name)!;
            var parsed = field.Parse(value);
            if (parsed.Ok) updates.Add((field, parsed.Value));
            else problems.Add($"{entity.Name}.{field.Name} {parsed.Error}.");
        }
        if (problems.Count > 0) throw new InvalidOperationException($"'{context.ActivityId}': " + string.Join(" ", problems));
        if (updates.Count == 0) throw new InvalidOperationException($"'{context.ActivityId}': no fields to set.");

        var id = context.Get(Id);
        var record = await entity.FindAsync(context.Crm(), id, context.CancellationToken);
        if (record is null)
        {
            context.SetOutput("reason", $"No {entity.Name} {id}.");
            context.SetOutput("changed", false);
            return ActivityOutcome.Port("notFound");
        }
        var changes = new JsonObject();
        foreach (var (field, value) in updates)
        {
            var before = field.Get(record);
            if (Equals(before, value)) continue;
            field.Set(record, value, context.Now);
            changes[field.Name] = new JsonObject { ["from"] = ScriptValues.ToJson(Show(before)), ["to"] = ScriptValues.ToJson(Show(value)) };
        }
        context.SetOutput("changes", changes);
        context.SetOutput("changed", changes.Count > 0);
        return ActivityOutcome.Done;
    }

    private static object? Show(object? value) => value switch
    {
        Enum e => e.ToString(),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };
}
