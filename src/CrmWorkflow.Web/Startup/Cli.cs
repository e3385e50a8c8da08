using CrmWorkflow.Crm.Features.Segmentation;

namespace CrmWorkflow.Web.Startup;

/// <summary>
/// Maintenance verbs of the host: <c>seed</c> (generate CRM data) and <c>segment</c>
/// (recompute customer scores). They migrate the database, do their work and exit.
/// </summary>
public static class Cli
{
    private static readonly string[] Verbs = [SeedCommand.Verb, "segment"];

    /// <summary>True when the arguments start with a verb (they are then not host configuration).</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args[0] == SeedCommand.Verb) return await SeedCommand.RunAsync(app, args);
        await app.Services.GetServices<IHostedService>().OfType<StartupTasks>().Single().MigrateAsync(CancellationToken.None);
        Console.WriteLine("Recomputing customer scores...");
        var report = await app.Services.GetRequiredService<SegmentationJob>().RunAsync();
        Console.WriteLine($"Done: {report.Customers:N0} customers in {report.Elapsed.TotalSeconds:N1} s; {report.TierChanges:N0} tier changes, " +
                          $"{report.NewHighChurn:N0} newly at high churn risk, {report.EventsRaised:N0} events raised.");
        return 0;
    }
}
