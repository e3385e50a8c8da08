using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Web;
using CrmWorkflow.Web.Api;
using CrmWorkflow.Web.Components;
using CrmWorkflow.Web.Startup;
using Scalar.AspNetCore;

var command = Cli.IsCommand(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = command ? [] : args,
    // The root appsettings.json is the one users edit: run from anywhere in the repository.
    ContentRootPath = ContentRoot.Find(),
});

// The app runs from the repository in every environment, so the UI's files (ours and Radzen's)
// come from the build's static web assets; a published app has them in wwwroot instead.
builder.WebHost.UseStaticWebAssets();
builder.Services.AddCrmWorkflow(builder.Configuration, builder.Environment);
builder.Services.AddApi(builder.Configuration);
builder.Services.AddWebUi();
builder.Services.AddSingleton<CrmWorkflow.Web.Designer.DefinitionImport>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<BodySizeLimit>();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapAuth();
app.MapWorkflows();
app.MapTestRuns();
app.MapRoutingSimulation();
app.MapWorkflowTransfer();
app.MapInstances();
app.MapTasks();
app.MapCustomers();
app.MapQuery();
app.MapReports();
app.MapManagers();
app.MapLeads();
app.MapRollouts();
app.MapComplaints();
app.MapNotifications();
app.MapOutbox();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/docs", o => o
    .WithTitle("CrmWorkflow API")
    // Offline-friendly: no hosted fonts, agents, telemetry or deploy buttons.
    .DisableDefaultFonts().DisableAgent().DisableTelemetry().DisableMcp().HideDeveloperTools().WithDotNetFlag(false))
    .AllowAnonymous();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapWebUi();

if (command)
{
    Environment.ExitCode = await Cli.RunAsync(app, args);
    return;
}

app.Lifetime.ApplicationStarted.Register(() => Banner.Print(app));
try
{
    await app.RunAsync();
}
catch (WorkflowImportException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("Start-up stopped: fix the workflow file(s) above and start again.");
    Environment.ExitCode = 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    // A setting that can never work (e.g. an SMS gateway off the outbound allow-list): say which, not a stack trace.
    foreach (var failure in ex.Failures) Console.Error.WriteLine(failure);
    Console.Error.WriteLine("Start-up stopped: fix the setting(s) above (appsettings.json or environment variables) and start again.");
    Environment.ExitCode = 1;
}
catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
{
    // Ctrl+C while migrating or seeding: nothing half-done is kept (each step is one transaction).
    Console.Error.WriteLine("Stopped during start-up.");
    Environment.ExitCode = 1;
}

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
