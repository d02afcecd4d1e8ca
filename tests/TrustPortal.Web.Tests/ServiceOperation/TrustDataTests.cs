using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Files;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.ServiceOperation;

/// Issue 22: a trust's whole data leaves in one zip at the end of a contract, and deleting the trust removes it from
/// every table while other trusts stay exactly as they were.
public sealed class TrustDataTests
{
    private const string Leaving = "kestrel-ridge-learning-trust";
    private const string Staying = "create-partnership-trust";

    [Fact]
    public void Every_table_of_the_model_is_either_a_trusts_or_the_installations_own()
    {
        using var factory = new PortalFactory();
        using var scope = factory.Services.CreateScope();
        var data = scope.ServiceProvider.GetRequiredService<TrustData>();
        Assert.Empty(data.Unaccounted());
        var tables = data.Tables(1).Select(t => t.Name).ToList();
        // The ones a reader would look for first, principals before dependents.
        Assert.True(tables.IndexOf("Trusts") < tables.IndexOf("Schools"));
        Assert.True(tables.IndexOf("Schools") < tables.IndexOf("ProgressUpdates"));
        Assert.True(tables.IndexOf("AspNetUsers") < tables.IndexOf("AspNetUserTokens"));
        Assert.Contains("AuditEntries", tables);
    }

    [Fact]
    public Task On_SQLite_export_holds_everything_and_delete_leaves_nothing_of_the_trust_and_touches_no_other() =>
        ExportThenDeleteAsync(new PortalFactory());

    [PostgresFact]
    public Task On_PostgreSQL_export_holds_everything_and_delete_leaves_nothing_of_the_trust_and_touches_no_other() =>
        ExportThenDeleteAsync(new PostgresPortalFactory());

    private static async Task ExportThenDeleteAsync(PortalFactory factory)
    {
        using var _ = factory;
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var data = scope.ServiceProvider.GetRequiredService<TrustData>();
        var files = scope.ServiceProvider.GetRequiredService<IFileStore>();
        var leaving = await db.Trusts.SingleAsync(t => t.Slug == Leaving);
        var staying = await db.Trusts.Where(t => t.Slug == Staying).Select(t => t.Id).SingleAsync();
        // A file of the trust's own: its logo.
        using (var logo = new MemoryStream([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]))
        {
            leaving.SetLogo(await files.SaveAsync(logo, "logo.png", CancellationToken.None), "image/png");
        }
        await db.SaveChangesAsync();
        var logoKey = leaving.LogoKey!;

        var before = await data.CountAsync(leaving.Id, CancellationToken.None);
        var otherBefore = await data.CountAsync(staying, CancellationToken.None);
        Assert.True(before["Schools"] > 0 && before["ProgressUpdates"] > 0 && before["AspNetUsers"] > 0 && before["AspNetUserTokens"] > 0,
            "the demo trust should hold schools, progress and accounts with authenticator keys");

        using var zipBytes = new MemoryStream();
        var summary = await data.ExportAsync(leaving.Id, zipBytes, files.OpenAsync, "test", DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(1, summary.Files);

        // The export re-read: every table's rows, the file, and no secret.
        zipBytes.Position = 0;
        using (var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read))
        {
            foreach (var (table, count) in before)
            {
                var entry = zip.GetEntry($"tables/{table}.json") ?? throw new Xunit.Sdk.XunitException($"{table} is not in the export");
                using var json = await JsonDocument.ParseAsync(entry.Open());
                Assert.True(json.RootElement.GetArrayLength() == count, $"{table}: {json.RootElement.GetArrayLength()} rows exported, {count} in the database");
            }
            using (var users = await JsonDocument.ParseAsync(zip.GetEntry("tables/AspNetUsers.json")!.Open()))
            {
                Assert.All(users.RootElement.EnumerateArray(), u =>
                {
                    Assert.False(u.TryGetProperty("PasswordHash", out var _));
                    Assert.False(u.TryGetProperty("SecurityStamp", out var _));
                    Assert.True(u.TryGetProperty("Email", out var _));
                });
            }
            using (var tokens = await JsonDocument.ParseAsync(zip.GetEntry("tables/AspNetUserTokens.json")!.Open()))
            {
                Assert.All(tokens.RootElement.EnumerateArray(), t => Assert.False(t.TryGetProperty("Value", out var _)));
            }
            using var file = new MemoryStream();
            await zip.GetEntry($"files/{logoKey}")!.Open().CopyToAsync(file);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 }, file.ToArray());
            Assert.NotNull(zip.GetEntry("manifest.json"));
        }

        var keys = await data.DeleteAsync(leaving.Id, CancellationToken.None);
        Assert.Equal([logoKey], keys);

        var after = await data.CountAsync(leaving.Id, CancellationToken.None);
        foreach (var (table, count) in after)
        {
            // The one row kept on purpose: the audit record that the trust was deleted, and by whom.
            Assert.True(count == (table == "AuditEntries" ? 1 : 0), $"{table} still holds {count} rows of the deleted trust");
        }
        Assert.Equal("Deleted", await db.AuditEntries.Where(a => a.TrustId == leaving.Id).Select(a => a.Action).SingleAsync());
        Assert.Equal(otherBefore, await data.CountAsync(staying, CancellationToken.None));
    }
}
