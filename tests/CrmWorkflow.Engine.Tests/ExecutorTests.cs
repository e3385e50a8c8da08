using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests;

public class ExecutorTests
{
    private readonly TestEngine _engine = new();

    private const string LeadRouting = """
        {
          "definitionId": "lead-routing",
          "name": "Lead routing",
          "inputs":    [{ "name": "score", "type": "number", "required": true }, { "name": "name", "type": "string" }],
          "variables": [{ "name": "managerId", "type": "string", "default": "mgr-1" }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "hot",   "type": "core.decision", "inputs": { "condition": { "expr": "input.score >= 70" } } },
            { "id": "call",  "type": "core.humanTask", "inputs": {
                "title": { "template": "Call {{ input.name }}" },
                "assignee": { "expr": "vars.managerId" },
                "outcomes": ["reached", "unreachable"], "dueIn": "PT4H" } },
            { "id": "end",   "type": "core.end" }
          ],
          "connections": [
            { "from": "start", "to": "hot" },
            { "from": "hot", "port": "true", "to": "call" },
            { "from": "call", "port": "reached", "to": "end" }
          ]
        }
        """;

    [Fact]
    public async Task Start_HotLead_CreatesTaskForManagerAndSuspends()
    {
        var flow = _engine.Compile(LeadRouting);
        var (state, effects) = await _engine.StartAsync(flow, new { score = 85, name = "Ada Lovelace" });

        Assert.Equal(WorkflowStatus.Suspended, state.Status);
        var task = Assert.Single(effects.TasksCreated);
        Assert.Equal("Call Ada Lovelace", task.Title);
        Assert.Equal("mgr-1", task.Assignee);
        Assert.Equal(_engine.Clock.GetUtcNow().AddHours(4), task.DueAt);
        Assert.Equal(["start", "hot"], effects.Journal.Select(j => j.ActivityId));
        Assert.Equal("true", effects.Journal[1].Port);
    }

    [Fact]
    public async Task Start_ColdLead_FinishesWithoutTask()
    {
        var flow = _engine.Compile(LeadRouting);
        var (state, effects) = await _engine.StartAsync(flow, new { score = 20 });

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Empty(effects.TasksCreated);
    }

    [Fact]
    public async Task Resume_TaskWithOutcome_FollowsOutcomePortAndFinishes()
    {
        var flow = _engine.Compile(LeadRouting);
        var (state, _) = await _engine.StartAsync(flow, new { score = 85, name = "Ada" });

        var effects = await _engine.ResumeAsync(flow, state, state.Bookmarks[0], new { outcome = "reached", user = "mgr-1" });

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        var closed = Assert.Single(effects.TasksClosed);
        Assert.True(closed.Completed);
        Assert.Equal("reached", closed.Outcome);
        Assert.Equal("reached", state.Outputs["call"]!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_TaskCompletedLater_OneJournalEntrySpanningTheWait()
    {
        var flow = _engine.Compile(LeadRouting);
        var (state, _) = await _engine.StartAsync(flow, new { score = 85, name = "Ada" });
        var created = _engine.Clock.GetUtcNow();
        _engine.Clock.Advance(TimeSpan.FromHours(3));

        var effects = await _engine.ResumeAsync(flow, state, state.Bookmarks[0], new { outcome = "reached" });

        var call = Assert.Single(effects.Journal, j => j.ActivityId == "call");
        Assert.Equal(created, call.StartedAt);
        Assert.Equal(created.AddHours(3), call.EndedAt);
        Assert.Equal("reached", call.Port);
    }

    [Fact]
    public async Task Start_MissingRequiredInput_ThrowsWithJsonPath()
    {
        var flow = _engine.Compile(LeadRouting);

        var ex = await Assert.ThrowsAsync<WorkflowInputException>(() => _engine.StartAsync(flow, new { name = "x" }));

        Assert.Contains(ex.Problems, p => p.Path == "$.input.score" && p.Message.Contains("required"));
    }
}
