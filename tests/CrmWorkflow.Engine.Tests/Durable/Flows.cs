namespace CrmWorkflow.Engine.Tests.Durable;

/// <summary>Definitions used by the durable runtime tests.</summary>
internal static class Flows
{
    public const string Call = """
        {
          "definitionId": "call-lead", "name": "Call lead",
          "inputs": [{ "name": "name", "type": "string", "required": true }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "mark", "type": "core.setVariable", "inputs": { "variable": "stage", "value": "calling" } },
            { "id": "call", "type": "core.humanTask", "inputs": {
                "title": { "template": "Call {{ input.name }}" }, "role": "ClientManager",
                "outcomes": ["reached", "unreachable"],
                "form": [{ "name": "notes", "type": "text", "required": true }] } },
            { "id": "end", "type": "core.end" }
          ],
          "connections": [
            { "from": "start", "to": "mark" }, { "from": "mark", "to": "call" },
            { "from": "call", "port": "reached", "to": "end" }, { "from": "call", "port": "unreachable", "to": "end" }
          ]
        }
        """;

    public const string Delay = """
        {
          "definitionId": "wait-a-day", "name": "Wait a day",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "wait", "type": "core.delay", "inputs": { "duration": "P1D" } },
            { "id": "done", "type": "core.setVariable", "inputs": { "variable": "woke", "value": { "expr": "now" } } }
          ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "done" } ]
        }
        """;

    public const string WaitForReply = """
        {
          "definitionId": "wait-reply", "name": "Wait for reply",
          "inputs": [{ "name": "customerId", "type": "string", "required": true }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "wait", "type": "core.waitEvent", "inputs": { "event": "customer.replied", "correlation": { "expr": "input.customerId" }, "timeout": "P3D" } },
            { "id": "got", "type": "core.setVariable", "inputs": { "variable": "reply", "value": { "expr": "outputs.wait.payload.text" } } }
          ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "port": "received", "to": "got" } ]
        }
        """;

    public const string Triggered = """
        {
          "definitionId": "on-complaint", "name": "On complaint",
          "triggers": [{ "event": "complaint.filed" }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "note", "type": "core.setVariable", "inputs": { "variable": "subject", "value": { "expr": "input.subject" } } }
          ],
          "connections": [ { "from": "start", "to": "note" } ]
        }
        """;

    public const string Parent = """
        {
          "definitionId": "parent", "name": "Parent",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "child", "type": "core.runWorkflow", "inputs": { "definitionId": "child", "input": { "n": 20 } } },
            { "id": "copy", "type": "core.setVariable", "inputs": { "variable": "fromChild", "value": { "expr": "outputs.child.result.doubled" } } }
          ],
          "connections": [ { "from": "start", "to": "child" }, { "from": "child", "to": "copy" } ]
        }
        """;

    public const string Child = """
        {
          "definitionId": "child", "name": "Child",
          "inputs": [{ "name": "n", "type": "number" }],
          "variables": [{ "name": "doubled", "type": "number" }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "calc", "type": "core.setVariable", "inputs": { "variable": "doubled", "value": { "expr": "input.n * 2" } } }
          ],
          "connections": [ { "from": "start", "to": "calc" } ]
        }
        """;
}
