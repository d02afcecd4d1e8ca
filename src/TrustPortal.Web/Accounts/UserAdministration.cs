using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Accounts;

/// The part of an account form a refusal is about, so a page shows it beside its field (ADR 0133's rule for accounts).
public enum AccountField
{
    None,
    Email,
    Password,
    Role,
    Schools,
}

/// One reason an account change was refused, and the field it is about.
public sealed record AccountProblem(AccountField Field, string Message);

public sealed record AdminResult(bool Succeeded, IReadOnlyList<AccountProblem> Problems)
{
    public static readonly AdminResult Ok = new(true, []);

    /// Said when an address already has an account: the same words whichever trust's it is, so no trust's people are revealed.
    public const string AddressNotUsable = "This e-mail address cannot be used for a new account: check it and try again";

    /// The messages alone, for a banner or the command line.
    public IReadOnlyList<string> Errors => [.. Problems.Select(p => p.Message)];

    public static AdminResult Fail(string message, AccountField field = AccountField.None) => new(false, [new(field, message)]);

    /// Identity's refusals, placed by Identity's error codes (its contract), never by their English text.
    public static AdminResult From(IdentityResult result) =>
        result.Succeeded ? Ok : new(false, [.. result.Errors.Select(ProblemOf)]);

    private static AccountProblem ProblemOf(IdentityError e) => e.Code switch
    {
        // Identity's text names the address ("Username '…' is already taken"): an account of another trust's.
        nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail) => new(AccountField.Email, AddressNotUsable),
        nameof(IdentityErrorDescriber.InvalidUserName) or nameof(IdentityErrorDescriber.InvalidEmail) => new(AccountField.Email, e.Description),
        _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => new(AccountField.Password, e.Description),
        _ => new(AccountField.None, e.Description),
    };
}

public sealed record UserRow(string Id, string Email, string DisplayName, string Role, bool IsDisabled, bool MfaEnabled, IReadOnlyList<string> Schools);

