using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Web.Api;

/// <summary>An enum in a query string: its names in any case, never a number; a problem naming the choices otherwise.</summary>
public static class EnumQuery
{
    public static T? Parse<T>(string? value, string name, List<ValidationProblem> problems, Func<string, string>? display = null) where T : struct, Enum
    {
        if (value is null) return null;
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)) return parsed;
        problems.Add(new(name, $"'{value}' is not a {name}; use {string.Join(", ", Enum.GetNames<T>().Select(display ?? (n => n)))}."));
        return null;
    }
}
