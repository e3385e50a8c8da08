using System.Text.RegularExpressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Validation;

namespace CrmWorkflow.Web.Designer;

/// <summary>What saving an imported file will do to the stored versions.</summary>
public enum ImportOutcome { NewDefinition, NewDraft, ReplacesDraft }

/// <summary>
/// An imported file read and checked: the definition (null when the file could not be read, see
/// <see cref="FileProblems"/>), what saving it will do, and the problems it would have as a draft.
/// </summary>
public sealed record ImportPreview(
    WorkflowDefinition? Definition,
    IReadOnlyList<ValidationProblem> FileProblems,
    ImportOutcome Outcome,
    int DraftVersion,
    int? PublishedVersion,
    IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>True when the file is a definition that can be saved as a draft (it may still have problems).</summary>
    public bool CanSave => Definition is not null && FileProblems.Count == 0;

    /// <summary>One sentence for the analyst: which version the import becomes.</summary>
    public string Summary => Definition is not { } d ? "The file cannot be imported." : Outcome switch
    {
        ImportOutcome.NewDefinition => $"A new workflow '{d.DefinitionId}': saved as draft v1.",
        ImportOutcome.ReplacesDraft => $"Replaces the unpublished draft v{DraftVersion} of '{d.DefinitionId}'" +
            (PublishedVersion is { } p ? $" (v{p} stays live)." : "."),
        _ => $"A new draft v{DraftVersion} of '{d.DefinitionId}'" + (PublishedVersion is { } p ? $"; v{p} stays live until you publish." : "."),
    };
}

/// <summary>
/// Importing a definition file: the same reading as the API (errors with JSON path and line) and
/// the same draft logic as <c>PUT /api/workflows/{id}</c>. An import is never published: the
/// publish button, which validates, stays the only way to make a version live.
/// </summary>
public sealed partial class DefinitionImport(WorkflowDefinitionStore store, WorkflowCompiler compiler)
{
    /// <summary>The largest file accepted (the shipped definitions are a few kilobytes).</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>Reads a file's text and says what saving it would do.</summary>
    public async Task<ImportPreview> PreviewAsync(string json, CancellationToken ct = default)
    {
        var parsed = DefinitionJson.Parse(json);
        if (parsed.Definition is not { } definition) return Unreadable(parsed.Problems);
        // The id names the stored rows; a bad one is refused before anything is saved.
        if (!IdPattern().IsMatch(definition.DefinitionId))
            return Unreadable([new("$.definitionId", string.IsNullOrEmpty(definition.DefinitionId)
                ? "The file has no definitionId; add one (lower-case letters, digits and hyphens)."
                : $"'{definition.DefinitionId}' is not a valid definition id: use lower-case letters, digits and hyphens.")]);

        var latest = await store.GetRecordAsync(definition.DefinitionId, null, ct);
        var published = latest is null ? null : (await store.ListVersionsAsync(definition.DefinitionId, ct)).FirstOrDefault(v => v.IsLatestPublished)?.Version;
        var (outcome, version) = latest switch
        {
            null => (ImportOutcome.NewDefinition, 1),
            { IsPublished: false } draft => (ImportOutcome.ReplacesDraft, draft.Version),
            _ => (ImportOutcome.NewDraft, latest.Version + 1),
        };
        var problems = compiler.Validate(definition with { Version = Math.Max(1, definition.Version) });
        return new ImportPreview(definition, [], outcome, version, published, problems);
    }

    /// <summary>Saves a previewed file as a draft; returns the draft's version and its problems.</summary>
    public async Task<SaveResult> SaveAsync(ImportPreview preview, string? user, CancellationToken ct = default)
    {
        if (!preview.CanSave) throw new InvalidOperationException("Only a readable file can be saved.");
        return await store.SaveDraftAsync(preview.Definition!, null, user, ct);
    }

    private static ImportPreview Unreadable(IReadOnlyList<ValidationProblem> problems) =>
        new(null, problems, ImportOutcome.NewDefinition, 0, null, []);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
