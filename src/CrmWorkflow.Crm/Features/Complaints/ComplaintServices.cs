using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>Registers the complaint use cases.</summary>
public static class ComplaintServices
{
    public static IServiceCollection AddComplaints(this IServiceCollection services)
    {
        services.AddSingleton<CreateComplaintHandler>();
        services.AddSingleton<GetComplaintHandler>();
        services.AddSingleton<ListComplaintsHandler>();
        services.AddSingleton<ChangeComplaintStatusHandler>();
        services.AddSingleton<AnswerSurveyHandler>();
        services.AddSingleton<EscalateComplaintHandler>();
        services.AddSingleton<ComplaintTimelineHandler>();
        return services;
    }
}
