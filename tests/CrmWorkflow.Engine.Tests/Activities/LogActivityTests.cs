using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.Extensions.Logging;

namespace CrmWorkflow.Engine.Tests.Activities;

public class LogActivityTests
{
    private readonly TestEngine _engine = new();

    private sealed class RecordingLogger : ILogger<WorkflowExecutor>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    [Theory]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData(null, LogLevel.Information)]
    public async Task Log_TemplateMessage_WritesRenderedMessageAtLevelAndOutput(string? level, LogLevel expected)
    {
        var levelInput = level is null ? "" : $", \"level\": \"{level}\"";
        var flow = _engine.Compile(Flow.Of($$$"""
            { "id": "start", "type": "core.start" },
            { "id": "note", "type": "core.log", "inputs": { "message": { "template": "Lead {{ input.name }} scored {{ input.score }}" } {{{levelInput}}} } }
            """, """{ "from": "start", "to": "note" }""",
            """ "inputs": [{ "name": "name", "type": "string" }, { "name": "score", "type": "number" }],"""));
        var logger = new RecordingLogger();
        var executor = new WorkflowExecutor(_engine.Expressions, _engine.Clock, logger);

        var state = executor.CreateInstance(flow, TestEngine.ToObject(new { name = "Ada", score = 85 }));
        await executor.RunAsync(flow, state, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Lead Ada scored 85", state.Outputs["note"]!["message"]!.GetValue<string>());
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(expected, entry.Level);
        Assert.Equal($"[{state.Id}/note] Lead Ada scored 85", entry.Message);
    }
}
