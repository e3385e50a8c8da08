using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Features.Dashboards;

/// <summary>Registers the dashboard queries.</summary>
public static class DashboardServices
{
    public static IServiceCollection AddDashboards(this IServiceCollection services) => services
        .AddSingleton<SlaComplianceHandler>()
        .AddSingleton<LeadFunnelHandler>()
        .AddSingleton<FirstContactTimeHandler>()
        .AddSingleton<ManagerLoadHandler>()
        .AddSingleton<CustomerSegmentsHandler>();
}
