using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Migrations.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Startup;

/// <summary>Which database the host runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded, the default: a file under data/.</summary>
    Sqlite,
    /// <summary>Production: one database several hosts may share.</summary>
    SqlServer,
}

/// <summary>Registers <see cref="CrmDbContext"/> for the configured provider and its migrations.</summary>
public static class DatabaseSetup
{
    /// <summary>The default connection string: a SQLite file under data/.</summary>
    public const string DefaultSqlite = "Data Source=data/crmworkflow.db";

    /// <summary>Reads Database:Provider; anything else than Sqlite or SqlServer stops start-up.</summary>
    public static DatabaseProvider Provider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"] ?? "Sqlite";
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider is '{value}'; use Sqlite or SqlServer.");
    }

    /// <summary>
    /// The configured connection string; a relative SQLite file is placed under the content root
    /// (the repository), wherever the process was started from.
    /// </summary>
    public static string? ConnectionString(IConfiguration configuration, string contentRoot)
    {
        var connection = configuration.GetConnectionString("CrmWorkflow");
        if (Provider(configuration) != DatabaseProvider.Sqlite) return connection;
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection ?? DefaultSqlite);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        return builder.ToString();
    }

    /// <summary>Adds a pooled context factory for the configured provider.</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = Provider(configuration);
        var connection = ConnectionString(configuration, contentRoot);
        services.AddPooledDbContextFactory<CrmDbContext>(options => Configure(options, provider, connection));
        if (provider == DatabaseProvider.Sqlite && !InMemory(connection ?? DefaultSqlite))
        {
            // Each context gets an open connection that keeps its compiled statements (SqliteConnectionLender).
            // EF Core's pooled factory stays underneath; ours wraps it.
            var pooled = services.Last(d => d.ServiceType == typeof(IDbContextFactory<CrmDbContext>));
            services.Remove(pooled);
            services.AddSingleton(new SqliteConnectionLender(connection ?? DefaultSqlite));
            services.AddSingleton<IDbContextFactory<CrmDbContext>>(sp => new LendingDbContextFactory(
                (IDbContextFactory<CrmDbContext>)(pooled.ImplementationFactory?.Invoke(sp)
                    ?? ActivatorUtilities.CreateInstance(sp, pooled.ImplementationType!)),
                sp.GetRequiredService<SqliteConnectionLender>()));
        }
        // Identity's stores want a scoped context; it comes from the same pool.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Configures options for a provider (also used by tests and tools).</summary>
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string? connection)
    {
        if (provider == DatabaseProvider.SqlServer)
        {
            options.UseSqlServer(connection ?? throw new InvalidOperationException("ConnectionStrings:CrmWorkflow is required for SQL Server."),
                o => o.MigrationsAssembly("CrmWorkflow.Migrations.SqlServer"));
            return;
        }
        options.UseSqlite(connection ?? DefaultSqlite, o => o.MigrationsAssembly("CrmWorkflow.Migrations.Sqlite"))
            .UseSqliteTableLayout()
            .AddInterceptors(new SqlitePragmas(), new StatementCacheInterceptor());
    }

    /// <summary>True for a SQLite connection string that names no file (an in-memory database).</summary>
    public static bool InMemory(string connection)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection);
        return builder.DataSource is "" or ":memory:" || builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory;
    }
}
