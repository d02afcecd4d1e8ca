using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

[Collection(SharedPortal.Name)]
public sealed partial class AdministrationTests(PortalFactory factory)
{
    [Fact]
    public async Task Trust_admin_cannot_manage_users_of_another_trust_and_the_database_is_unchanged()
    {
        var (victimId, victimEmail, _) = await factory.CreateUserAsync(Roles.Staff, "create-partnership-trust");
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        foreach (var url in new[] { $"/admin/users/{victimId}/disable", $"/admin/users/{victimId}/reset-mfa", $"/admin/users/{victimId}" })
        {
            using var response = await admin.PostFormAsync(url, new Dictionary<string, string> { ["Form.Role"] = Roles.TrustAdmin }, tokenPage: "/admin/users");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        using var get = await admin.GetAsync(new Uri($"/admin/users/{victimId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        var list = await admin.GetDocumentAsync("/admin/users");
        Assert.DoesNotContain(victimEmail, list.MainText(), StringComparison.OrdinalIgnoreCase);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var victim = await db.Users.AsNoTracking().SingleAsync(u => u.Id == victimId);
        Assert.False(victim.IsDisabled);
        Assert.Equal([Roles.Staff], await db.UserRoles.Where(r => r.UserId == victimId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync());
    }

    [Fact]
    public async Task Staff_cannot_reach_user_administration()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        using var response = await client.GetAsync(new Uri("/admin/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Invitation_sets_a_password_once_and_its_link_then_stops_working()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var email = $"invited-{Guid.NewGuid():N}@test.trustportal.test";
        using var invite = await admin.PostFormAsync("/admin/users/invite", new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "Invited Person",
            ["Form.Email"] = email,
            ["Form.Role"] = Roles.Staff,
        });
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        var link = InvitationLink().Match(factory.Emails.Sent.Last(m => m.To == email).Body).Value;

        var client = factory.CreateSecureClient();
        var fields = new Dictionary<string, string> { ["Form.Password"] = "Welcome2026", ["Form.ConfirmPassword"] = "Welcome2026" };
        using (var tooCommon = await client.PostFormAsync(link, fields))
        {
            Assert.Contains("12 characters or more", await tooCommon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        fields = new() { ["Form.Password"] = "Invited-person-passphrase", ["Form.ConfirmPassword"] = "Invited-person-passphrase" };
        using (var accepted = await client.PostFormAsync(link, fields))
        {
            Assert.Contains("Your password is set", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var again = await client.GetDocumentAsync(link);
        Assert.Contains("cannot be used", again.MainText(), StringComparison.Ordinal);
        using var signIn = await client.SignInAsync(email, "Invited-person-passphrase");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Inviting_an_address_of_another_trust_reveals_nothing_and_changes_no_account()
    {
        var (otherId, otherEmail, _) = await factory.CreateUserAsync(Roles.Staff, "create-partnership-trust");
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);

        using var invite = await admin.PostFormAsync("/admin/users/invite", new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "Someone Else",
            ["Form.Email"] = otherEmail,
            ["Form.Role"] = Roles.TrustAdmin,
        });

        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        var list = await admin.GetDocumentAsync("/admin/users");
        Assert.Contains($"Invitation sent to {otherEmail}", list.MainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("already taken", list.MainText(), StringComparison.Ordinal);
        var notice = factory.Emails.Sent.Last(m => m.To == otherEmail);
        Assert.Contains("could not be made", notice.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("/account/invitation/", notice.Body, StringComparison.Ordinal);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        Assert.Equal(await factory.TrustIdAsync("create-partnership-trust"), (await db.Users.AsNoTracking().SingleAsync(u => u.Id == otherId)).TrustId);
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == otherEmail));
    }

    [Fact]
    public async Task Inviting_an_address_already_in_the_trust_says_so()
    {
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);

        using var invite = await admin.PostFormAsync("/admin/users/invite", new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "Same Person",
            ["Form.Email"] = email,
            ["Form.Role"] = Roles.Staff,
        });

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        Assert.Contains("already has an account in your trust", await invite.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invitation_expires_after_three_days()
    {
        var (id, _, _) = await factory.CreateUserAsync(Roles.Staff);
        string token;
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
            token = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateInvitationAsync((await users.FindByIdAsync(id))!, "test", CancellationToken.None);
        }
        var client = factory.CreateSecureClient();
        var fresh = await client.GetDocumentAsync($"/account/invitation/{token}");
        Assert.Contains("Set your password", fresh.MainText(), StringComparison.Ordinal);
        factory.Clock.Advance(TimeSpan.FromDays(3).Add(TimeSpan.FromMinutes(1)));
        var expired = await client.GetDocumentAsync($"/account/invitation/{token}");
        Assert.Contains("cannot be used", expired.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_users_role_writes_audit_entries_in_the_same_save_and_admins_can_browse_them()
    {
        var (id, _, _) = await factory.CreateUserAsync(Roles.Staff);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var response = await admin.PostFormAsync($"/admin/users/{id}", new Dictionary<string, string> { ["Form.Role"] = Roles.Trustee }, tokenPage: $"/admin/users/{id}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var entries = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "IdentityUserRole`1" && a.EntityId.StartsWith(id)).ToListAsync();
            // Added by "system" when the test made the user; then removed and re-added by the administrator.
            Assert.Contains(entries, e => e.Action == "Deleted" && e.UserName == "Test TrustAdmin");
            Assert.Contains(entries, e => e.Action == "Added" && e.UserName == "Test TrustAdmin");
            var all = await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == id).ToListAsync();
            Assert.All(all, e => Assert.DoesNotContain("PasswordHash", (e.OldValues ?? "") + e.NewValues, StringComparison.Ordinal));
        }
        var page = await admin.GetDocumentAsync("/admin/audit?EntityType=IdentityUserRole%601");
        Assert.Contains("Role of an account", page.MainText(), StringComparison.Ordinal); // the wording itself: AuditWordingTests
    }

    [Fact]
    public async Task Audit_entry_is_written_by_the_same_save_changes_as_the_change()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await factory.TrustIdAsync();
        db.TrustAccountPolicies.RemoveRange(db.TrustAccountPolicies.Where(p => p.TrustId == trustId));
        await db.SaveChangesAsync();
        var before = await db.AuditEntries.CountAsync();
        db.TrustAccountPolicies.Add(new TrustAccountPolicy { TrustId = trustId, RequireMfaForStaff = false });
        var written = await db.SaveChangesAsync();
        Assert.Equal(2, written); // the row and its audit entry, in one SaveChanges (one transaction)
        Assert.Equal(before + 1, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Subject_access_export_holds_the_users_account_roles_schools_sessions_and_audit_trail()
    {
        var (client, id, email, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        using var response = await client.GetAsync(new Uri("/me/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.DispositionType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(id, root.GetProperty("account").GetProperty("id").GetString());
        Assert.Equal(email, root.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal(Roles.Headteacher, root.GetProperty("account").GetProperty("roles")[0].GetString());
        Assert.Equal(1, root.GetProperty("schools").GetArrayLength());
        Assert.True(root.GetProperty("sessions").GetArrayLength() >= 1);
        Assert.Contains(root.GetProperty("auditTrail").EnumerateArray(), e => e.GetProperty("entityType").GetString() == "PortalUser");
        var text = root.ToString();
        Assert.DoesNotContain("PasswordHash", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SecurityStamp", text, StringComparison.Ordinal);
    }

    [GeneratedRegex("/account/invitation/[A-Za-z0-9_-]+")]
    private static partial Regex InvitationLink();
}
