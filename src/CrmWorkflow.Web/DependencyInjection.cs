using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Crm;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine;
using CrmWorkflow.Engine.Activities.Core;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Runtime.Durable;
using CrmWorkflow.Web.Api;
using CrmWorkflow.Web.Startup;
using Microsoft.AspNetCore.DataProtection;

namespace CrmWorkflow.Web;

/// <summary>The host's registrations, in the order Program.cs reads them.</summary>
public static class DependencyInjection
{
    /// <summary>Database, CRM and engine (with its background worker), bound to configuration.</summary>
    public static IServiceCollection AddCrmWorkflow(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddDatabase(configuration, environment.ContentRootPath);
        // Registered first: its "starting" phase migrates before the worker or server begin.
        services.AddHostedService<StartupTasks>();
        services.AddCrm();
        services.Configure<WorkflowRuntimeOptions>(configuration.GetSection("Workflow:Runtime"));
        services.Configure<HttpActivityOptions>(configuration.GetSection("Workflow:Http"));
        services.Configure<ExpressionOptions>(configuration.GetSection("Workflow:Expressions"));
        services.Configure<CrmWorkflow.Crm.Features.Segmentation.SegmentationOptions>(configuration.GetSection("Segmentation"));
        services.Configure<CrmWorkflow.Crm.Features.Notifications.TemplateOptions>(o =>
            o.Folder = Path.GetFullPath(configuration["Templates:Folder"] ?? Path.Combine(environment.ContentRootPath, "templates")));
        services.Configure<CrmWorkflow.Crm.Features.Notifications.MessagingOptions>(configuration.GetSection("Messaging"));
        // An SMS gateway off the outbound allow-list stops the start with that reason, not every SMS later.
        services.AddOptions<CrmWorkflow.Crm.Features.Notifications.MessagingOptions>().ValidateOnStart();
        services.PostConfigure<CrmWorkflow.Crm.Features.Notifications.MessagingOptions>(o =>
            o.PickupFolder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, o.PickupFolder)));
        if (configuration.GetValue("Workflow:Worker:Enabled", true)) services.AddWorkflowWorker();
        if (configuration.GetValue("Messaging:Sender:Enabled", true))
            services.AddHostedService<CrmWorkflow.Crm.Features.Notifications.MessageSenderWorker>();
        services.AddHostedService<DatabaseStatistics>();
        services.AddSingleton<WalCheckpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<WalCheckpointer>());
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<TestRuns.TestRunService>();
        return services;
    }

    /// <summary>The REST API: sign-in, JSON, problems, OpenAPI and health.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection().SetApplicationName("CrmWorkflow").PersistKeysToDbContext<CrmDbContext>();
        services.AddSignIn(configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // A query or route value that does not bind (page=abc, dueBefore=notadate) becomes a
        // BadHttpRequestException, which ApiExceptionHandler answers with a 400 naming the parameter.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CrmWorkflow API";
            document.Info.Description = "Design, publish and run workflows; work tasks. Sign in with POST /api/auth/login and send " +
                                        "`Authorization: Bearer {accessToken}`. Errors are ProblemDetails keyed by JSON path.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddDbContextCheck<CrmDbContext>("database");
        return services;
    }
}
