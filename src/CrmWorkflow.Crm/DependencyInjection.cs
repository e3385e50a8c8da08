using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Crm;

/// <summary>Registers the CRM: its activities with the workflow engine, over <see cref="CrmDbContext"/>.</summary>
public static class DependencyInjection
{
    /// <summary>
    /// Adds the workflow engine (with the CRM's activities) and CRM services. The host registers
    /// the <see cref="CrmDbContext"/> factory with its chosen provider first.
    /// </summary>
    public static IServiceCollection AddCrm(this IServiceCollection services)
    {
        services.AddWorkflowEngine<CrmDbContext>(typeof(DependencyInjection).Assembly);
        services.AddSingleton<Seeding.CrmDataGenerator>();
        services.AddOptions<Features.Segmentation.SegmentationOptions>();
        services.AddSingleton<Features.Segmentation.SegmentationJob>();
        services.AddSingleton<Features.Customers.SearchCustomersHandler>();
        services.AddSingleton<Features.Customers.GetCustomer360Handler>();
        services.AddSingleton<Features.Query.AdHocQueryHandler>();
        services.AddSingleton<Features.Reports.CustomerReports>();
        services.AddOptions<Features.Notifications.TemplateOptions>();
        services.AddSingleton<Features.Notifications.TemplateRenderer>();
        services.AddOptions<Features.Notifications.MessagingOptions>();
        services.AddSingleton<Features.Notifications.Notifier>();
        services.AddSingleton<Features.Notifications.IMessageTransport, Features.Notifications.MessageTransport>();
        services.AddHttpClient(Features.Notifications.MessageTransport.SmsClient);
        services.AddSingleton<IValidateOptions<Features.Notifications.MessagingOptions>, Features.Notifications.SmsGatewayValidation>();
        services.AddSingleton<Features.Notifications.MessageSender>();
        services.AddSingleton<Features.Notifications.InAppNotifications>().AddSingleton<Features.Notifications.Outbox>();
        services.AddSingleton<Features.Leads.CreateLeadHandler>();
        services.AddSingleton<Features.Leads.GetLeadHandler>();
        services.AddSingleton<Features.Leads.SimulateRoutingHandler>();
        services.AddSingleton<Features.Leads.ManagerRoster>();
        services.AddSingleton<Features.Tasks.CompleteTaskHandler>();
        services.AddSingleton<Features.Leads.LogLeadContactHandler>().AddSingleton<Features.Leads.GetLeadContactsHandler>().AddSingleton<Features.Customers.LogCustomerContactHandler>();
        services.AddSingleton<Features.Tasks.TaskViewers>().AddSingleton<Features.Tasks.ClaimTaskHandler>().AddSingleton<Features.Tasks.DelegateTaskHandler>();
        services.AddSingleton<Features.Tasks.AssignmentChoicesHandler>();
        Features.Rollouts.RolloutServices.AddRollouts(services);
        services.AddSingleton<Features.Managers.DeactivateManagerHandler>().AddSingleton<Features.Managers.HandoverPreviewHandler>();
        services.AddSingleton<Features.Managers.ListManagersHandler>().AddSingleton<Features.Managers.CreateManagerHandler>().AddSingleton<Features.Managers.SetManagerCapacityHandler>().AddSingleton<Features.Managers.RecordOutOfOfficeHandler>();
        Features.Complaints.ComplaintServices.AddComplaints(services);
        Features.Dashboards.DashboardServices.AddDashboards(services);
        return services;
    }
}
