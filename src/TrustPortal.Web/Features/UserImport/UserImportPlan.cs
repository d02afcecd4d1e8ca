using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.UserImport;

public enum RowAction
{
    Invite,
    Update,
    NoChange,
    Rejected,
}

/// What the import will do with one row, and why: the changes for an update, every problem for a rejected row.
public sealed record PlannedRow(
    int Row,
    string Name,
    string Email,
    string Role,
    IReadOnlyList<int> SchoolIds,
    IReadOnlyList<string> SchoolNames,
    RowAction Action,
    IReadOnlyList<string> Reasons,
    string? ExistingUserId,
    bool AddressInUse)
{
    /// The action in words, as the preview and the command line say it. A row whose address has an account elsewhere
    /// reads as an invitation, as on the invite page: other organisations' people are never revealed (the person is
    /// told by e-mail why no invitation came).
    public string ActionText => Action switch
    {
        RowAction.Invite => "Invite",
        RowAction.Update => "Update",
        RowAction.NoChange => "No change",
        _ => "Cannot be imported",
    };
}

public sealed record UserImportPlan(IReadOnlyList<PlannedRow> Rows, string? FileProblem)
{
    public int Invites => Rows.Count(r => r.Action == RowAction.Invite);
    public int Updates => Rows.Count(r => r.Action == RowAction.Update);
    public int Unchanged => Rows.Count(r => r.Action == RowAction.NoChange);
    public IReadOnlyList<PlannedRow> Rejected => [.. Rows.Where(r => r.Action == RowAction.Rejected)];

    /// All or nothing: a list with any row that cannot be imported is not imported at all.
    public bool CanConfirm => FileProblem is null && Rejected.Count == 0 && (Invites + Updates) > 0;
}

/// Works out, without writing anything, what a list of people would do to a trust's accounts; then, when confirmed,
/// writes it all in one transaction and queues the invitations (ADR 0149).
public sealed class UserImporter(TrustPortalDbContext db, ILookupNormalizer normalizer, TimeProvider clock)
{
    private static readonly EmailAddressAttribute EmailCheck = new();

    private sealed record Existing(string Id, string NormalizedEmail, int? TrustId);

