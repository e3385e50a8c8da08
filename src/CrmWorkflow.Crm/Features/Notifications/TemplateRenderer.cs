using System.Collections.Concurrent;
using CrmWorkflow.Engine.Expressions;
using Microsoft.Extensions.Options;
using Scriban.Runtime;

namespace CrmWorkflow.Crm.Features.Notifications;

/// <summary>Where templates live (section <c>Templates</c>).</summary>
public sealed class TemplateOptions
{
    /// <summary>The templates folder; <c>templates/</c> under the content root by default (set by the host).</summary>
    public string Folder { get; set; } = "templates";
}

/// <summary>A rendered template: its text, the subject it set (<c>{{ subject = "..." }}</c>), if any, and whether it is HTML (<c>name.html.scriban</c>).</summary>
public sealed record RenderedTemplate(string Name, string Body, string? Subject, bool IsHtml = false);

/// <summary>A template is missing, does not parse or failed while rendering.</summary>
public sealed class TemplateException(string template, string message, int? line = null, int? column = null)
    : Exception(line is null ? $"Template '{template}': {message}" : $"Template '{template}', line {line}, column {column}: {message}")
{
    public string Template { get; } = template;
    public int? Line { get; } = line;
    public int? Column { get; } = column;
}

/// <summary>
/// Renders the Scriban templates in <c>templates/</c> (<c>name.scriban</c> or
/// <c>name.html.scriban</c>) in the same sandbox as workflow expressions: the model is copied as
/// data, loops, recursion, size and time are bounded. Parsed templates are cached until the
/// file changes (checked at most once a second).
/// </summary>
public sealed class TemplateRenderer(ExpressionEngine engine, IOptions<TemplateOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Cached> _cache = new();

    /// <summary>Template names available.</summary>
    public IReadOnlyList<string> Names() => Directory.Exists(options.Value.Folder)
        ? Directory.GetFiles(options.Value.Folder, "*.scriban").Select(NameOf).Order().ToList()
        : [];

    /// <summary>Renders a template with a model (any data: JSON nodes, records, dictionaries).</summary>
    public RenderedTemplate Render(string name, object? model)
    {
        var (script, isHtml) = Load(name);
        var globals = new ScriptObject();
        if (ScriptValues.FromClr(model) is ScriptObject data)
            foreach (var key in data.Keys) globals[key] = data[key];
        try
        {
            var body = engine.Evaluate(script, globals) as string ?? "";
            return new RenderedTemplate(name, body, globals["subject"] as string, isHtml);
        }
        catch (ExpressionException ex)
        {
            throw new TemplateException(name, ex.Message, ex.Line, ex.Column);
        }
    }

    private (CompiledScript Script, bool IsHtml) Load(string name)
    {
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new TemplateException(name, "Template names use letters, digits, '-' and '_'.");
        // Every lead renders a template: looking at the file once a second, not on every render,
        // still picks up an edit within a second.
        var now = clock.GetTimestamp();
        if (_cache.TryGetValue(name, out var hit) && clock.GetElapsedTime(hit.CheckedAt, now) < RecheckAfter) return (hit.Script, hit.IsHtml);
        var folder = options.Value.Folder;
        var path = new[] { $"{name}.scriban", $"{name}.html.scriban" }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists)
                   ?? throw new TemplateException(name, $"No template file {name}.scriban in {Path.GetFullPath(folder)}.");
        var written = File.GetLastWriteTimeUtc(path);
        var isHtml = path.EndsWith(".html.scriban", StringComparison.Ordinal);
        if (hit.Script is not null && hit.Path == path && hit.Written == written)
        {
            _cache[name] = hit with { CheckedAt = now };
            return (hit.Script, isHtml);
        }
        var compiled = engine.Compile(File.ReadAllText(path), ScriptKind.Template);
        if (!compiled.Success) throw new TemplateException(name, compiled.Error!, compiled.Line, compiled.Column);
        _cache[name] = new Cached(path, written, compiled.Script!, isHtml, now);
        return (compiled.Script!, isHtml);
    }

    private static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);

    private readonly record struct Cached(string Path, DateTime Written, CompiledScript Script, bool IsHtml, long CheckedAt);

    private static string NameOf(string path)
    {
        var file = Path.GetFileName(path);
        return file.EndsWith(".html.scriban", StringComparison.Ordinal) ? file[..^".html.scriban".Length] : file[..^".scriban".Length];
    }
}
