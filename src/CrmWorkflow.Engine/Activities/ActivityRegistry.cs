using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmWorkflow.Engine.Activities;

/// <summary>
/// All activity types known to this host, filled by scanning assemblies for classes marked
/// with <see cref="ActivityAttribute"/>. Its descriptors feed the designer, validator and API.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, Activity> _activities = new(StringComparer.Ordinal);

    /// <summary>Creates a registry holding the built-in activities.</summary>
    public ActivityRegistry() => AddAssembly(typeof(ActivityRegistry).Assembly);

    /// <summary>Activity descriptors, sorted by category then type.</summary>
    public IReadOnlyList<ActivityDescriptor> Descriptors =>
        _activities.Values.Select(a => a.Descriptor).OrderBy(d => d.Category).ThenBy(d => d.Type).ToList();

    /// <summary>Registers every activity class in an assembly.</summary>
    public ActivityRegistry AddAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (type.IsAbstract || !typeof(Activity).IsAssignableFrom(type)) continue;
            if (type.GetCustomAttribute<ActivityAttribute>() is null) continue;
            Add((Activity)Activator.CreateInstance(type)!);
        }
        return this;
    }

    /// <summary>Registers one activity instance.</summary>
    public ActivityRegistry Add(Activity activity)
    {
        var type = activity.GetType();
        var attribute = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} has no [Activity] attribute.");
        if (_activities.TryGetValue(attribute.Type, out var existing) && existing.GetType() != type)
            throw new InvalidOperationException($"Activity type '{attribute.Type}' is declared by both {existing.GetType().FullName} and {type.FullName}.");
        activity.Descriptor = Describe(activity, attribute);
        _activities[attribute.Type] = activity;
        return this;
    }

    /// <summary>Finds an activity by its stable type name.</summary>
    public bool TryGet(string type, out Activity activity) => _activities.TryGetValue(type, out activity!);

    /// <summary>Finds a descriptor by type name.</summary>
    public ActivityDescriptor? Find(string type) => _activities.TryGetValue(type, out var a) ? a.Descriptor : null;

    private static ActivityDescriptor Describe(Activity activity, ActivityAttribute attribute)
    {
        var type = activity.GetType();
        var inputs = new List<InputDescriptor>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!typeof(IInput).IsAssignableFrom(property.PropertyType)) continue;
            var input = (IInput)(property.GetValue(activity)
                ?? throw new InvalidOperationException($"{type.Name}.{property.Name} must be initialised."));
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            input.Bind(name);
            var meta = property.GetCustomAttribute<InputAttribute>()
                ?? throw new InvalidOperationException($"{type.Name}.{property.Name} needs an [Input] description.");
            inputs.Add(new InputDescriptor(
                name,
                TypeName(input.ValueType),
                meta.Required,
                meta.DefaultJson is null ? null : JsonNode.Parse(meta.DefaultJson),
                meta.Description,
                JsonNamingPolicy.CamelCase.ConvertName(meta.UiHint.ToString()),
                meta.Options) { ClrType = input.ValueType });
        }
        var outputs = type.GetCustomAttributes<OutputAttribute>()
            .Select(o => new OutputDescriptor(o.Name, o.Type, o.Description)).ToList();
        var ports = type.GetCustomAttribute<PortsAttribute>()?.Ports;
        var dynamicPorts = type.GetMethod(nameof(Activity.GetPorts))!.DeclaringType != typeof(Activity);
        return new ActivityDescriptor
        {
            Type = attribute.Type,
            DisplayName = attribute.DisplayName ?? Humanize(attribute.Type),
            Category = attribute.Category,
            Description = attribute.Description,
            Inputs = inputs,
            Outputs = outputs,
            Ports = ports ?? (dynamicPorts ? [] : [Model.Ports.Done]),
            DynamicPorts = dynamicPorts,
            Blocking = activity is IBlockingActivity,
        };
    }

    private static string TypeName(Type type)
    {
        if (type == typeof(string)) return "string";
        if (type == typeof(bool)) return "boolean";
        if (type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double)) return "number";
        if (type == typeof(TimeSpan) || type == typeof(TimeSpan?)) return "duration";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?)) return "datetime";
        if (type == typeof(JsonNode)) return "any";
        if (type == typeof(JsonObject)) return "object";
        if (type == typeof(IReadOnlyList<string>)) return "list";
        if (typeof(IEnumerable).IsAssignableFrom(type)) return "table";
        return "object";
    }

    // "core.humanTask" -> "Human task"
    private static string Humanize(string typeName)
    {
        var last = typeName[(typeName.LastIndexOf('.') + 1)..];
        var chars = new List<char>();
        foreach (var c in last)
        {
            if (char.IsUpper(c) && chars.Count > 0) { chars.Add(' '); chars.Add(char.ToLowerInvariant(c)); }
            else chars.Add(chars.Count == 0 ? char.ToUpperInvariant(c) : c);
        }
        return new string(chars.ToArray());
    }
}

/// <summary>Marks activities that can wait on a bookmark, so loops through them are not infinite.</summary>
public interface IBlockingActivity;
