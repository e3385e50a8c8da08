using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// An entity's table as the EF model maps it (names, quoting, value conversions), for the few
/// places that write rows with hand-batched SQL: workflow steps and bulk loads. Works for any
/// relational provider.
/// </summary>
public sealed class EntityTable
{
    private static readonly ConcurrentDictionary<IEntityType, EntityTable> Cache = new();

    private readonly string _table;
    private readonly string? _schema;
    private readonly (IProperty Property, string Column)[] _columns;
    private readonly Dictionary<string, (IProperty Property, string Column)> _byName;
    private readonly Func<object, object?>[] _readers;

    private EntityTable(IEntityType entityType)
    {
        _table = entityType.GetTableName()!;
        _schema = entityType.GetSchema();
        var store = StoreObjectIdentifier.Table(_table, _schema);
        _columns = entityType.GetProperties().Select(p => (p, p.GetColumnName(store)!)).ToArray();
        _byName = _columns.ToDictionary(c => c.Property.Name);
        _readers = _columns.Select(c => Reader(c.Property)).ToArray();
        HasIdentityKey = entityType.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd, ClrType: var t }]
                         && (t == typeof(int) || t == typeof(long));
    }

    /// <summary>The table of an entity type in a context's model.</summary>
    public static EntityTable For(DbContext db, Type type)
    {
        var entityType = db.Model.FindEntityType(type)
                         ?? throw new InvalidOperationException($"{type.Name} is not in the model of {db.GetType().Name}.");
        return For(entityType);
    }

    /// <summary>The table of an entity type.</summary>
    public static EntityTable For(IEntityType entityType) => Cache.GetOrAdd(entityType, e => new EntityTable(e));

    /// <summary>The mapped properties and their columns, in the model's order.</summary>
    internal IReadOnlyList<(IProperty Property, string Column)> Columns => _columns;

    /// <summary>Number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>True when the key is a database-generated integer (SQL Server needs IDENTITY_INSERT for explicit ids).</summary>
    public bool HasIdentityKey { get; }

    /// <summary>The quoted table name.</summary>
    public string Table(ISqlGenerationHelper sql) => sql.DelimitIdentifier(_table, _schema);

    /// <summary>The column of a property.</summary>
    public string Column(string property) => _byName[property].Column;

    /// <summary>Adds a positional parameter and returns its name.</summary>
    public static string AddParameter(DbCommand command, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = ParameterName(command.Parameters.Count);
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter.ParameterName;
    }

    // Every step names a hundred parameters or so; the names are made once.
    private static readonly string[] Names = Enumerable.Range(0, 2_100).Select(i => "@p" + i).ToArray();

    internal static string ParameterName(int index) => index < Names.Length ? Names[index] : "@p" + index;

    /// <summary>Appends one multi-row INSERT of the rows (every mapped column).</summary>
    public void AppendInsert(StringBuilder text, DbCommand command, ISqlGenerationHelper sql, IEnumerable<object> rows)
    {
        AppendInsertHead(text, sql);
        var first = true;
        foreach (var row in rows)
        {
            text.Append(first ? "(" : ", (");
            first = false;
            // The column readers hold each getter and converter; looking them up per value cost a
            // sixth of a lead's step in a profile.
            for (var c = 0; c < _readers.Length; c++)
                text.Append(c == 0 ? "" : ", ").Append(AddParameter(command, _readers[c](row)));
            text.Append(')');
        }
        text.Append(";\n");
    }

    /// <summary>Appends UPDATE ... SET values WHERE Id = id;</summary>
    public void AppendUpdateValues(StringBuilder text, DbCommand command, ISqlGenerationHelper sql, string id, Dictionary<string, object?> values)
    {
        AppendSet(text, command, sql, values);
        text.Append(" WHERE ").Append(sql.DelimitIdentifier(_byName["Id"].Column)).Append(" = ").Append(AddParameter(command, id)).Append(";\n");
    }

    /// <summary>Appends UPDATE ... SET values (no WHERE).</summary>
    public void AppendSet(StringBuilder text, DbCommand command, ISqlGenerationHelper sql, Dictionary<string, object?> values)
    {
        text.Append("UPDATE ").Append(Table(sql)).Append(" SET ");
        text.AppendJoin(", ", values.Select(v =>
        {
            var (property, column) = _byName[v.Key];
            return $"{sql.DelimitIdentifier(column)} = {AddParameter(command, ToProvider(property, v.Value))}";
        }));
    }

    /// <summary>
    /// A prepared multi-row INSERT reused for many rows: the fast path for bulk loads. Rows are
    /// buffered and written <paramref name="rowsPerStatement"/> at a time.
    /// </summary>
    public BulkInsert CreateBulkInsert(DbConnection connection, DbTransaction? transaction, ISqlGenerationHelper sql, int rowsPerStatement = 0) =>
        new(this, connection, transaction, sql, rowsPerStatement > 0 ? rowsPerStatement : Math.Max(1, 900 / _columns.Length));

    /// <summary>
    /// A reusable single-row UPDATE of the given properties by key, for bulk updates:
    /// <c>update(keyValue, value1, value2, ...)</c> in the properties' order.
    /// </summary>
    public Func<object, object?[], int> CreateUpdate(DbConnection connection, DbTransaction? transaction, ISqlGenerationHelper sql,
        string keyProperty, params string[] properties)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var text = new StringBuilder("UPDATE ").Append(Table(sql)).Append(" SET ");
        text.AppendJoin(", ", properties.Select(p => $"{sql.DelimitIdentifier(_byName[p].Column)} = {AddParameter(command, null)}"));
        text.Append(" WHERE ").Append(sql.DelimitIdentifier(_byName[keyProperty].Column)).Append(" = ").Append(AddParameter(command, null));
        command.CommandText = text.ToString();
        var targets = properties.Select(p => _byName[p].Property).ToArray();
        var key = _byName[keyProperty].Property;
        return (id, values) =>
        {
            for (var i = 0; i < targets.Length; i++) command.Parameters[i].Value = ToProvider(targets[i], values[i]) ?? DBNull.Value;
            command.Parameters[targets.Length].Value = ToProvider(key, id) ?? DBNull.Value;
            return command.ExecuteNonQuery();
        };
    }

    internal void AppendInsertHead(StringBuilder text, ISqlGenerationHelper sql)
    {
        text.Append("INSERT INTO ").Append(Table(sql)).Append(" (");
        text.AppendJoin(", ", _columns.Select(c => sql.DelimitIdentifier(c.Column)));
        text.Append(") VALUES ");
    }

    /// <summary>Writes a row's provider values into consecutive parameters starting at <paramref name="offset"/>.</summary>
    internal void Bind(DbCommand command, int offset, object row)
    {
        for (var c = 0; c < _readers.Length; c++)
            command.Parameters[offset + c].Value = _readers[c](row) ?? DBNull.Value;
    }

    // Getter and value converter resolved once per column, not per row.
    private static Func<object, object?> Reader(IProperty property)
    {
        var getter = property.GetGetter();
        var converter = property.GetTypeMapping().Converter;
        return converter is null
            ? getter.GetClrValue
            : row => getter.GetClrValue(row) is { } value ? converter.ConvertToProvider(value) : null;
    }

    private static object? ToProvider(IProperty property, object? value) =>
        value is null ? null : property.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;
}

