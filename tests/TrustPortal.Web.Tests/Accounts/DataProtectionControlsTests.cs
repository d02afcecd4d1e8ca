using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;
using TrustPortal.Web.Tests.Progress;

namespace TrustPortal.Web.Tests.Accounts;

/// UK GDPR controls: every audit row names its trust; sign-ins and exports are in the database audit; retention;
/// subject access by an administrator (issue 18, items 13-15).
[Collection(SharedPortal.Name)]
public sealed class DataProtectionControlsTests(PortalFactory factory)
{
    private async Task<List<AuditEntry>> AuditAsync(Func<IQueryable<AuditEntry>, IQueryable<AuditEntry>> filter)
    {
        using var scope = factory.Services.CreateScope();
        return await filter(scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().AuditEntries.AsNoTracking()).ToListAsync();
    }

    [Fact]
    public async Task Role_grants_and_school_links_made_outside_a_request_name_the_users_trust()
    {
        // CreateUserAsync works as the command line does: no signed-in person, no trust of the actor.
        var (id, _, _) = await factory.CreateUserAsync(Roles.Headteacher);
        var trustId = await factory.TrustIdAsync();

        var rows = await AuditAsync(q => q.Where(a => a.EntityId.StartsWith(id) && (a.EntityType == "IdentityUserRole`1" || a.EntityType == "UserSchool")));

        Assert.Contains(rows, r => r.EntityType == "IdentityUserRole`1");
        Assert.Contains(rows, r => r.EntityType == "UserSchool");
        Assert.All(rows, r => Assert.Equal(trustId, r.TrustId));
    }

    [Fact]
    public async Task A_trust_added_with_its_schools_in_one_save_gets_real_ids_in_its_audit_rows()
    {
        int trustId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var slug = $"audit-{Guid.NewGuid():N}"[..20];
            var trust = new TrustPortal.Domain.Trusts.Trust(slug, "Audit Seed Trust");
            trust.AddValue("Integrity", "Doing the right thing");
            db.Trusts.Add(trust); // the trust and its value in one save: the value's TrustId is temporary until then
            await db.SaveChangesAsync();
            trustId = trust.Id;
        }

        var rows = await AuditAsync(q => q.Where(a => a.TrustId == trustId));

        Assert.Contains(rows, r => r.EntityType == "Trust" && r.EntityId == trustId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(rows, r => r.EntityType == "TrustValue");
        Assert.Empty(await AuditAsync(q => q.Where(a => a.TrustId < 0)));
    }

