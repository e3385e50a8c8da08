using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;

namespace CrmWorkflow.Engine.Activities;

/// <summary>
/// Base class of every activity. An activity is a stateless singleton: what it needs for one
/// execution comes from the <see cref="ActivityContext"/>, so one instance serves every
/// workflow and thread.
/// </summary>
public abstract class Activity
{
    /// <summary>Metadata read from the class; set by the registry.</summary>
    public ActivityDescriptor Descriptor { get; internal set; } = null!;

    /// <summary>Runs the activity when a token reaches it.</summary>
    public abstract ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context);

    /// <summary>
    /// Continues the activity when one of its bookmarks is resumed; the payload is in
    /// <see cref="ActivityContext.Event"/>. Throw <see cref="ResumeRejectedException"/> to refuse a
    /// payload (the bookmark stays).
    /// </summary>
    public virtual ValueTask<ActivityOutcome> ResumeAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityOutcome.Done);

    /// <summary>Ports of a node; override when they depend on the node's inputs.</summary>
    public virtual IReadOnlyList<string> GetPorts(ActivityNode node) => Descriptor.Ports;

    /// <summary>
    /// Compiles node-specific structures (case conditions, table rows) once per definition
    /// version and reports problems in them. The returned object is available to
    /// <see cref="ActivityContext.Prepared{T}"/>.
    /// </summary>
    public virtual object? Prepare(ActivityNode node, PrepareContext context) => null;

    /// <summary>
    /// False for activities that never touch the step's unit of work (the host's DbContext): the
    /// runtime then skips remembering the unit of work before them, which it does so that a
    /// failing activity's half-done changes can be taken back. Custom activities keep the default.
    /// </summary>
    public virtual bool ChangesData => true;
}

/// <summary>What an activity tells the runtime when it returns.</summary>
public readonly record struct ActivityOutcome(IReadOnlyList<string> Ports, bool Waiting, bool EndsInstance)
{
    private static readonly IReadOnlyList<string> DonePort = [Model.Ports.Done];

    /// <summary>Completed; follow <c>done</c>.</summary>
    public static ActivityOutcome Done => new(DonePort, false, false);

    /// <summary>Waits on the bookmarks it created; follows nothing yet.</summary>
    public static ActivityOutcome Wait => new([], true, false);

    /// <summary>Finishes the whole instance, cancelling open branches.</summary>
    public static ActivityOutcome End => new([], false, true);

    /// <summary>Completed; follow one port.</summary>
    public static ActivityOutcome Port(string port) => port == Model.Ports.Done ? Done : new([port], false, false);

    /// <summary>Completed; follow several ports.</summary>
    public static ActivityOutcome PortsOf(IReadOnlyList<string> ports) => new(ports, false, false);

    /// <summary>Follows ports but keeps waiting (non-interrupting escalation).</summary>
    public static ActivityOutcome PortsAndWait(params string[] ports) => new(ports, true, false);
}

/// <summary>A resume payload was refused; nothing changed.</summary>
public sealed class ResumeRejectedException(string path, string message) : Exception(message)
{
    /// <summary>JSON path of the offending part of the payload.</summary>
    public string Path { get; } = path;
}
