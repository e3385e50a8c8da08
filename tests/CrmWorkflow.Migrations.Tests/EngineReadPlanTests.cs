using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Web.Startup;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Migrations.Tests;

/// <summary>
/// The reads of the journal, bookmarks, tasks and outbox go through their keys and indexes on
/// the migrated SQLite schema: a WITHOUT ROWID table is searched by its primary key, the others by their key's index.
/// </summary>
public sealed class EngineReadPlanTests : ProviderContexts
{
    [Fact]
    public async Task EngineReads_OnTheMigratedSchema_SearchByKeyOrIndexWithoutScanningOrSorting()
    {
        await using var db = Context(DatabaseProvider.Sqlite);
        await db.Database.MigrateAsync();
        var id = "0195a1b2c3d4e5f60718293a4b5c6d7e";
        var now = DateTimeOffset.UtcNow;
        List<string> claimed = [id, id + "x"];
        var reads = new (string Name, IQueryable Query, string Uses)[]
        {
            ("journal of an instance", db.Set<JournalRecord>().Where(j => j.InstanceId == id).OrderBy(j => j.Sequence), "PRIMARY KEY"),
            ("bookmark by id", db.Set<BookmarkRecord>().Where(b => b.Id == id).Select(b => b.InstanceId), "PRIMARY KEY"),
            ("due timers", db.Set<BookmarkRecord>().Where(b => b.Kind == BookmarkKind.Timer && b.DueAt <= now).OrderBy(b => b.DueAt).Select(b => b.Id),
                "IX_WorkflowBookmarks_DueAt"),
            ("event waiters", db.Set<BookmarkRecord>().Where(b => b.Kind == BookmarkKind.Event && b.EventName == "paid"
                && (b.CorrelationKey == null || b.CorrelationKey == "order-7")).Select(b => b.Id), "IX_WorkflowBookmarks_EventName_CorrelationKey"),
            ("child waiter", db.Set<BookmarkRecord>().Where(b => b.ChildInstanceId == id && b.InstanceId == id).Select(b => b.Id),
                "IX_WorkflowBookmarks_ChildInstanceId"),
            ("task by id", db.Set<HumanTaskRecord>().Where(t => t.Id == id), "sqlite_autoindex_WorkflowTasks_1"),
            ("tasks of an instance", db.Set<HumanTaskRecord>().Where(t => t.InstanceId == id), "IX_WorkflowTasks_InstanceId"),
            ("my open tasks", db.Set<HumanTaskRecord>().Where(t => t.Assignee == "cm-1" && t.Status == HumanTaskStatus.Open), "IX_WorkflowTasks_Assignee_Status"),
            ("messages due", db.OutboundMessages.Where(m => m.Status == MessageStatus.Pending && m.NextAttemptAt <= now).OrderBy(m => m.NextAttemptAt),
                "IX_OutboundMessages_Status_NextAttemptAt"),
            ("messages about a record", db.OutboundMessages.Where(m => m.RelatedType == "Lead" && m.RelatedId == "7"), "IX_OutboundMessages_RelatedType_RelatedId"),
            // The pollers read back what they claimed by key, not by lease over the whole table.
            ("claimed timers", db.Set<BookmarkRecord>().Where(b => claimed.Contains(b.Id) && b.LeaseOwner == "host" && b.LeaseUntil == now).Select(b => b.Id),
                "PRIMARY KEY"),
            ("claimed messages", db.OutboundMessages.Where(m => claimed.Contains(m.Id) && m.LeaseOwner == "sender" && m.LeaseUntil == now),
                "sqlite_autoindex_OutboundMessages_1"),
        };

        foreach (var (name, query, uses) in reads)
        {
            var plan = await PlanAsync(db, query);
            var shown = $"{name}: {string.Join(" / ", plan)}";
            Assert.True(plan.Any(p => p.StartsWith("SEARCH", StringComparison.Ordinal) && p.Contains(uses, StringComparison.Ordinal)), shown);
            Assert.False(plan.Any(p => p.StartsWith("SCAN", StringComparison.Ordinal) || p.Contains("TEMP B-TREE", StringComparison.Ordinal)), shown);
        }
    }
}
