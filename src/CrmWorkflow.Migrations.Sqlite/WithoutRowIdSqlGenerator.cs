using CrmWorkflow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace CrmWorkflow.Migrations.Sqlite;

/// <summary>
/// Creates the tables marked with <see cref="SqliteTableLayout.IsWithoutRowIdOnSqlite{T}"/> as
/// <c>WITHOUT ROWID</c>: in migrations, in <c>EnsureCreated</c>/<c>GenerateCreateScript</c>, and in
/// the copies EF Core's SQLite provider builds when a change needs the table rebuilt (it creates
/// <c>ef_temp_&lt;table&gt;</c>, copies the rows and renames it). Register it with
/// <see cref="SqliteTableLayoutOptions.UseSqliteTableLayout"/> wherever SQLite is configured.
/// </summary>
public sealed class WithoutRowIdSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, IRelationalAnnotationProvider annotations)
    : SqliteMigrationsSqlGenerator(dependencies, annotations)
{
    // The name EF Core's SQLite table rebuild gives the new table before renaming it.
    private const string RebuildPrefix = "ef_temp_";

    /// <inheritdoc />
    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (!IsWithoutRowId(operation, model))
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }
        base.Generate(operation, model, builder, terminate: false);
        builder.Append(" WITHOUT ROWID");
        if (!terminate) return;
        builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }

    // A migration may say so on the operation (true or false, which wins); otherwise the target model
    // decides: the migration's own model, so one written before a table was marked still creates it as
    // it was then, and a later rebuild of a marked table keeps the mark.
    private static bool IsWithoutRowId(CreateTableOperation operation, IModel? model)
    {
        if (operation[SqliteTableLayout.WithoutRowIdAnnotation] is bool explicitly) return explicitly;
        var name = operation.Name.StartsWith(RebuildPrefix, StringComparison.Ordinal) ? operation.Name[RebuildPrefix.Length..] : operation.Name;
        var table = model?.GetRelationalModel().FindTable(name, operation.Schema);
        return table?.EntityTypeMappings.Any(m => m.TypeBase is IEntityType entityType && entityType.IsWithoutRowIdOnSqlite()) == true;
    }
}

/// <summary>Registers <see cref="WithoutRowIdSqlGenerator"/> on SQLite options.</summary>
public static class SqliteTableLayoutOptions
{
    /// <summary>Makes migrations and schema creation honour <see cref="SqliteTableLayout"/>'s marks.</summary>
    public static DbContextOptionsBuilder UseSqliteTableLayout(this DbContextOptionsBuilder options) =>
        options.ReplaceService<IMigrationsSqlGenerator, WithoutRowIdSqlGenerator>();

    /// <inheritdoc cref="UseSqliteTableLayout(DbContextOptionsBuilder)"/>
    public static DbContextOptionsBuilder<TContext> UseSqliteTableLayout<TContext>(this DbContextOptionsBuilder<TContext> options)
        where TContext : DbContext =>
        options.ReplaceService<IMigrationsSqlGenerator, WithoutRowIdSqlGenerator>();
}
