using CrmWorkflow.Engine.Model;
using Microsoft.Extensions.Logging;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Loads every workflows/*.json at start-up, validates it and publishes it as a new version
/// when it differs from the newest published one. Any invalid file stops start-up.
/// </summary>
public sealed class WorkflowImporter(WorkflowDefinitionStore store, ILogger<WorkflowImporter> logger)
{
    /// <summary>Imports the folder; throws <see cref="WorkflowImportException"/> naming the file, path and problem.</summary>
    public async Task ImportAsync(string folder, CancellationToken ct = default)
    {
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("No workflows folder at {Folder}; nothing imported.", folder);
            return;
        }
        var files = Directory.GetFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var parsed = new List<(string File, WorkflowDefinition Definition)>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var result = DefinitionJson.Parse(await File.ReadAllTextAsync(file, ct));
            if (result.Definition is null)
                problems.AddRange(result.Problems.Select(p => $"{name}: {p.Path}: {p.Message}"));
            else
                parsed.Add((name, result.Definition));
        }
        foreach (var (name, definition) in parsed)
        {
            try
            {
                var published = await store.PublishAsync(definition, "import", ct);
                if (published.Created)
                    logger.LogInformation("Published {File} as {DefinitionId} v{Version}", name, published.DefinitionId, published.Version);
            }
            catch (DefinitionInvalidException ex)
            {
                problems.AddRange(ex.Problems.Select(p => $"{name}: {p.Path}: {p.Message}"));
            }
        }
        if (problems.Count > 0) throw new WorkflowImportException(problems);
        logger.LogInformation("{Count} workflow file(s) checked in {Folder}", files.Count, folder);
    }
}

/// <summary>One or more workflow files are invalid.</summary>
public sealed class WorkflowImportException(IReadOnlyList<string> problems)
    : Exception("Invalid workflow file(s):" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    /// <summary>"file: path: message" lines.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
