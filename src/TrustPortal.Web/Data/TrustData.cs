using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace TrustPortal.Web.Data;

/// Which rows of which table belong to one trust, worked out from the EF model rather than listed by hand: a table
/// with a TrustId column is the trust's where it matches; any other table is the trust's through its foreign key to
/// a table that is (or, with no foreign key, through a UserId column: the user's). A table that is neither must be named in <see cref="NotTrustData"/>, and a test fails when a new
/// one is not, so a new entity can never be left out of a trust's export or deletion (ADR 0097).
public sealed class TrustData(TrustPortalDbContext db)
{
    /// Tables that hold no trust's data: the installation's own (keys, roles, markers, cache stamps).
    public static readonly IReadOnlySet<string> NotTrustData = new HashSet<string>(StringComparer.Ordinal)
    {
        "DataProtectionKeys", "AspNetRoles", "AspNetRoleClaims", "DatabaseMarkers",
        // The operator's log names trusts by address, to outlive their deletion (ADR 0150).
        "OperatorLog",
    };

    /// Columns never exported: secrets that would let someone sign in or forge a session.
    private static readonly HashSet<string> SecretColumns = new(StringComparer.Ordinal)
    {
        "AspNetUsers.PasswordHash", "AspNetUsers.SecurityStamp", "AspNetUsers.ConcurrencyStamp", "AspNetUserTokens.Value",
        "Invitations.TokenHash", "UserSessions.Id", "PasswordResetLinks.TokenHash",
    };

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };

    public sealed record TrustTable(string Name, IReadOnlyList<string> Columns, string Where);

    public sealed record ExportSummary(IReadOnlyDictionary<string, int> Rows, int Files);

    /// Every table of the trust, principals before their dependents (the order to insert; delete in reverse).
    public IReadOnlyList<TrustTable> Tables(int trustId)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var scopes = new Dictionary<IEntityType, string>();
        var types = db.Model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned()).ToList();
        var ordered = new List<IEntityType>();
        // Each pass scopes every table whose principal is scoped already, so principals come first.
        for (var pass = 0; pass < types.Count && scopes.Count < types.Count; pass++)
        {
            foreach (var type in types.Where(t => !scopes.ContainsKey(t)))
            {
                var where = ScopeOf(type, trustId, scopes, sql);
                if (where is not null)
                {
                    scopes[type] = where;
                    ordered.Add(type);
                }
            }
        }
        return PrincipalsFirst(ordered).Where(t => !NotTrustData.Contains(t.GetTableName()!))
            .Select(t => new TrustTable(t.GetTableName()!, Columns(t), scopes[t])).ToList();
    }

    /// A topological order of the tables by their foreign keys (a principal before every dependent).
    private static List<IEntityType> PrincipalsFirst(List<IEntityType> types)
    {
        var set = types.ToHashSet();
        var result = new List<IEntityType>();
        var done = new HashSet<IEntityType>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType type)
        {
            if (done.Contains(type) || !visiting.Add(type))
            {
                return;
            }
            foreach (var principal in type.GetForeignKeys().Select(f => f.PrincipalEntityType).Where(p => p != type && set.Contains(p)))
            {
                Visit(principal);
            }
            visiting.Remove(type);
            done.Add(type);
            result.Add(type);
        }
        foreach (var type in types)
        {
            Visit(type);
        }
        return result;
    }

    /// The tables of the model that are neither the trust's nor listed as the installation's own.
    public IReadOnlyList<string> Unaccounted()
    {
        var scoped = Tables(0).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return db.Model.GetEntityTypes().Where(t => !t.IsOwned()).Select(t => t.GetTableName()).OfType<string>().Distinct()
            .Where(n => !scoped.Contains(n) && !NotTrustData.Contains(n)).Order(StringComparer.Ordinal).ToList();
    }

    private static string? ScopeOf(IEntityType type, int trustId, Dictionary<IEntityType, string> scopes, ISqlGenerationHelper sql)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        var id = trustId.ToString(CultureInfo.InvariantCulture);
        if (type.ClrType == typeof(Domain.Trusts.Trust))
        {
            return $"{Column(type.FindPrimaryKey()!.Properties[0])} = {id}";
        }
        if (type.FindProperty("TrustId") is { } trustColumn)
        {
            return $"{Column(trustColumn)} = {id}";
        }
        // Through a foreign key to a scoped table; a required one first, so no row with an empty link is missed.
        foreach (var fk in type.GetForeignKeys().OrderBy(f => f.IsRequired ? 0 : 1))
        {
            if (fk.Properties.Count != 1 || !scopes.TryGetValue(fk.PrincipalEntityType, out var principalWhere))
            {
                continue;
            }
            var principal = fk.PrincipalEntityType;
            var principalTable = StoreObjectIdentifier.Table(principal.GetTableName()!, principal.GetSchema());
            var key = sql.DelimitIdentifier(fk.PrincipalKey.Properties[0].GetColumnName(principalTable)!);
            return $"{Column(fk.Properties[0])} IN (SELECT {key} FROM {sql.DelimitIdentifier(principal.GetTableName()!)} WHERE {principalWhere})";
        }
        // A UserId column without a foreign key (short-lived form records kept apart from the accounts) is a user's.
        var users = scopes.Keys.FirstOrDefault(k => k.ClrType == typeof(Accounts.PortalUser));
        if (type.FindProperty("UserId") is { } userColumn && users is not null)
        {
            var usersTable = StoreObjectIdentifier.Table(users.GetTableName()!, users.GetSchema());
            var key = sql.DelimitIdentifier(users.FindPrimaryKey()!.Properties[0].GetColumnName(usersTable)!);
            return $"{Column(userColumn)} IN (SELECT {key} FROM {sql.DelimitIdentifier(users.GetTableName()!)} WHERE {scopes[users]})";
        }
        return null;
    }

    private static List<string> Columns(IEntityType type)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        // Flattened: a complex property's columns (a progress entry's) are the table's columns too.
        return type.GetFlattenedProperties().Select(p => p.GetColumnName(table)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    /// How many rows each of the trust's tables holds for it.
    public async Task<IReadOnlyDictionary<string, int>> CountAsync(int trustId, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in Tables(trustId))
        {
            counts[table.Name] = await ScalarAsync($"SELECT COUNT(*) FROM {sql.DelimitIdentifier(table.Name)} WHERE {table.Where}", ct);
        }
        return counts;
    }

    /// Writes the trust's whole data as a zip: one JSON file per table (secrets left out), its files, and a manifest.
    /// <paramref name="openFile"/> gives a stored file's content by its key (null when gone): the file store's
    /// OpenAsync, passed in so that Data does not depend on Infrastructure.
    public async Task<ExportSummary> ExportAsync(int trustId, Stream output, Func<string, CancellationToken, Task<Stream?>> openFile, string exportedBy, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(openFile);
        var sql = db.GetService<ISqlGenerationHelper>();
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        var fileKeys = new List<string>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var table in Tables(trustId))
        {
            var columns = table.Columns.Where(c => !SecretColumns.Contains($"{table.Name}.{c}")).ToList();
            var entry = zip.CreateEntry($"tables/{table.Name}.json", CompressionLevel.Optimal);
            await using var stream = entry.Open();
            await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartArray();
            var count = 0;
            await using (var command = await CommandAsync($"SELECT {string.Join(", ", columns.Select(sql.DelimitIdentifier))} FROM {sql.DelimitIdentifier(table.Name)} WHERE {table.Where}", ct))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    json.WriteStartObject();
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        WriteValue(json, reader.GetName(i), reader.IsDBNull(i) ? null : reader.GetValue(i));
                        if (reader.GetName(i) is "StoredKey" or "LogoKey" && !reader.IsDBNull(i))
                        {
                            fileKeys.Add(reader.GetString(i));
                        }
                    }
                    json.WriteEndObject();
                    count++;
                }
            }
            json.WriteEndArray();
            rows[table.Name] = count;
        }
        var written = 0;
        foreach (var key in fileKeys.Distinct(StringComparer.Ordinal))
        {
            await using var content = await openFile(key, ct);
            if (content is null)
            {
                continue;
            }
            await using var entry = zip.CreateEntry($"files/{key}", CompressionLevel.Optimal).Open();
            await content.CopyToAsync(entry, ct);
            written++;
        }
        await using (var manifest = zip.CreateEntry("manifest.json").Open())
        {
            await JsonSerializer.SerializeAsync(manifest, new
            {
                Format = "TrustPortal trust export 1",
                TrustId = trustId,
                ExportedAt = at,
                ExportedBy = exportedBy,
                Rows = rows,
                Files = written,
                LeftOut = "Passwords, security stamps, authenticator keys and recovery codes, invitation and session tokens",
            }, ManifestJson, ct);
        }
        return new ExportSummary(rows, written);
    }

    /// Deletes every row of the trust, dependents first, then the trust itself through EF (so its audit record of who
    /// deleted it is written and the caches are told), all in one transaction inside the execution strategy. Returns
    /// the file keys the trust held, to be removed from the file store once the transaction has committed.
    /// <param name="record">A record of the deletion saved in the same transaction (the operator's log entry), or null.</param>
    public async Task<IReadOnlyList<string>> DeleteAsync(int trustId, CancellationToken ct, object? record = null)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var tables = Tables(trustId);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var keys = new List<string>();
            foreach (var table in tables.Where(t => t.Columns.Contains("StoredKey") || t.Columns.Contains("LogoKey")))
            {
                var column = table.Columns.Contains("StoredKey") ? "StoredKey" : "LogoKey";
                await using var command = await CommandAsync($"SELECT {sql.DelimitIdentifier(column)} FROM {sql.DelimitIdentifier(table.Name)} WHERE {table.Where} AND {sql.DelimitIdentifier(column)} IS NOT NULL", ct);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    keys.Add(reader.GetString(0));
                }
            }
            foreach (var table in tables.AsEnumerable().Reverse().Where(t => t.Name != "Trusts"))
            {
                var delete = $"DELETE FROM {sql.DelimitIdentifier(table.Name)} WHERE {table.Where}";
                await using var command = await CommandAsync(delete, ct);
                await command.ExecuteNonQueryAsync(ct);
            }
            var trust = await db.Trusts.SingleAsync(t => t.Id == trustId, ct);
            db.Trusts.Remove(trust);
            if (record is not null)
            {
                db.Add(record);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (IReadOnlyList<string>)keys;
        });
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case bool b: json.WriteBoolean(name, b); break;
            case int or long or short or byte or decimal or double or float: json.WriteNumber(name, Convert.ToDecimal(value, CultureInfo.InvariantCulture)); break;
            case byte[] bytes: json.WriteBase64String(name, bytes); break;
            case DateTime d: json.WriteString(name, d); break;
            case DateTimeOffset d: json.WriteString(name, d); break;
            default: json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private async Task<DbCommand> CommandAsync(string text, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private async Task<int> ScalarAsync(string text, CancellationToken ct)
    {
        await using var command = await CommandAsync(text, ct);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