    [Fact]
    public async Task Sign_ins_and_the_subject_access_export_are_recorded_in_the_database_audit_of_the_trust()
    {
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        using (await client.SignInAsync(email, "Wrong-password-here"))
        {
        }
        using (var ok = await client.SignInAsync(email, AccountHelpers.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
        using (var export = await client.GetAsync(new Uri("/me/export", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        }

        var trustId = await factory.TrustIdAsync();
        var rows = await AuditAsync(q => q.Where(a => a.EntityId == id && (a.EntityType == AuditTrail.SignIn || a.EntityType == AuditTrail.Export)));
        Assert.Contains(rows, r => r.EntityType == AuditTrail.SignIn && r.Action == "Failed");
        Assert.Contains(rows, r => r.EntityType == AuditTrail.SignIn && r.Action == "Succeeded");
        Assert.Contains(rows, r => r.EntityType == AuditTrail.Export && r.Action == "SubjectAccess" && r.UserId == id);
        Assert.All(rows, r => Assert.Equal(trustId, r.TrustId));
    }

    [Fact]
    public async Task An_administrator_exports_a_disabled_leavers_data_with_their_sign_in_history_but_not_another_trusts_user()
    {
        var (leaverId, leaverEmail, _) = await factory.CreateUserAsync(Roles.Staff);
        var leaverClient = factory.CreateSecureClient();
        using (await leaverClient.SignInAsync(leaverEmail, AccountHelpers.Password))
        {
        }
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using (var disable = await admin.PostFormAsync($"/admin/users/{leaverId}/disable", new Dictionary<string, string>(), tokenPage: $"/admin/users/{leaverId}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        }

        using var response = await admin.GetAsync(new Uri($"/admin/users/{leaverId}/export", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(leaverEmail, json.RootElement.GetProperty("account").GetProperty("email").GetString());
        Assert.True(json.RootElement.GetProperty("account").GetProperty("isDisabled").GetBoolean());
        Assert.Contains(json.RootElement.GetProperty("signIns").EnumerateArray(), s => s.GetProperty("outcome").GetString() == "Succeeded");

        var (otherId, _, _) = await factory.CreateUserAsync(Roles.Staff, "create-partnership-trust");
        using var other = await admin.GetAsync(new Uri($"/admin/users/{otherId}/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task The_subject_access_export_lists_the_e_mails_the_person_was_sent_without_their_bodies()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var email = $"invited-{Guid.NewGuid():N}@test.trustportal.test";
        using (var invited = await admin.PostFormAsync("/admin/users/invite", new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "Ina Invited", ["Form.Email"] = email, ["Form.Role"] = Roles.Staff,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        }
        var sent = factory.Emails.Sent.Last(m => m.To == email);
        var id = await factory.ReadAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        using var response = await admin.GetAsync(new Uri($"/admin/users/{id}/export", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        var mails = json.RootElement.GetProperty("emailsSent").EnumerateArray().Select(m => m.GetProperty("toAndSubject").GetString()!).ToList();
        using var mail = JsonDocument.Parse(Assert.Single(mails));
        Assert.Equal(sent.Subject, mail.RootElement.GetProperty("Subject").GetString());
        Assert.Equal(email, mail.RootElement.GetProperty("To").GetString());
        // The body held the one-time link: it is in no record.
        var link = System.Text.RegularExpressions.Regex.Match(sent.Body, @"/account/invitation/[A-Za-z0-9_\-]+").Value;
        Assert.NotEmpty(link);
        Assert.DoesNotContain(link.Split('/').Last(), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_retention_job_removes_expired_sessions_old_security_records_and_old_e_mails_and_says_what_it_did()
    {
        var (_, id, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        var folder = Path.Combine(Path.GetTempPath(), "trustportal-tests", "retention-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var oldMail = Path.Combine(folder, "old.eml");
        var newMail = Path.Combine(folder, "new.eml");
        await File.WriteAllTextAsync(oldMail, "old");
        await File.WriteAllTextAsync(newMail, "new");
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            db.AuditEntries.Add(new AuditEntry { UtcTime = now.AddDays(-400), UserId = id, EntityType = AuditTrail.SignIn, EntityId = id, Action = "Succeeded", TrustId = await factory.TrustIdAsync() });
            await db.SaveChangesAsync();
            File.SetLastWriteTimeUtc(oldMail, now.AddDays(-31));
            File.SetLastWriteTimeUtc(newMail, now);
        }
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetentionOptions>>();
        var job = new RetentionJob(factory.Services.GetRequiredService<IServiceScopeFactory>(), options,
            factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TrustPortal.Web.Accounts.SessionOptions>>(),
            new EmailOptions { Folder = folder }, factory.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>(), factory.Clock,
            factory.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RetentionJob>>());
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);

        factory.Clock.Advance(TimeSpan.FromHours(13));
        var removed = await job.RunOnceAsync(CancellationToken.None);

        Assert.True(removed.Sessions >= 1);
        Assert.True(removed.SecurityRecords >= 1);
        Assert.Equal(1, removed.Emails);
        Assert.False(File.Exists(oldMail));
        Assert.True(File.Exists(newMail));
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            Assert.Equal(0, await db.UserSessions.CountAsync(s => s.UserId == id));
        }
        Assert.Contains(factory.LogEvents.Snapshot(), e => e.Timestamp >= start && e.MessageTemplate.Text.StartsWith("Retention: removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Erasing_a_leaver_replaces_their_name_with_a_pseudonym_in_kept_records_and_closes_the_account()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var name = $"Leaver {Guid.NewGuid():N}"[..20];
        var email = $"leaver-{Guid.NewGuid():N}@test.trustportal.test";
        string id, key;
        using (var scope = factory.Services.CreateScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
            var (result, created) = await admin.CreateAsync(email, name, Roles.Headteacher, await factory.TrustIdAsync(), [schoolId], AccountHelpers.Password, CancellationToken.None);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            await users.ResetAuthenticatorKeyAsync(created!);
            key = (await users.GetAuthenticatorKeyAsync(created!))!;
            await users.SetTwoFactorEnabledAsync(created!, true);
            id = created!.Id;
        }
        var head = factory.CreateSecureClient();
        await head.SignInWithMfaAsync(factory, email, key);
        await head.AddPdfAsync(EvidenceTestDataSlug, urn, cycle.CriterionIds[0], "Leaver notes.pdf");
        var (trustAdmin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);

        using var erase = await trustAdmin.PostFormAsync($"/admin/users/{id}/erase", new Dictionary<string, string>(), tokenPage: $"/admin/users/{id}");

        Assert.Equal(HttpStatusCode.Redirect, erase.StatusCode);
        var pseudonym = Erasure.Pseudonym(id, Roles.Headteacher);
        Assert.StartsWith("Former Headteacher ", pseudonym, StringComparison.Ordinal);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
            Assert.Equal(pseudonym, account.DisplayName);
            Assert.DoesNotContain("leaver-", account.Email!, StringComparison.Ordinal);
            Assert.True(account.IsDisabled);
            Assert.Null(account.PasswordHash);
            Assert.Equal(pseudonym, Assert.Single(await factory.FilesAsync(schoolId)).UploadedBy);
            var trustId = await factory.TrustIdAsync();
            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.TrustId == trustId || a.UserId == id).ToListAsync();
            Assert.DoesNotContain(audit, a => a.UserName == name);
            Assert.DoesNotContain(audit, a => ((a.OldValues ?? "") + a.NewValues).Contains(email, StringComparison.Ordinal));
            Assert.DoesNotContain(audit, a => ((a.OldValues ?? "") + a.NewValues).Contains(name, StringComparison.Ordinal));
            Assert.Contains(audit, a => a.UserId == id && a.UserName == pseudonym);
        }
        using var again = await factory.CreateSecureClient().SignInAsync(email, AccountHelpers.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private const string EvidenceTestDataSlug = ProgressTestData.Kestrel;
}
