using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CrmWorkflow.Web.Startup;

/// <summary>Tells the person who started the app where it is and how to sign in.</summary>
public static class Banner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine();
        Console.WriteLine($"CrmWorkflow is running on {string.Join(", ", addresses)} (API reference: /api/docs)");
        Console.WriteLine($"Database: {DatabaseSetup.Provider(app.Configuration)}");
        if (app.Configuration.GetValue("Seed:DemoData", false))
        {
            Console.WriteLine($"Demo sign-ins (password: {app.Configuration["Seed:DemoPassword"]}):");
            foreach (var (email, role, _) in DemoSeeder.DemoUsers) Console.WriteLine($"  {email,-24} {role}");
        }
        Console.WriteLine("Press Ctrl+C to stop.");
    }
}
