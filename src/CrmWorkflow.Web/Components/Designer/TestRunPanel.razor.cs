using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Web.TestRuns;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrmWorkflow.Web.Components.Designer;

/// <summary>What a test run should run: a version, or why it cannot start (e.g. the draft could not be saved).</summary>
public sealed record TestRunTarget(int? Version, string? Problem = null);

public sealed partial class TestRunPanel : IAsyncDisposable
{
    [Inject] private TestRunService Runs { get; set; } = default!;

    /// <summary>The workflow to try.</summary>
    [Parameter, EditorRequired] public string DefinitionId { get; set; } = "";

    /// <summary>The version; the newest (the draft) when null. <see cref="Prepare"/>, when given, decides instead.</summary>
    [Parameter] public int? Version { get; set; }

    /// <summary>
    /// Called before each start: the designer saves unsaved changes as the draft here, so the run
    /// is of what the analyst sees, and answers the version to run or why there is none.
    /// </summary>
    [Parameter] public Func<Task<TestRunTarget>>? Prepare { get; set; }

    /// <summary>Told the activities the run went through or waits at, after every step.</summary>
    [Parameter] public EventCallback<IReadOnlySet<string>> PathChanged { get; set; }

    /// <summary>Told the activities the run waits at, after every step.</summary>
    [Parameter] public EventCallback<IReadOnlySet<string>> WaitingChanged { get; set; }

    /// <summary>A step of the journal was clicked: the activity's id.</summary>
    [Parameter] public EventCallback<string> StepPicked { get; set; }

    /// <summary>The drawing changed since the run started, so its path no longer matches it.</summary>
    [Parameter] public bool Stale { get; set; }

    private string _input = "{ }";
    private TestRunView? _run;
    private string? _error;
    private bool _busy;

    private static BadgeStyle StatusStyle(string status) => status switch
    {
        "Finished" => BadgeStyle.Success,
        "Faulted" or "Cancelled" => BadgeStyle.Danger,
        _ => BadgeStyle.Warning,
    };

    private async Task StartAsync()
    {
        JsonObject? input;
        try
        {
            input = JsonNode.Parse(string.IsNullOrWhiteSpace(_input) ? "{}" : _input) as JsonObject;
        }
        catch (JsonException ex)
        {
            _error = $"The sample input is not JSON: {ex.Message}";
            return;
        }
        if (input is null)
        {
            _error = "The sample input must be a JSON object, e.g. { \"leadId\": 1 }.";
            return;
        }
        _busy = true;
        _error = null;
        var target = Prepare is null ? new TestRunTarget(Version) : await Prepare();
        _busy = false;
        if (target.Problem is { } problem)
        {
            _error = "Not started: " + problem;
            return;
        }
        if (_run is not null) await Runs.DeleteAsync(_run.Id);
        _run = null;
        await PathChanged.InvokeAsync(new HashSet<string>());
        await WaitingChanged.InvokeAsync(new HashSet<string>());
        await StepAsync(async () => await Runs.StartAsync(DefinitionId, target.Version, input) ?? throw new InvalidOperationException($"Workflow '{DefinitionId}' has no such version."));
    }

    // A field the engine refuses goes back to the task's card, to show beside the field.
    private Task CompleteAsync(TestRunTask task, string outcome, JsonObject data) =>
        StepAsync(async () => await Runs.CompleteTaskAsync(_run!.Id, task.Id, outcome == "done" ? null : outcome, data, "designer") ?? throw Gone(),
            ex => ex is ResumeRejectedException { Path: var path } && path.StartsWith("$.data.", StringComparison.Ordinal));

    private Task SkipAsync() =>
        StepAsync(async () => await Runs.AdvanceAsync(_run!.Id, _run.Timers[0] - _run.SandboxTime + TimeSpan.FromSeconds(1)) ?? throw Gone());

    private static InvalidOperationException Gone() => new("The test run was thrown away after 30 idle minutes; start it again.");

    // Every failure the engine reports (invalid draft, bad input, a task form) is shown, not thrown.
    private async Task StepAsync(Func<Task<TestRunView>> step, Func<Exception, bool>? passOn = null)
    {
        _busy = true;
        _error = null;
        try
        {
            _run = await step();
            await PathChanged.InvokeAsync(_run.Path.Select(p => p.ActivityId).Concat(_run.WaitingAt).ToHashSet());
            await WaitingChanged.InvokeAsync(_run.WaitingAt.ToHashSet());
        }
        catch (Exception ex) when (passOn?.Invoke(ex) != true && ex is DefinitionInvalidException or WorkflowInputException or ResumeRejectedException or InvalidOperationException)
        {
            _error = ex switch
            {
                DefinitionInvalidException d => "Fix the workflow first: " + string.Join("; ", d.Problems.Select(p => $"{p.Path}: {p.Message}")),
                WorkflowInputException i => "The sample input does not fit: " + string.Join("; ", i.Problems.Select(p => $"{p.Path}: {p.Message}")),
                _ => ex.Message,
            };
        }
        finally
        {
            _busy = false;
            // A task card's button calls in here: the card re-renders by itself, this panel does not.
            StateHasChanged();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_run is not null) await Runs.DeleteAsync(_run.Id);
    }
}
