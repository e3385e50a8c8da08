using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Marks tables SQLite should store clustered by their primary key (<c>WITHOUT ROWID</c>), as
/// SQL Server already stores every table. A rowid table keyed by text keeps each row twice, in
/// the table and in its key's index, so every insert writes two b-trees; clustered, the key's
/// b-tree is the table. It pays for narrow rows written in key order (the journal, bookmarks):
/// a lead's commit logs about a page less for each. Wider rows (tasks, outbox messages) logged
/// more pages clustered than as rowid tables, since a clustered b-tree splits less cheaply on
/// append and every secondary index entry then carries the text key instead of a rowid; wide
/// rows rewritten often (instance state) stay rowid tables too. Only the SQLite migrations
/// honour the mark; SQL Server ignores it.
/// </summary>
public static class SqliteTableLayout
{
    /// <summary>The model annotation the SQLite migrations SQL generator reads.</summary>
    public const string WithoutRowIdAnnotation = "CrmWorkflow:SqliteWithoutRowId";

    /// <summary>Stores the entity's table on SQLite as <c>WITHOUT ROWID</c>.</summary>
    public static EntityTypeBuilder<T> IsWithoutRowIdOnSqlite<T>(this EntityTypeBuilder<T> builder) where T : class =>
        builder.HasAnnotation(WithoutRowIdAnnotation, true);

    /// <summary>True when the entity's table is marked <c>WITHOUT ROWID</c> for SQLite.</summary>
    public static bool IsWithoutRowIdOnSqlite(this IReadOnlyEntityType entityType) =>
        entityType.FindAnnotation(WithoutRowIdAnnotation)?.Value is true;
}
