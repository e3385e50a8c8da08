using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Activities.Core;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using CrmWorkflow.Engine.Timers;
using CrmWorkflow.Engine.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmWorkflow.Engine;

/// <summary>Registers the workflow engine.</summary>
public static class DependencyInjection
{
    /// <summary>
    /// Adds the engine: registry (built-ins plus <paramref name="activityAssemblies"/>), compiler,
    /// executor, definition store and durable runtime over the host's <typeparamref name="TContext"/>,
    /// which must apply <see cref="WorkflowModel.ApplyWorkflowEngineModel"/>. Add the background
    /// worker with <see cref="AddWorkflowWorker"/>.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine<TContext>(this IServiceCollection services,
        params System.Reflection.Assembly[] activityAssemblies) where TContext : DbContext
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ExpressionOptions>();
        services.AddOptions<HttpActivityOptions>();
        services.AddOptions<WorkflowRuntimeOptions>();
        services.AddHttpClient(HttpActivityOptions.ClientName);
        services.AddSingleton(_ =>
        {
            var registry = new ActivityRegistry();
            foreach (var assembly in activityAssemblies) registry.AddAssembly(assembly);
            return registry;
        });
        services.AddSingleton(sp => new ExpressionEngine(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExpressionOptions>>().Value));
        services.AddSingleton<WorkflowCompiler>();
        services.AddSingleton<WorkflowExecutor>();
        services.AddSingleton<IWorkflowDbContextFactory, WorkflowDbContextFactory<TContext>>();
        services.AddSingleton<WorkflowDefinitionStore>();
        services.AddSingleton<Runtime.Durable.TaskChanges>();
        services.AddSingleton<WorkflowRuntime>();
        services.AddSingleton<WorkflowQueries>();
        services.AddSingleton<WorkflowImporter>();
        return services;
    }

    /// <summary>Adds the background worker that fires timers and processes pending work.</summary>
    public static IServiceCollection AddWorkflowWorker(this IServiceCollection services)
    {
        services.AddHostedService<WorkflowWorker>();
        return services;
    }
}