/// <summary>
/// Buffered multi-row inserts into one table: rows are kept until <see cref="Flush"/> (or
/// Dispose), then written in statements of a fixed row count (one command reused, so the
/// provider parses it once) plus one statement for the rest. Flushing tables parent-first keeps
/// foreign keys satisfied.
/// </summary>
public sealed class BulkInsert : IDisposable
{
    private readonly EntityTable _table;
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly ISqlGenerationHelper _sql;
    private readonly int _rows;
    private readonly List<object> _buffer = [];
    private DbCommand? _full;

    internal BulkInsert(EntityTable table, DbConnection connection, DbTransaction? transaction, ISqlGenerationHelper sql, int rows) =>
        (_table, _connection, _transaction, _sql, _rows) = (table, connection, transaction, sql, rows);

    /// <summary>Rows written so far.</summary>
    public long Written { get; private set; }

    /// <summary>Queues a row.</summary>
    public void Add(object row) => _buffer.Add(row);

    /// <summary>Writes every queued row.</summary>
    public void Flush()
    {
        var done = 0;
        for (; _buffer.Count - done >= _rows; done += _rows)
            Write(_full ??= Prepare(_rows), done, _rows);
        if (done < _buffer.Count)
        {
            using var rest = Prepare(_buffer.Count - done);
            Write(rest, done, _buffer.Count - done);
        }
        _buffer.Clear();
    }

    private DbCommand Prepare(int rows)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        var text = new StringBuilder();
        _table.AppendInsertHead(text, _sql);
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _table.ColumnCount; c++)
                text.Append(c == 0 ? "" : ", ").Append(EntityTable.AddParameter(command, null));
            text.Append(')');
        }
        command.CommandText = text.ToString();
        return command;
    }

    private void Write(DbCommand command, int from, int count)
    {
        for (var r = 0; r < count; r++) _table.Bind(command, r * _table.ColumnCount, _buffer[from + r]);
        command.ExecuteNonQuery();
        Written += count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Flush();
        _full?.Dispose();
    }
}
