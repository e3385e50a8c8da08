using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Features.Managers;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Tasks;

/// <summary>Someone or something a task can go to: the value stored and what the picker shows.</summary>
public sealed record AssignmentChoice(string Value, string Label);

/// <summary>What the designer offers for a human task's assignee, role and queue.</summary>
public sealed record AssignmentChoices(IReadOnlyList<AssignmentChoice> Users, IReadOnlyList<string> Roles, IReadOnlyList<string> Queues);

/// <summary>
/// Collects the names tasks can be assigned by: active client managers (a task's assignee is
/// a manager id), the product's roles, and every queue already in use: users' queues, queues of
/// existing tasks and queue names written in the latest workflow versions. Queues have no table
/// of their own, so "in use somewhere" is what the picker can know.
/// </summary>
public sealed class AssignmentChoicesHandler(IDbContextFactory<CrmDbContext> dbFactory, ListManagersHandler managers)
{
    public async Task<AssignmentChoices> GetAsync(CancellationToken ct = default)
    {
        var active = await managers.ListAsync(new ManagerFilter(IncludeInactive: false), ManagerAccess.All, ct: ct);
        var users = active.Items.Select(m => new AssignmentChoice(m.Id, $"{m.Name} ({m.Id})")).ToList();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var queues = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var list in await db.Users.AsNoTracking().Where(u => u.Queues != null).Select(u => u.Queues!).ToListAsync(ct))
            foreach (var q in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) queues.Add(q);
        queues.UnionWith(await db.Set<HumanTaskRecord>().AsNoTracking().Where(t => t.Queue != null).Select(t => t.Queue!).Distinct().ToListAsync(ct));
        foreach (var json in await db.Set<WorkflowDefinitionRecord>().AsNoTracking().Where(d => d.IsLatest).Select(d => d.Json).ToListAsync(ct))
            CollectQueues(Parse(json), queues);
        return new AssignmentChoices(users, Identity.Roles.All, queues.ToList());
    }

    private static JsonNode? Parse(string json)
    {
        try { return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException) { return null; }
    }

    // A literal under any "queue" key: a human task's input or a decision-table output choosing one.
    private static void CollectQueues(JsonNode? node, SortedSet<string> queues)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "queue" && value is JsonValue v && v.TryGetValue<string>(out var q) && !string.IsNullOrWhiteSpace(q)) queues.Add(q.Trim());
                    else CollectQueues(value, queues);
                }
                break;
            case JsonArray array:
                foreach (var item in array) CollectQueues(item, queues);
                break;
        }
    }
}