    public async Task<UserImportPlan> PlanAsync(string csv, int trustId, string uploaderId, CancellationToken ct)
    {
        var file = PeopleCsv.Read(csv);
        if (file.Problem is not null)
        {
            return new UserImportPlan([], file.Problem);
        }
        var schools = await db.Schools.AsNoTracking().Where(s => s.TrustId == trustId)
            .Select(s => new { s.Id, s.Urn, s.Name, s.IsArchived }).ToListAsync(ct);
        var schoolsByUrn = schools.ToDictionary(s => s.Urn);
        var normalized = file.Rows.Select(r => normalizer.NormalizeEmail(r.Email)).Where(e => e.Length > 0).Distinct().ToList();
        var existing = (await db.Users.AsNoTracking().Where(u => normalized.Contains(u.NormalizedEmail!))
            .Select(u => new Existing(u.Id, u.NormalizedEmail!, u.TrustId)).ToListAsync(ct))
            .ToDictionary(u => u.NormalizedEmail, StringComparer.Ordinal);
        var ours = existing.Values.Where(u => u.TrustId == trustId).Select(u => u.Id).ToList();
        var roles = (await db.UserRoles.AsNoTracking().Where(ur => ours.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct))
            .GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.First().Name ?? "");
        var links = (await db.UserSchools.AsNoTracking().Where(l => ours.Contains(l.UserId)).ToListAsync(ct))
            .GroupBy(l => l.UserId).ToDictionary(g => g.Key, g => g.Select(l => l.SchoolId).ToHashSet());
        var schoolNames = schools.ToDictionary(s => s.Id, s => s.Name);

        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var planned = new List<PlannedRow>(file.Rows.Count);
        foreach (var row in file.Rows)
        {
            var problems = new List<string>();
            if (row.Name.Length == 0)
            {
                problems.Add("The name is missing");
            }
            else if (row.Name.Length > Limits.Name)
            {
                problems.Add("The name is longer than 200 characters");
            }
            var email = row.Email;
            var key = normalizer.NormalizeEmail(email);
            if (email.Length == 0)
            {
                problems.Add("The e-mail address is missing");
            }
            else if (email.Length > 256 || !EmailCheck.IsValid(email) || email.Contains(' ', StringComparison.Ordinal))
            {
                problems.Add($"\"{Short(email)}\" is not an e-mail address");
            }
            else if (firstRowOf.TryGetValue(key, out var first))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"The same e-mail address is on row {first}: list each person once"));
            }
            else
            {
                firstRowOf[key] = row.Row;
            }
            var role = PeopleCsv.ParseRole(row.Role);
            if (row.Role.Length == 0)
            {
                problems.Add("The role is missing: write trust administrator, trustee, headteacher or staff");
            }
            else if (role is null)
            {
                problems.Add($"\"{Short(row.Role)}\" is not a role: write trust administrator, trustee, headteacher or staff");
            }
            var schoolIds = new List<int>();
            var badUrn = false;
            foreach (var part in row.Schools.Split([';', ',', ' ', '|'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!School.TryParseUrn(part, out var urn))
                {
                    badUrn = true;
                    problems.Add($"\"{Short(part)}\" is not a URN: a URN is six digits");
                }
                else if (!schoolsByUrn.TryGetValue(urn, out var school))
                {
                    badUrn = true;
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"No school of your trust has the URN {urn}"));
                }
                else if (school.IsArchived)
                {
                    badUrn = true;
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{school.Name} (URN {urn}) is archived: restore it first, or leave it out"));
                }
                else if (!schoolIds.Contains(school.Id))
                {
                    schoolIds.Add(school.Id);
                }
            }
            if (role == Roles.Headteacher && schoolIds.Count == 0 && !badUrn)
            {
                problems.Add("A headteacher leads at least one school: give its URN in the schools column");
            }
            if (role is Roles.TrustAdmin or Roles.Trustee && row.Schools.Trim().Length > 0)
            {
                problems.Add("Trust administrators and trustees are not linked to a school: leave the schools column empty");
            }
            existing.TryGetValue(key, out var account);
            var names = schoolIds.Select(id => schoolNames[id]).ToList();
            if (account is not null && account.Id == uploaderId && problems.Count == 0 && role != roles.GetValueOrDefault(account.Id))
            {
                problems.Add("This is your own account: an import cannot change your own role");
            }
            if (problems.Count > 0)
            {
                planned.Add(new PlannedRow(row.Row, row.Name, email, role ?? row.Role, schoolIds, names, RowAction.Rejected, problems, account?.Id, false));
            }
            else if (account is null)
            {
                planned.Add(new PlannedRow(row.Row, row.Name, email, role!, schoolIds, names, RowAction.Invite, [], null, false));
            }
            else if (account.TrustId != trustId)
            {
                planned.Add(new PlannedRow(row.Row, row.Name, email, role!, schoolIds, names, RowAction.Invite, [], account.Id, true));
            }
            else
            {
                var changes = Changes(roles.GetValueOrDefault(account.Id) ?? "", links.GetValueOrDefault(account.Id) ?? [], role!, schoolIds, schoolNames);
                planned.Add(new PlannedRow(row.Row, row.Name, email, role!, schoolIds, names, changes.Count > 0 ? RowAction.Update : RowAction.NoChange, changes, account.Id, false));
            }
        }
        return new UserImportPlan(planned, null);
    }

    private static List<string> Changes(string currentRole, HashSet<int> currentSchools, string role, List<int> schoolIds, Dictionary<int, string> names)
    {
        var changes = new List<string>();
        if (currentRole != role)
        {
            changes.Add($"Role: {Roles.Label(currentRole)} → {Roles.Label(role)}");
        }
        if (!currentSchools.SetEquals(schoolIds))
        {
            string Describe(IEnumerable<int> ids) => ids.Any() ? string.Join(", ", ids.Select(id => names.GetValueOrDefault(id, "?")).Order(StringComparer.CurrentCulture)) : "none";
            changes.Add($"Schools: {Describe(currentSchools)} → {Describe(schoolIds)}");
        }
        return changes;
    }

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;

    /// Writes the plan: the new accounts (waiting for their invitation), the changed roles and schools, and a queued
    /// invitation for each new person, all in one transaction inside the execution strategy (ADR 0130). Returns false
    /// when the batch had been confirmed already (a second click, or another administrator).
    public async Task<bool> ApplyAsync(UserImportPlan plan, UserImportBatch batch, string baseUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(batch);
        if (!plan.CanConfirm)
        {
            throw new InvalidOperationException("Only a plan with no rejected rows can be written.");
        }
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            // Only one confirmation of a batch goes on.
            var claimed = await db.UserImportBatches.Where(b => b.Id == batch.Id && b.ConfirmedUtc == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.ConfirmedUtc, now)
                    .SetProperty(b => b.BaseUrl, baseUrl)
                    .SetProperty(b => b.Csv, "")
                    .SetProperty(b => b.Invited, plan.Invites)
                    .SetProperty(b => b.Updated, plan.Updates)
                    .SetProperty(b => b.Unchanged, plan.Unchanged), ct);
            if (claimed == 0)
            {
                return false;
            }
            var roleIds = await db.Roles.Where(r => r.Name != null).ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
            var queued = new List<(PendingInvitation Pending, PortalUser? User)>();
            foreach (var row in plan.Rows.Where(r => r.Action == RowAction.Invite))
            {
                if (row.AddressInUse)
                {
                    queued.Add((new PendingInvitation { BatchId = batch.Id, UserId = row.ExistingUserId!, AddressInUse = true, Role = row.Role }, null));
                    continue;
                }
                var user = new PortalUser
                {
                    UserName = row.Email,
                    NormalizedUserName = normalizer.NormalizeName(row.Email),
                    Email = row.Email,
                    NormalizedEmail = normalizer.NormalizeEmail(row.Email),
                    EmailConfirmed = false,
                    DisplayName = row.Name,
                    TrustId = batch.TrustId,
                    LockoutEnabled = true,
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    CreatedUtc = now,
                };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[row.Role] });
                foreach (var schoolId in row.SchoolIds)
                {
                    db.UserSchools.Add(new UserSchool { UserId = user.Id, SchoolId = schoolId });
                }
                queued.Add((new PendingInvitation { BatchId = batch.Id, UserId = user.Id, Role = row.Role }, user));
            }
            var updates = plan.Rows.Where(r => r.Action == RowAction.Update).ToList();
            var updatedIds = updates.Select(r => r.ExistingUserId!).ToList();
            var currentRoles = await db.UserRoles.Where(ur => updatedIds.Contains(ur.UserId)).ToListAsync(ct);
            var currentLinks = await db.UserSchools.Where(l => updatedIds.Contains(l.UserId)).ToListAsync(ct);
            foreach (var row in updates)
            {
                var id = row.ExistingUserId!;
                var mine = currentRoles.Where(r => r.UserId == id).ToList();
                if (mine.Count != 1 || mine[0].RoleId != roleIds[row.Role])
                {
                    db.UserRoles.RemoveRange(mine);
                    db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = roleIds[row.Role] });
                }
                var links = currentLinks.Where(l => l.UserId == id).ToList();
                db.UserSchools.RemoveRange(links.Where(l => !row.SchoolIds.Contains(l.SchoolId)));
                foreach (var schoolId in row.SchoolIds.Where(s => links.TrueForAll(l => l.SchoolId != s)))
                {
                    db.UserSchools.Add(new UserSchool { UserId = id, SchoolId = schoolId });
                }
            }
            db.PendingInvitations.AddRange(queued.Select(q => q.Pending));
            await db.SaveChangesAsync(ct);
            // A changed role applies at the person's next sign-in, as on the edit page.
            await db.UserSessions.Where(s => updatedIds.Contains(s.UserId)).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        });
    }
}
