using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>Whether a context runs on SQLite, for projects that do not reference the SQLite provider.</summary>
public static class SqliteProvider
{
    /// <summary>EF Core's SQLite provider name.</summary>
    public const string Name = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>True when <paramref name="database"/> is on SQLite.</summary>
    public static bool IsOnSqlite(this DatabaseFacade database) => database.ProviderName == Name;
}
