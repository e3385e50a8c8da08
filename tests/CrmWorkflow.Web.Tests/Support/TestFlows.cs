namespace CrmWorkflow.Web.Tests.Support;

/// <summary>Workflow definitions the API tests publish, each under a fresh id.</summary>
public static class TestFlows
{
    /// <summary>A definition id no other test uses ([a-z0-9-]+).</summary>
    public static string NewId(string prefix = "flow") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>
    /// start -> one human task (who gets it is <paramref name="who"/>, e.g. "\"role\": \"ClientManager\"")
    /// with outcomes approved/rejected and a required "notes" field -> end.
    /// </summary>
    public static string Approval(string id, string who = "\"role\": \"ClientManager\"") => """
        {
          "definitionId": "__ID__", "name": "Approve __ID__",
          "inputs": [{ "name": "customer", "type": "string", "required": true }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "note", "type": "core.setVariable", "inputs": { "variable": "stage", "value": "approving" } },
            { "id": "approve", "type": "core.humanTask", "inputs": {
                "title": { "template": "Approve {{ input.customer }}" }, __WHO__,
                "outcomes": ["approved", "rejected"],
                "form": [{ "name": "notes", "type": "text", "required": true }] } },
            { "id": "end", "type": "core.end" }
          ],
          "connections": [
            { "from": "start", "to": "note" }, { "from": "note", "to": "approve" },
            { "from": "approve", "port": "approved", "to": "end" }, { "from": "approve", "port": "rejected", "to": "end" }
          ]
        }
        """.Replace("__ID__", id).Replace("__WHO__", who);

    /// <summary>A draft that parses but does not validate: a connection to a missing activity.</summary>
    public static string Broken(string id) => """
        {
          "definitionId": "__ID__", "name": "Broken __ID__",
          "activities": [ { "id": "start", "type": "core.start" } ],
          "connections": [ { "from": "start", "to": "nowhere" } ]
        }
        """.Replace("__ID__", id);

    /// <summary>start -> set a variable (finishes at once).</summary>
    public static string Instant(string id) => """
        {
          "definitionId": "__ID__", "name": "Instant __ID__",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "set", "type": "core.setVariable", "inputs": { "variable": "done", "value": true } }
          ],
          "connections": [ { "from": "start", "to": "set" } ]
        }
        """.Replace("__ID__", id);

    /// <summary>start -> wait for "order.paid" correlated by input.orderId -> copy the payload's amount.</summary>
    public static string WaitForPayment(string id) => """
        {
          "definitionId": "__ID__", "name": "Wait __ID__",
          "inputs": [{ "name": "orderId", "type": "string", "required": true }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "wait", "type": "core.waitEvent", "inputs": { "event": "order.paid", "correlation": { "expr": "input.orderId" } } },
            { "id": "paid", "type": "core.setVariable", "inputs": { "variable": "amount", "value": { "expr": "outputs.wait.payload.amount" } } }
          ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "port": "received", "to": "paid" } ]
        }
        """.Replace("__ID__", id);
}
