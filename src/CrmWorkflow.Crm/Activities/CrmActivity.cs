using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Activities;

/// <summary>What CRM activities share: the step's database and the notifier.</summary>
public static class CrmActivityContext
{
    /// <summary>
    /// The CRM database of the current step. Rows added or changed here are saved in the same
    /// transaction as the workflow's own state, or not at all.
    /// </summary>
    public static CrmDbContext Crm(this ActivityContext context) =>
        context.Services.GetService<CrmDbContext>()
        ?? throw new InvalidOperationException(
            $"'{context.Node.Activity.Descriptor.Type}' writes to the CRM database and runs only in the durable workflow runtime.");

    /// <summary>A lead of this step's unit of work (tracked, so changes are saved with the step).</summary>
    public static async Task<Domain.Lead> LeadAsync(this ActivityContext context, long id) =>
        await context.Crm().Leads.FindAsync([id], context.CancellationToken)
        ?? throw new InvalidOperationException($"'{context.ActivityId}': lead {id} does not exist.");

    /// <summary>Renders a template and queues the message in this step's transaction.</summary>
    public static Domain.OutboundMessage Notify(this ActivityContext context, MessageRequest request) =>
        context.Services.GetRequiredService<Notifier>().Queue(context.Crm(), request with { InstanceId = context.Instance.Id });
}
