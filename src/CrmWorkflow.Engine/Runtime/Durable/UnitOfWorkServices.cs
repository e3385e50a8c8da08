using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CrmWorkflow.Engine.Runtime.Durable;

/// <summary>
/// The services an activity sees during a durable step: the step's own DbContext (so CRM
/// writes commit with the instance state) in front of the host's services.
/// </summary>
internal sealed class UnitOfWorkServices(DbContext db, IServiceProvider inner) : IServiceProvider
{
    private readonly DbContextCheckpoint _checkpoint = new(db);

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(IUnitOfWorkCheckpoint)) return _checkpoint;
        return serviceType.IsInstanceOfType(db) && typeof(DbContext).IsAssignableFrom(serviceType) ? db : inner.GetService(serviceType);
    }
}

/// <summary>
/// Takes back what one activity changed in the step's unit of work when it fails, so a
/// faulted step commits its incident and the work of the activities before it, but nothing
/// of the failed activity's half-done changes.
/// </summary>
public interface IUnitOfWorkCheckpoint
{
    /// <summary>Remembers the unit of work as it is now.</summary>
    object Mark();

    /// <summary>Returns the unit of work to <paramref name="mark"/>.</summary>
    void Undo(object mark);
}

internal sealed class DbContextCheckpoint(DbContext db) : IUnitOfWorkCheckpoint
{
    private sealed record Snapshot(EntityEntry Entry, EntityState State, PropertyValues Values, string[] Modified);

    public object Mark() => db.ChangeTracker.Entries().Select(e => new Snapshot(e, e.State, e.CurrentValues.Clone(),
        e.State == EntityState.Modified ? e.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToArray() : [])).ToList();

    public void Undo(object mark)
    {
        var snapshots = (List<Snapshot>)mark;
        var known = snapshots.Select(s => s.Entry.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
        // Rows the failed activity added or loaded are forgotten.
        foreach (var entry in db.ChangeTracker.Entries().Where(e => !known.Contains(e.Entity)).ToList())
            entry.State = EntityState.Detached;
        foreach (var s in snapshots)
        {
            s.Entry.CurrentValues.SetValues(s.Values);
            s.Entry.State = s.State;
            if (s.State != EntityState.Modified) continue;
            foreach (var property in s.Entry.Properties) property.IsModified = s.Modified.Contains(property.Metadata.Name);
        }
    }
}
