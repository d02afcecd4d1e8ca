using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Accounts;

/// Erases a leaver (UK GDPR right to erasure): the account is kept only as an anonymous, disabled shell with its role,
/// so what must be kept (who submitted a return, who signed off a review) stays attributable to the role; the person's
/// name is replaced by a stable pseudonym ("Former Headteacher 3F9A2C") in every "…By" column (returns, progress,
/// evidence, sign-offs, content versions) and in the audit trail of their trust, and their e-mail address is removed
/// from the audit values. Shared by the administrators' page and the command line.
public sealed class Erasure(TrustPortalDbContext db, UserManager<PortalUser> users, SessionStore sessions)
{
    public const string ErasedDomain = "erased.invalid";

    /// The same pseudonym every time for the same account.
    public static string Pseudonym(string userId, string role)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var code = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("TrustPortal erasure " + userId)))[..6];
        return $"Former {(string.IsNullOrEmpty(role) ? "member" : role)} {code}";
    }

    public static bool IsErased(PortalUser user) =>
        user?.Email?.EndsWith("@" + ErasedDomain, StringComparison.Ordinal) == true;

    public async Task<AdminResult> EraseAsync(PortalUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (IsErased(user))
        {
            return AdminResult.Fail("This account has already been erased");
        }
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
        var pseudonym = Pseudonym(user.Id, role);
        var oldName = user.DisplayName;
        var oldEmail = user.Email ?? "";
        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await RenameInRecordsAsync(user.Id, oldName, pseudonym, user.TrustId ?? 0, ct);
            await db.SavedDrafts.Where(d => d.UserId == user.Id).ExecuteDeleteAsync(ct);
            await db.AuditEntries.Where(a => a.UserId == user.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.UserName, pseudonym), ct);
            var erasedEmail = $"erased-{user.Id}@{ErasedDomain}";
            await db.Invitations.Where(i => i.UserId == user.Id).ExecuteDeleteAsync(ct);
            await db.UserTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);
            await db.UserLogins.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);

            user.DisplayName = pseudonym;
            user.Email = erasedEmail;
            user.UserName = erasedEmail;
            user.EmailConfirmed = false;
            user.PasswordHash = null;
            user.TwoFactorEnabled = false;
            user.IsDisabled = true;
            user.LastTotpTimeStep = null;
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded)
            {
                return AdminResult.From(updated);
            }
            await users.UpdateSecurityStampAsync(user);
            // Last, so the audit rows of this very change lose the old name and address too.
            await db.AuditEntries.Where(a => a.TrustId == user.TrustId && (a.OldValues!.Contains(oldEmail) || a.NewValues!.Contains(oldEmail)))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(a => a.OldValues, a => a.OldValues!.Replace(oldEmail, erasedEmail))
                    .SetProperty(a => a.NewValues, a => a.NewValues!.Replace(oldEmail, erasedEmail)), ct);
            await db.AuditEntries.Where(a => a.TrustId == user.TrustId && (a.OldValues!.Contains(oldName) || a.NewValues!.Contains(oldName)))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(a => a.OldValues, a => a.OldValues!.Replace(oldName, pseudonym))
                    .SetProperty(a => a.NewValues, a => a.NewValues!.Replace(oldName, pseudonym)), ct);
            await transaction.CommitAsync(ct);
            return AdminResult.Ok;
        });
        if (result.Succeeded)
        {
            await sessions.EndAllAsync(user.Id, ct);
        }
        return result;
    }

    /// Every column that names who did something ("SubmittedBy", "UploadedBy", "RecordedBy", ...), in the rows of the
    /// person's own trust only: by the table's TrustId, its school's trust, or its progress update's school's trust.
    /// Where a row keeps the person's id beside their name ("AuthorId"/"AuthorName", "RaisedById"/"RaisedByName"),
    /// the name is replaced wherever the id matches.
    private async Task RenameInRecordsAsync(string userId, string oldName, string pseudonym, int trustId, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        string Table(Type type)
        {
            var entity = db.Model.FindEntityType(type)!;
            return sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        }
        var schools = Table(typeof(Domain.Schools.School));
        var updates = Table(typeof(Domain.Progress.ProgressUpdate));
        var priorities = Table(typeof(Domain.Progress.SchoolPriority));
        var id = sql.DelimitIdentifier("Id");
        var trust = sql.DelimitIdentifier("TrustId");
        var school = sql.DelimitIdentifier("SchoolId");
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null || entity.IsOwned())
            {
                continue;
            }
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            string? Column(string name) => entity.FindProperty(name)?.GetColumnName(store);
            foreach (var nameProperty in entity.GetProperties().Where(p => p.ClrType == typeof(string) && p.Name.Length > 4 && p.Name.EndsWith("Name", StringComparison.Ordinal)))
            {
                var idColumn = Column(nameProperty.Name[..^"Name".Length] + "Id");
                if (idColumn is null || nameProperty.GetColumnName(store) is not { } nameColumn)
                {
                    continue;
                }
#pragma warning disable EF1002 // Table and column names come from the EF model, delimited by the provider; the values are parameters.
                await db.Database.ExecuteSqlRawAsync(
                    $"UPDATE {sql.DelimitIdentifier(table, entity.GetSchema())} SET {sql.DelimitIdentifier(nameColumn)} = {{0}} WHERE {sql.DelimitIdentifier(idColumn)} = {{1}}",
                    [pseudonym, userId], ct);
#pragma warning restore EF1002
            }
            var scope = Column("TrustId") is not null ? $"{trust} = {{2}}"
                : Column("SchoolId") is not null ? $"{school} IN (SELECT {id} FROM {schools} WHERE {trust} = {{2}})"
                : Column("SchoolPriorityId") is not null
                    ? $"{sql.DelimitIdentifier("SchoolPriorityId")} IN (SELECT p.{id} FROM {priorities} p JOIN {schools} s ON s.{id} = p.{school} WHERE s.{trust} = {{2}})"
                : Column("ProgressUpdateId") is not null
                    ? $"{sql.DelimitIdentifier("ProgressUpdateId")} IN (SELECT u.{id} FROM {updates} u JOIN {schools} s ON s.{id} = u.{school} WHERE s.{trust} = {{2}})"
                : null;
            if (scope is null)
            {
                continue;
            }
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string) && p.Name.EndsWith("By", StringComparison.Ordinal)))
            {
                if (property.GetColumnName(store) is not { } column)
                {
                    continue;
                }
                var name = sql.DelimitIdentifier(column);
#pragma warning disable EF1002 // Table and column names come from the EF model, delimited by the provider; the values are parameters.
                await db.Database.ExecuteSqlRawAsync(
                    $"UPDATE {sql.DelimitIdentifier(table, entity.GetSchema())} SET {name} = {{0}} WHERE {name} = {{1}} AND {scope}",
                    [pseudonym, oldName, trustId], ct);
#pragma warning restore EF1002
            }
        }
    }
}
