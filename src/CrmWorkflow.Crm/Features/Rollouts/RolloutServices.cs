using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>The rollout use cases (registered by <see cref="DependencyInjection.AddCrm"/>).</summary>
public static class RolloutServices
{
    /// <summary>Adds the rollout handlers; each opens its own DbContext, so singletons serve every request.</summary>
    public static IServiceCollection AddRollouts(this IServiceCollection services) => services
        .AddSingleton<CreateRolloutHandler>()
        .AddSingleton<ListRolloutsHandler>()
        .AddSingleton<GetRolloutHandler>()
        .AddSingleton<CompleteChecklistItemHandler>()
        .AddSingleton<RecordKpiHandler>()
        .AddSingleton<RolloutStatusReportHandler>();
}
