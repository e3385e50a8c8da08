using System.Text.Json.Nodes;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>
/// Lets a host add named objects to the expression scope (the CRM adds <c>lead</c>,
/// <c>customer</c>, ...). Values are copied as data (JSON), so scripts can read them but never
/// reach .NET members.
/// </summary>
public interface IWorkflowScopeProvider
{
    /// <summary>Adds objects for the given instance to <paramref name="scope"/>.</summary>
    ValueTask ContributeAsync(WorkflowScopeRequest request, IDictionary<string, object?> scope, CancellationToken cancellationToken);
}

/// <summary>What a scope provider knows about the instance being run.</summary>
public sealed record WorkflowScopeRequest(
    string InstanceId,
    string DefinitionId,
    int Version,
    string? CorrelationId,
    JsonObject Input,
    JsonObject Variables,
    IServiceProvider Services);
