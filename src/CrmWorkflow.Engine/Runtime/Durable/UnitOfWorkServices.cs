using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Runtime.Durable;

/// <summary>
/// The services an activity sees during a durable step: the step's own DbContext (so CRM
/// writes commit with the instance state) in front of the host's services.
/// </summary>
internal sealed class UnitOfWorkServices(DbContext db, IServiceProvider inner) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        serviceType.IsInstanceOfType(db) && typeof(DbContext).IsAssignableFrom(serviceType) ? db : inner.GetService(serviceType);
}
