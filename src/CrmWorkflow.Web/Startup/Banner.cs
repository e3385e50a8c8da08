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
        Console.WriteLine($"CrmWorkflow is running on {string.Join(", ", addresses)} (sign in there; API reference: /docs)");
        var provider = DatabaseSetup.Provider(app.Configuration);
        var connection = DatabaseSetup.ConnectionString(app.Configuration, app.Environment.ContentRootPath) ?? "";
        Console.WriteLine(provider == DatabaseProvider.Sqlite
            ? $"Database: SQLite file {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource}"
            : $"Database: SQL Server {SqlServerTarget(connection)}");
        if (app.Configuration.GetValue("Seed:DemoData", false))
        {
            Console.WriteLine($"Demo sign-ins (password: {app.Configuration["Seed:DemoPassword"]}):");
            foreach (var (email, role, _) in DemoSeeder.DemoUsers) Console.WriteLine($"  {email,-24} {role}");
        }
        Console.WriteLine("Press Ctrl+C to stop.");
    }

    // Server and database only: never print credentials.
    private static string SqlServerTarget(string connection)
    {
        var b = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(connection);
        return $"{b.DataSource}, database {b.InitialCatalog}";
    }
}
