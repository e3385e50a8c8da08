using CrmWorkflow.Engine.Activities.Core;

namespace CrmWorkflow.Engine.Runtime;

// Join semantics. "all" waits for every inbound branch that can still arrive: a branch whose
// token died (a decision sent it elsewhere) or was never started does not block the join.
// "any" fires on the first arrival and cancels the work still racing towards the join.
public sealed partial class WorkflowExecutor
{
    private void ArriveAtJoin(ExecutionRun run, CompiledNode join, WorkItem work)
    {
        if (!run.State.JoinArrivals.TryGetValue(join.Id, out var arrivals))
            run.State.JoinArrivals[join.Id] = arrivals = [];
        arrivals.Add(work.ViaConnection ?? -1);
        var mode = new ActivityContext(run, join, 0, null, null).Get(((JoinActivity)join.Activity).Mode, "all");
        if (string.Equals(mode, "any", StringComparison.OrdinalIgnoreCase))
        {
            CancelRacers(run, join);
            FireJoin(run, join);
        }
        else if (join.Inbound.All(arrivals.Contains) || !AnyLiveTokenCanReach(run, join))
            FireJoin(run, join);
    }

    private bool TryFirePendingJoin(ExecutionRun run)
    {
        foreach (var (joinId, arrivals) in run.State.JoinArrivals)
        {
            if (arrivals.Count == 0) continue;
            var join = run.Flow[joinId];
            if (AnyLiveTokenCanReach(run, join)) continue;
            FireJoin(run, join);
            return true;
        }
        return false;
    }

    private void FireJoin(ExecutionRun run, CompiledNode join)
    {
        run.State.JoinArrivals.Remove(join.Id);
        var now = _clock.GetUtcNow();
        Journal(run, join, now, Model.Ports.Done, null);
        Schedule(run, join, Model.Ports.Done);
    }

    private static bool AnyLiveTokenCanReach(ExecutionRun run, CompiledNode join)
    {
        foreach (var item in run.State.Queue)
            if (run.Flow.CanReach(run.Flow[item.ActivityId], join)) return true;
        foreach (var bookmark in run.State.Bookmarks)
            if (bookmark.ActivityId != join.Id && run.Flow.CanReach(run.Flow[bookmark.ActivityId], join)) return true;
        return false;
    }

    // Work that is upstream of the join (and not downstream of it) lost the race.
    private static void CancelRacers(ExecutionRun run, CompiledNode join)
    {
        bool IsRacer(string activityId)
        {
            var node = run.Flow[activityId];
            return node.Index != join.Index && run.Flow.CanReach(node, join) && !run.Flow.CanReach(join, node);
        }
        run.State.Queue.RemoveAll(w => IsRacer(w.ActivityId));
        foreach (var bookmark in run.State.Bookmarks.Where(b => IsRacer(b.ActivityId)).ToList())
            run.RemoveBookmark(bookmark, completedBy: null);
    }
}
