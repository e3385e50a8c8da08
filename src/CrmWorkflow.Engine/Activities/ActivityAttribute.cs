namespace CrmWorkflow.Engine.Activities;

/// <summary>Declares an activity class with the stable type name stored JSON refers to.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string type, string category, string description) : Attribute
{
    /// <summary>Stable type name, e.g. <c>core.decision</c>; never the CLR name.</summary>
    public string Type { get; } = type;

    /// <summary>Toolbox group.</summary>
    public string Category { get; } = category;

    /// <summary>One sentence for the toolbox and docs.</summary>
    public string Description { get; } = description;

    /// <summary>Display name; derived from the type name when omitted.</summary>
    public string? DisplayName { get; init; }
}

/// <summary>Declares the fixed ports of an activity (activities with computed ports override <c>GetPorts</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PortsAttribute(params string[] ports) : Attribute
{
    /// <summary>Port names.</summary>
    public IReadOnlyList<string> Ports { get; } = ports;
}

/// <summary>Declares a value the activity writes to <c>outputs.&lt;activityId&gt;.&lt;name&gt;</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OutputAttribute(string name, string type, string description) : Attribute
{
    /// <summary>Output name.</summary>
    public string Name { get; } = name;

    /// <summary>Value type.</summary>
    public string Type { get; } = type;

    /// <summary>What it holds.</summary>
    public string Description { get; } = description;
}

/// <summary>How the designer edits an input.</summary>
public enum UiHint
{
    /// <summary>Single-line text.</summary>
    Text,
    /// <summary>Multi-line text.</summary>
    Multiline,
    /// <summary>A Scriban expression.</summary>
    Expression,
    /// <summary>A Scriban template.</summary>
    Template,
    /// <summary>An ISO 8601 duration such as PT4H.</summary>
    Duration,
    /// <summary>One of <see cref="InputAttribute.Options"/>.</summary>
    Select,
    /// <summary>A list of strings.</summary>
    List,
    /// <summary>A table of rows (decision tables, form fields, cases).</summary>
    Table,
    /// <summary>A number.</summary>
    Number,
    /// <summary>A yes/no switch.</summary>
    Checkbox,
    /// <summary>A JSON object edited as code.</summary>
    Json,
}

/// <summary>Describes an input property of an activity.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class InputAttribute(string description) : Attribute
{
    /// <summary>Help text shown in the property panel.</summary>
    public string Description { get; } = description;

    /// <summary>The start of a definition with this input missing is refused by validation.</summary>
    public bool Required { get; init; }

    /// <summary>Editor to use.</summary>
    public UiHint UiHint { get; init; } = UiHint.Text;

    /// <summary>Default value as JSON text, e.g. <c>"\"first\""</c> or <c>"30"</c>.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>Choices for <see cref="UiHint.Select"/>.</summary>
    public string[]? Options { get; init; }
}
