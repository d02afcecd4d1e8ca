using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Features.Audit;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Audit;

/// The audit trail reads as sentences: who, when, what, field names in English, before → after; no JSON, no type names.
[Collection(SharedPortal.Name)]
public sealed class AuditWordingTests(PortalFactory factory)
{
    [Fact]
    public async Task A_change_reads_as_who_when_what_and_each_field_before_and_after_in_words()
    {
        var trustId = await factory.TrustIdAsync();
        var marker = "Trip to the coast " + Guid.NewGuid().ToString("N")[..8];
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            db.AuditEntries.Add(new AuditEntry
            {
                UtcTime = new DateTime(2026, 12, 6, 14, 3, 0, DateTimeKind.Utc),
                UserId = "someone",
                UserName = "Alex Admin",
                TrustId = trustId,
                EntityType = "StrategicPlan",
                EntityId = "12",
                Action = "Modified",
                OldValues = $$"""{"Status":"Draft","DueYear":"2027","Title":"{{marker}}"}""",
                NewValues = """{"Status":"Published","DueYear":"2028","Title":"Plan B"}""",
            });
            await db.SaveChangesAsync();
        }
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var page = await admin.GetDocumentAsync("/admin/audit?EntityType=StrategicPlan");
        var entry = page.QuerySelectorAll(".app-audit-entry").Single(r => r.TextContent.Contains(marker, StringComparison.Ordinal));
        var text = Pages.Collapse(entry.TextContent);
        Assert.Contains("6 December 2026, 14:03", text, StringComparison.Ordinal);
        Assert.Contains("Alex Admin", text, StringComparison.Ordinal);
        Assert.Contains("Plan: Plan B", text, StringComparison.Ordinal);
        Assert.Contains("Changed", text, StringComparison.Ordinal);
        Assert.Contains("Status: Draft → Published", text, StringComparison.Ordinal);
        Assert.Contains("Due year: 2027 → 2028", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", page.MainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"Status\"", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_to_a_schools_progress_names_each_field_of_the_entry_it_changed_before_and_after()
    {
        // The entry is stored as one value (docs/adr/0173); the trail still names its fields one by one.
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(DemoAccounts.TrustSlug, schoolId);
        var url = $"/{DemoAccounts.TrustSlug}/progress/{urn}/criteria/{cycle.CriterionIds[0]}";
        var marker = Guid.NewGuid().ToString("N")[..8];
        foreach (var (status, done) in new[] { ("AtRisk", $"Phonics catch-up {marker}"), ("OnTrack", $"Phonics for every class {marker}") })
        {
            using var saved = await head.PostFormAsync(url, FormFields(await head.GetDocumentAsync(url), Entry(status, done)));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var page = await admin.GetDocumentAsync("/admin/audit?EntityType=ProgressUpdate");
        var change = page.QuerySelectorAll(".app-audit-entry").Select(r => Pages.Collapse(r.TextContent))
            .Single(t => t.Contains("Changed", StringComparison.Ordinal) && t.Contains($"Phonics for every class {marker}", StringComparison.Ordinal));
        Assert.Contains("Progress on a criterion", change, StringComparison.Ordinal);
        Assert.Contains("Status: AtRisk → OnTrack", change, StringComparison.Ordinal);
        Assert.Contains($"What was done: Phonics catch-up {marker} → Phonics for every class {marker}", change, StringComparison.Ordinal);
        // Only what changed: the impact, owner and due date were given the same both times.
        Assert.DoesNotContain("Impact", change, StringComparison.Ordinal);
        Assert.DoesNotContain("Owner", change, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_change_names_the_account_and_the_role_and_the_filter_names_no_code_types()
    {
        var (id, _, _) = await factory.CreateUserAsync(Roles.Staff);
        string name;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            name = await db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).SingleAsync();
        }
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var response = await admin.PostFormAsync($"/admin/users/{id}", new Dictionary<string, string> { ["Form.Role"] = Roles.Trustee }, tokenPage: $"/admin/users/{id}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var page = await admin.GetDocumentAsync("/admin/audit?EntityType=IdentityUserRole%601");
        var options = page.QuerySelectorAll("#EntityType option").Select(o => o.TextContent.Trim()).ToList();
        Assert.Contains("Role of an account", options);
        Assert.DoesNotContain(options, o => o.Contains('`', StringComparison.Ordinal) || o.StartsWith("Identity", StringComparison.Ordinal));
        var rows = page.QuerySelectorAll(".app-audit-entry").Select(r => Pages.Collapse(r.TextContent)).Where(t => t.Contains(name, StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, r => r.Contains("Removed", StringComparison.Ordinal) && r.Contains("Role: was Staff", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Added", StringComparison.Ordinal) && r.Contains("Role: Trustee", StringComparison.Ordinal));
        Assert.DoesNotContain(id, page.MainText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DueYear", "Due year")]
    [InlineData("PlanId", "Plan")]
    [InlineData("CeoMessageId", "CEO message")]
    [InlineData("Urn", "URN")]
    [InlineData("WhatWasDone", "What was done")]
    [InlineData("LockoutEnd", "Locked until")]
    public void Field_names_are_said_in_words(string property, string words) =>
        Assert.Equal(words, AuditWording.FieldName(property));

    [Theory]
    [InlineData("IdentityUserRole`1", "Role of an account")]
    [InlineData("CeoMessage", "CEO message")]
    [InlineData("SomethingNew", "Something new")]
    [InlineData("Thing`2", "Thing")]
    public void Entity_names_are_said_in_words(string type, string words) =>
        Assert.Equal(words, AuditWording.EntityName(type));
}
