using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace TrustPortal.Web.Data.Seeding;

/// Writes many rows of one mapped entity type straight to the database, bypassing the change tracker: binary COPY on
/// PostgreSQL, multi-row INSERTs on SQLite. Columns, names and value conversions come from the EF model, so a row is
/// stored exactly as SaveChanges would store it; the entities are still built by the domain's constructors and
/// methods. No interceptor runs (no audit entry, no cache stamp): for generated data of new trusts only (ADR 0168).
public sealed class BulkRows(TrustPortalDbContext db)
{
    /// Rows written so far by this writer.
    public long Written { get; private set; }

    private bool IsPostgres => db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <paramref name="count"/> new keys for the table of <typeparamref name="T"/>, so that rows and the rows that point at
    /// them can be written together. Within the caller's transaction on SQLite (one writer at a time).
    public async Task<int[]> ReserveKeysAsync<T>(int count, CancellationToken ct) where T : class
    {
        var (table, key) = TableAndKey<T>();
        var ids = new int[count];
        if (count == 0)
        {
            return ids;
        }
        await using var command = Command();
        if (IsPostgres)
        {
            var sequenceOf = $"'{Helper.DelimitIdentifier(table.Name)}'";
            command.CommandText = $"SELECT nextval(pg_get_serial_sequence({sequenceOf}, '{key}'))::integer FROM generate_series(1, {count})";
            await using var reader = await command.ExecuteReaderAsync(ct);
            for (var i = 0; await reader.ReadAsync(ct); i++)
            {
                ids[i] = reader.GetInt32(0);
            }
            return ids;
        }
        var t = Helper.DelimitIdentifier(table.Name);
        command.CommandText = $"SELECT MAX(COALESCE((SELECT MAX({Helper.DelimitIdentifier(key)}) FROM {t}), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table.Name}'), 0))";
        var highest = Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            ids[i] = highest + 1 + i;
        }
        return ids;
    }

    /// Writes <paramref name="rows"/>. A database-generated integer key is left to the database unless
    /// <paramref name="given"/> supplies it; <paramref name="given"/> also fills foreign keys the entities cannot know
    /// yet (property name → value for the row at that index).
    public async Task InsertAsync<T>(IReadOnlyList<T> rows, IReadOnlyDictionary<string, Func<int, object?>>? given, CancellationToken ct) where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        // Flattened: a complex property's columns (a progress entry's) are the row's columns too.
        var columns = entityType.GetFlattenedProperties()
            .Where(p => given?.ContainsKey(p.Name) == true || !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType == typeof(int)))
            .Select(p => new Column(p, p.GetColumnName(table)!, p.GetRelationalTypeMapping(), given?.GetValueOrDefault(p.Name)))
            .ToList();
        if (columns.Exists(c => c.Property.IsShadowProperty() && c.Given is null))
        {
            throw new InvalidOperationException($"{typeof(T).Name} has a shadow property; give its value.");
        }
        if (IsPostgres)
        {
            await CopyAsync(rows, table, columns, ct);
        }
        else
        {
            await InsertInBatchesAsync(rows, table, columns, ct);
        }
        Written += rows.Count;
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, Func<int, object?>? Given)
    {
        public object? ValueOf(object row, int index) => Given is { } given ? given(index) : Property.GetGetter().GetClrValueUsingContainingEntity(row);
    }

    private async Task CopyAsync<T>(IReadOnlyList<T> rows, StoreObjectIdentifier table, List<Column> columns, CancellationToken ct) where T : class
    {
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        var sql = $"COPY {Helper.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => Helper.DelimitIdentifier(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        var types = columns.Select(c => c.Mapping.StoreTypeNameBase).ToArray();
        await using var writer = await connection.BeginBinaryImportAsync(sql, ct);
        for (var i = 0; i < rows.Count; i++)
        {
            await writer.StartRowAsync(ct);
            for (var c = 0; c < columns.Count; c++)
            {
                var value = columns[c].ValueOf(rows[i], i);
                if (value is not null && columns[c].Mapping.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }
                if (value is null)
                {
                    await writer.WriteNullAsync(ct);
                }
                else
                {
                    await writer.WriteAsync(value, types[c], ct);
                }
            }
        }
        await writer.CompleteAsync(ct);
    }

    private async Task InsertInBatchesAsync<T>(IReadOnlyList<T> rows, StoreObjectIdentifier table, List<Column> columns, CancellationToken ct) where T : class
    {
        // Well under SQLite's limit of 32,766 parameters a statement.
        var perStatement = Math.Max(1, Math.Min(500, 30_000 / columns.Count));
        var head = $"INSERT INTO {Helper.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => Helper.DelimitIdentifier(c.Name)))}) VALUES ";
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var end = Math.Min(rows.Count, start + perStatement);
            await using var command = Command();
            var text = new System.Text.StringBuilder(head);
            for (var i = start; i < end; i++)
            {
                text.Append(i == start ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = $"@p{((i - start) * columns.Count) + c}";
                    text.Append(c == 0 ? name : ", " + name);
                    command.Parameters.Add(columns[c].Mapping.CreateParameter(command, name, columns[c].ValueOf(rows[i], i), columns[c].Property.IsNullable));
                }
                text.Append(')');
            }
            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private DbCommand Command()
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 600;
        return command;
    }

    private ISqlGenerationHelper Helper => db.GetService<ISqlGenerationHelper>();

    private (StoreObjectIdentifier Table, string Key) TableAndKey<T>() where T : class
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var key = entityType.FindPrimaryKey()?.Properties.SingleOrDefault()?.GetColumnName(table)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no single-column key.");
        return (table, key);
    }
}
