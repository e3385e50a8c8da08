using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;
using Microsoft.Extensions.Time.Testing;

namespace CrmWorkflow.Engine.Tests.Support;

/// <summary>An in-memory executor with a fake clock, for activity and flow tests.</summary>
public sealed class TestEngine
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    public ActivityRegistry Registry { get; } = new();
    public ExpressionEngine Expressions { get; }
    public WorkflowCompiler Compiler { get; }
    public WorkflowExecutor Executor { get; }

    public TestEngine(ExpressionOptions? options = null, IServiceProvider? services = null)
    {
        Expressions = new ExpressionEngine(options);
        Compiler = new WorkflowCompiler(Registry, Expressions);
        Executor = new WorkflowExecutor(Expressions, Clock);
        Services = services;
    }

    public IServiceProvider? Services { get; }

    public CompiledWorkflow Compile(string json)
    {
        var parsed = DefinitionJson.Parse(json);
        Assert.Empty(parsed.Problems);
        var definition = parsed.Definition! with { Version = parsed.Definition!.Version == 0 ? 1 : parsed.Definition.Version };
        var result = Compiler.Compile(definition);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        return result.Workflow!;
    }

    public IReadOnlyList<ValidationProblem> Problems(string json)
    {
        var parsed = DefinitionJson.Parse(json);
        return parsed.Definition is null ? parsed.Problems : Compiler.Validate(parsed.Definition);
    }

    public async Task<(WorkflowInstanceState State, ExecutionEffects Effects)> StartAsync(CompiledWorkflow flow, object? input = null)
    {
        var state = Executor.CreateInstance(flow, ToObject(input));
        var effects = await Executor.RunAsync(flow, state, Services);
        return (state, effects);
    }

    public async Task<ExecutionEffects> ResumeAsync(CompiledWorkflow flow, WorkflowInstanceState state, BookmarkState bookmark, object? payload = null) =>
        await Executor.ResumeAsync(flow, state, bookmark.Id, payload is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(payload), Services);

    public static JsonObject? ToObject(object? input) => input switch
    {
        null => null,
        JsonObject o => o,
        string s => JsonNode.Parse(s)!.AsObject(),
        _ => System.Text.Json.JsonSerializer.SerializeToNode(input)!.AsObject(),
    };
}

/// <summary>Builds definition JSON compactly in tests.</summary>
public static class Flow
{
    /// <summary>Wraps activities and connections into a definition document.</summary>
    public static string Of(string activities, string connections, string extra = "") => $$"""
        {
          "definitionId": "test-flow",
          "name": "Test flow",
          {{extra}}
          "activities": [ {{activities}} ],
          "connections": [ {{connections}} ]
        }
        """;
}
