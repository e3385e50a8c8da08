using System.Globalization;
using CrmWorkflow.Crm.Seeding;

namespace CrmWorkflow.Web.Startup;

/// <summary>
/// <c>dotnet run --project src/CrmWorkflow.Web -- seed --customers 1000000 [--managers 40]
/// [--orders-per-customer 5] [--seed 20261125]</c>: fills an empty CRM with generated data and
/// shows progress.
/// </summary>
public static class SeedCommand
{
    public const string Verb = "seed";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        SeedOptions options;
        try
        {
            options = Parse(args.Skip(1).ToArray());
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("usage: seed [--customers N] [--managers N] [--orders-per-customer X] [--seed N]");
            return 2;
        }
        await app.Services.GetServices<IHostedService>().OfType<StartupTasks>().Single().MigrateAsync(CancellationToken.None);
        Console.WriteLine($"Generating {options.Customers:N0} customers ({options.Managers} client managers, ~{options.OrdersPerCustomer} orders each, seed {options.Seed})...");
        var generator = app.Services.GetRequiredService<CrmDataGenerator>();
        try
        {
            var report = await generator.GenerateAsync(options, new ConsoleProgress());
            Console.WriteLine();
            Console.WriteLine($"Done: {report.Rows:N0} rows in {report.Elapsed.TotalSeconds:N1} s ({report.RowsPerSecond:N0} rows/s).");
            foreach (var (table, rows) in report.RowsPerTable.OrderByDescending(r => r.Value))
                Console.WriteLine($"  {table,-24} {rows,12:N0}");
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static SeedOptions Parse(string[] args)
    {
        var options = new SeedOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--customers" => options with { Customers = Number(Value(), "--customers", 1, 50_000_000) },
                "--managers" => options with { Managers = Number(Value(), "--managers", 1, 100_000) },
                "--seed" => options with { Seed = Number(Value(), "--seed", int.MinValue, int.MaxValue) },
                "--orders-per-customer" => options with
                {
                    OrdersPerCustomer = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var o) && o is >= 0 and <= 1000
                        ? o : throw new FormatException("--orders-per-customer must be a number from 0 to 1000."),
                },
                _ => throw new FormatException($"Unknown option '{args[i]}'."),
            };
        }
        return options;
    }

    private static int Number(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new FormatException($"{name} must be a whole number from {min:N0} to {max:N0}; got '{text}'.");

    /// <summary>A one-line progress bar with rate and time left.</summary>
    private sealed class ConsoleProgress : IProgress<SeedProgress>
    {
        public void Report(SeedProgress p)
        {
            var share = p.Total == 0 ? 1 : (double)p.Done / p.Total;
            var bar = new string('#', (int)(share * 30)).PadRight(30, '.');
            var rate = p.Rows / Math.Max(p.Elapsed.TotalSeconds, 0.001);
            var left = share > 0 ? TimeSpan.FromSeconds(p.Elapsed.TotalSeconds * (1 - share) / share) : TimeSpan.Zero;
            var line = $"\r[{bar}] {share,4:P0} {p.Done:N0}/{p.Total:N0} {p.Stage}, {rate:N0} rows/s, {left:mm\\:ss} left ";
            if (Console.IsOutputRedirected) { if (p.Done == p.Total || p.Done % 100_000 < 5_000) Console.WriteLine(line.TrimStart('\r')); }
            else Console.Write(line);
        }
    }
}