/// Account changes shared by the command line and the administrators' pages, so both keep the same rules.
public sealed class UserAdministration(
    TrustPortalDbContext db,
    UserManager<PortalUser> users,
    SessionStore sessions,
    TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(3);

    /// Creates the account; with a password it can sign in at once, without one it waits for an invitation.
    public async Task<(AdminResult Result, PortalUser? User)> CreateAsync(string email, string displayName, string role, int trustId, IReadOnlyCollection<int> schoolIds, string? password, CancellationToken ct)
    {
        var problems = await CheckLinksAsync(role, trustId, schoolIds, ct);
        if (problems.Count > 0)
        {
            return (new AdminResult(false, problems), null);
        }
        return await CreateUserAsync(email, displayName, role, trustId, schoolIds, password, ct);
    }

    /// A service operator: above trusts, in none, so no trust's pages or data are theirs to read.
    public Task<(AdminResult Result, PortalUser? User)> CreateOperatorAsync(string email, string displayName, string? password, CancellationToken ct) =>
        CreateUserAsync(email, displayName, Roles.ServiceOperator, null, [], password, ct);

    private async Task<(AdminResult Result, PortalUser? User)> CreateUserAsync(string email, string displayName, string role, int? trustId, IReadOnlyCollection<int> schoolIds, string? password, CancellationToken ct)
    {
        var user = new PortalUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = password is not null,
            DisplayName = displayName.Trim(),
            TrustId = trustId,
            LockoutEnabled = true,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        var result = await InTransactionAsync(async () =>
        {
            var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return AdminResult.From(created);
            }
            var roleAdded = await users.AddToRoleAsync(user, role);
            if (!roleAdded.Succeeded)
            {
                return AdminResult.From(roleAdded);
            }
            foreach (var schoolId in schoolIds.Distinct())
            {
                db.UserSchools.Add(new UserSchool { UserId = user.Id, SchoolId = schoolId });
            }
            await db.SaveChangesAsync(ct);
            return AdminResult.Ok;
        }, ct);
        return (result, result.Succeeded ? user : null);
    }

    /// Changes role and schools; the user's sessions end so the new role applies at their next sign-in.
    public async Task<AdminResult> ChangeAccessAsync(PortalUser user, string role, IReadOnlyCollection<int> schoolIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var problems = await CheckLinksAsync(role, user.TrustId ?? 0, schoolIds, ct);
        if (problems.Count > 0)
        {
            return new AdminResult(false, problems);
        }
        var result = await InTransactionAsync(async () =>
        {
            var current = await users.GetRolesAsync(user);
            if (!current.SequenceEqual([role]))
            {
                var removed = await users.RemoveFromRolesAsync(user, current);
                var added = removed.Succeeded ? await users.AddToRoleAsync(user, role) : removed;
                if (!added.Succeeded)
                {
                    return AdminResult.From(added);
                }
            }
            var links = await db.UserSchools.Where(l => l.UserId == user.Id).ToListAsync(ct);
            db.UserSchools.RemoveRange(links.Where(l => !schoolIds.Contains(l.SchoolId)));
            foreach (var id in schoolIds.Distinct().Where(id => links.TrueForAll(l => l.SchoolId != id)))
            {
                db.UserSchools.Add(new UserSchool { UserId = user.Id, SchoolId = id });
            }
            await db.SaveChangesAsync(ct);
            return AdminResult.Ok;
        }, ct);
        if (result.Succeeded)
        {
            await sessions.EndAllAsync(user.Id, ct);
        }
        return result;
    }

    public async Task<AdminResult> DisableAsync(PortalUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.IsDisabled = true;
        var result = await users.UpdateAsync(user);
        if (result.Succeeded)
        {
            await users.UpdateSecurityStampAsync(user);
            await sessions.EndAllAsync(user.Id, ct);
        }
        return AdminResult.From(result);
    }

    public async Task<AdminResult> EnableAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.IsDisabled = false;
        return AdminResult.From(await users.UpdateAsync(user));
    }

    /// Turns MFA off and forgets the authenticator key and recovery codes; the user enrols again at next sign-in.
    public async Task<AdminResult> ResetMfaAsync(PortalUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var result = await users.SetTwoFactorEnabledAsync(user, false);
        if (!result.Succeeded)
        {
            return AdminResult.From(result);
        }
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes");
        user.LastTotpTimeStep = null;
        result = await users.ResetAuthenticatorKeyAsync(user);
        await sessions.EndAllAsync(user.Id, ct);
        return AdminResult.From(result);
    }

    public Task<List<UserRow>> ListAsync(int trustId, CancellationToken ct, string? userId = null) =>
        db.Users.AsNoTracking()
            .Where(u => u.TrustId == trustId && (userId == null || u.Id == userId))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new UserRow(u.Id, u.Email ?? "", u.DisplayName,
                db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).FirstOrDefault() ?? "",
                u.IsDisabled, u.TwoFactorEnabled,
                // A person's schools are their trust's (CheckLinksAsync): saying so lets the database start from the
                // trust's few schools rather than every school link in the country (ADR 0169).
                db.UserSchools.Where(l => l.UserId == u.Id).Join(db.Schools.Where(s => s.TrustId == trustId), l => l.SchoolId, s => s.Id, (l, s) => s.Name).OrderBy(n => n).ToList()))
            .ToListAsync(ct);

    /// Makes a single-use invitation and returns its token (only the hash is stored).
    public async Task<string> CreateInvitationAsync(PortalUser user, string invitedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        db.Invitations.Add(new Invitation
        {
            UserId = user.Id,
            TokenHash = HashToken(token),
            CreatedUtc = now,
            ExpiresUtc = now + InvitationLifetime,
            InvitedByUserId = invitedBy,
        });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// The invitation for a token if it is unused and unexpired.
    public async Task<Invitation?> FindInvitationAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash && i.UsedUtc == null && i.ExpiresUtc > now, ct);
    }

    /// Sets the first password and uses up the invitation, in one transaction.
    public async Task<AdminResult> AcceptInvitationAsync(Invitation invitation, string password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var user = await users.FindByIdAsync(invitation.UserId);
        if (user is null || user.IsDisabled)
        {
            return AdminResult.Fail("This invitation is no longer valid");
        }
        return await InTransactionAsync(async () =>
        {
            invitation.UsedUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            var result = await users.HasPasswordAsync(user)
                ? IdentityResult.Failed(new IdentityError { Description = "This account already has a password" })
                : await users.AddPasswordAsync(user, password);
            if (!result.Succeeded)
            {
                invitation.UsedUtc = null;
                return AdminResult.From(result);
            }
            user.EmailConfirmed = true;
            return AdminResult.From(await users.UpdateAsync(user));
        }, ct);
    }

    /// Runs the work in one transaction inside the provider's execution strategy (SQL Server retries need that).
    private Task<AdminResult> InTransactionAsync(Func<Task<AdminResult>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work();
            if (result.Succeeded)
            {
                await transaction.CommitAsync(ct);
            }
            return result;
        });

    private async Task<List<AccountProblem>> CheckLinksAsync(string role, int trustId, IReadOnlyCollection<int> schoolIds, CancellationToken ct)
    {
        var problems = new List<AccountProblem>();
        if (Roles.Parse(role) is null)
        {
            problems.Add(new(AccountField.Role, $"Role must be one of {string.Join(", ", Roles.All)}"));
        }
        var found = await db.Schools.CountAsync(s => s.TrustId == trustId && schoolIds.Contains(s.Id), ct);
        if (found != schoolIds.Distinct().Count())
        {
            problems.Add(new(AccountField.Schools, "Every school must be a school of the user's trust"));
        }
        if (role == Roles.Headteacher && schoolIds.Count == 0)
        {
            problems.Add(new(AccountField.Schools, "A headteacher leads at least one school"));
        }
        if (role is Roles.TrustAdmin or Roles.Trustee && schoolIds.Count > 0)
        {
            problems.Add(new(AccountField.Schools, "Trust administrators and trustees are not linked to a school"));
        }
        return problems;
    }

    public static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
