using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Improvement;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;

namespace TrustPortal.Web.Tests.Actions;

[Collection(SharedPortal.Name)]
public sealed class ActionsTests(PortalFactory factory)
{
    private const string Kestrel = ProgressTestData.Kestrel;

    [Fact]
    public async Task An_action_made_from_a_next_step_is_in_its_owners_actions_and_overdue_there_and_for_trustees_once_its_date_passes()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, headId, headEmail, headKey) = await factory.HeadOfAsync(Kestrel, schoolId);
        var criterionId = cycle.CriterionIds[0];
        var criterionUrl = $"/{Kestrel}/progress/{urn}/criteria/{criterionId}";
        var criterionPage = await head.GetDocumentAsync(criterionUrl);
        (await head.PostFormAsync(criterionUrl, ProgressTestData.FormFields(criterionPage, ProgressTestData.Entry()))).Dispose();
        var link = (await head.GetDocumentAsync(criterionUrl)).QuerySelector("#next-step-action")?.GetAttribute("href")
            ?? throw new Xunit.Sdk.XunitException("No link to make the next steps an action.");
        var form = await head.GetDocumentAsync(link);
        Assert.Equal("Extend to Year 3", form.QuerySelector("textarea[name='Form.Description']")!.TextContent.Trim());
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var due = today.AddDays(10);

        using var created = await head.PostFormAsync($"/{Kestrel}/actions/new", new Dictionary<string, string>
        {
            ["Form.School"] = urn.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Criterion"] = criterionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.FromNextStep"] = "true",
            ["Form.Description"] = "Extend to Year 3",
            ["Form.OwnerId"] = headId,
            ["Form.DueOn.Day"] = due.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.DueOn.Month"] = due.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.DueOn.Year"] = due.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, link);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var action = await ActionOfAsync(schoolId);
        Assert.Equal(ActionSource.NextStep, action.Source);
        Assert.Equal(criterionId, action.SuccessCriterionId);
        var mine = await head.GetDocumentAsync($"/{Kestrel}/actions/mine");
        Assert.Equal("Due", mine.QuerySelector($"tr[data-action='{action.Id}'] .app-timing")!.TextContent.Trim());
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        Assert.Null((await trustee.GetDocumentAsync($"/{Kestrel}/actions/overdue")).QuerySelector($"tr[data-action='{action.Id}']"));

        factory.Clock.Advance(TimeSpan.FromDays(11));
        try
        {
            // Eleven days on, yesterday's sessions have ended: both sign in again.
            var headLater = factory.CreateSecureClient();
            await headLater.SignInWithMfaAsync(factory, headEmail, headKey);
            var (trusteeLater, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
            mine = await headLater.GetDocumentAsync($"/{Kestrel}/actions/mine");
            Assert.Equal("Overdue", mine.QuerySelector($"tr[data-action='{action.Id}'] .app-timing")!.TextContent.Trim());
            var overdue = await trusteeLater.GetDocumentAsync($"/{Kestrel}/actions/overdue");
            Assert.NotNull(overdue.QuerySelector($"tr[data-action='{action.Id}']"));
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromDays(-11));
        }
    }

    [Fact]
    public async Task The_owner_marks_an_action_dropped_with_its_reason_and_without_one_is_asked_for_it()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, headId, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var id = await AddActionAsync(schoolId, headId, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30));
        var url = $"/{Kestrel}/actions/{id}";
        var version = (await head.GetDocumentAsync(url)).QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;

        using var refused = await head.PostFormAsync(url, new Dictionary<string, string> { ["Form.Version"] = version, ["Form.Status"] = "Dropped" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The reason for dropping the action is required", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var dropped = await head.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Form.Version"] = version, ["Form.Status"] = "Dropped", ["Form.DroppedReason"] = "Replaced by the trust's reading strategy",
        });
        Assert.Equal(HttpStatusCode.Redirect, dropped.StatusCode);
        var action = await ActionOfAsync(schoolId);
        Assert.Equal(ActionStatus.Dropped, action.Status);
        Assert.Equal("Replaced by the trust's reading strategy", action.DroppedReason);
        _ = urn;
    }

    [Fact]
    public async Task Staff_who_do_not_own_an_action_cannot_change_it_and_a_head_cannot_create_one_for_another_school()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (_, headId, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var (otherSchool, _) = await factory.NewSchoolAsync();
        var (otherHead, _, _, _) = await factory.HeadOfAsync(Kestrel, otherSchool);
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        var id = await AddActionAsync(schoolId, headId, new DateOnly(2027, 3, 1));

        using var post = await staff.PostFormAsync($"/{Kestrel}/actions/{id}", new Dictionary<string, string> { ["Form.Version"] = Guid.Empty.ToString(), ["Form.Status"] = "Done" }, $"/{Kestrel}/actions/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(ActionStatus.NotStarted, (await ActionOfAsync(schoolId)).Status);
        await otherHead.GetDocumentAsync($"/{Kestrel}/actions/new?school={urn}&area=inclusion", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_head_creates_an_action_about_their_schools_area_and_its_page_says_who_it_was_created_for()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, headId, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var form = $"/{Kestrel}/actions/new?school={urn}&area=inclusion";

        using var created = await head.PostFormAsync($"/{Kestrel}/actions/new", NewActionFields(urn, "inclusion", "Weekly attendance clinic", headId, new DateOnly(2027, 3, 1)), form);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var action = await ActionOfAsync(schoolId);
        Assert.Equal($"/{Kestrel}/actions/{action.Id}", created.Headers.Location!.OriginalString);
        Assert.Equal((ActionSource.Moderation, headId, new DateOnly(2027, 3, 1)), (action.Source, action.OwnerId, action.DueOn));
        var page = await head.GetDocumentAsync(created.Headers.Location.OriginalString);
        Assert.Equal($"Action created for {action.OwnerName}", page.QuerySelector("#success-message")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_action_for_someone_outside_the_trust_or_about_nothing_is_refused_with_what_was_typed_kept_and_a_head_cannot_create_one_for_another_school()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var (otherSchool, _) = await factory.NewSchoolAsync();
        var (otherHead, _, _, _) = await factory.HeadOfAsync(Kestrel, otherSchool);
        var (admin, adminId, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var form = $"/{Kestrel}/actions/new?school={urn}&area=inclusion";

        using var stranger = await head.PostFormAsync($"/{Kestrel}/actions/new", NewActionFields(urn, "inclusion", "Weekly attendance clinic", "not-a-person", new DateOnly(2027, 3, 1)), form);
        var fields = NewActionFields(urn, "", "A trust-wide review of attendance", adminId, new DateOnly(2027, 3, 1));
        fields.Remove("Form.School");
        using var unlinked = await admin.PostFormAsync($"/{Kestrel}/actions/new", fields, $"/{Kestrel}/actions/mine");
        using var forbidden = await otherHead.PostFormAsync($"/{Kestrel}/actions/new", NewActionFields(urn, "inclusion", "Not mine to set", "not-a-person", new DateOnly(2027, 3, 1)),
            $"/{Kestrel}/actions/mine");

        Assert.Equal(HttpStatusCode.OK, stranger.StatusCode);
        var page = await stranger.ReadDocumentAsync();
        Assert.Contains("Choose one of the trust's people", page.QuerySelector("#Form_OwnerId-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Weekly attendance clinic", page.QuerySelector("#Form_Description")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, unlinked.StatusCode);
        var refused = await unlinked.ReadDocumentAsync();
        Assert.Contains("Link the action to a success criterion", refused.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("A trust-wide review of attendance", refused.QuerySelector("#Form_Description")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        Assert.False(await db.ImprovementActions.AnyAsync(a => a.SchoolId == schoolId || a.Description == "A trust-wide review of attendance"));
    }

    [Fact]
    public async Task A_head_changes_an_actions_words_owner_and_due_date_and_an_older_version_is_refused()
    {
        var (schoolId, _) = await factory.NewSchoolAsync();
        var (head, headId, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var (_, staffId, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        var id = await AddActionAsync(schoolId, headId, new DateOnly(2027, 3, 1));
        var url = $"/{Kestrel}/actions/{id}/edit";
        Assert.NotNull((await head.GetDocumentAsync($"/{Kestrel}/actions/{id}")).QuerySelector($"#edit-action[href='{url}']"));
        var version = (await head.GetDocumentAsync(url)).QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;
        Dictionary<string, string> Fields(string words) => new()
        {
            ["Form.Version"] = version, ["Form.Description"] = words, ["Form.OwnerId"] = staffId,
            ["Form.DueOn.Day"] = "15", ["Form.DueOn.Month"] = "5", ["Form.DueOn.Year"] = "2027",
        };

        using var saved = await head.PostFormAsync(url, Fields("Attendance clinic every Monday"));
        using var stale = await head.PostFormAsync(url, Fields("An older edit"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Someone else saved a change", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var action = await ActionOfAsync(schoolId);
        Assert.Equal("Attendance clinic every Monday", action.Description);
        Assert.Equal(staffId, action.OwnerId);
        Assert.Equal(new DateOnly(2027, 5, 15), action.DueOn);
    }

    [Fact]
    public async Task A_head_of_another_school_and_the_owner_who_is_staff_cannot_change_the_action()
    {
        var (schoolId, _) = await factory.NewSchoolAsync();
        var (otherSchool, _) = await factory.NewSchoolAsync();
        var (otherHead, _, _, _) = await factory.HeadOfAsync(Kestrel, otherSchool);
        var (staff, staffId, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        var id = await AddActionAsync(schoolId, staffId, new DateOnly(2027, 3, 1));

        await otherHead.GetDocumentAsync($"/{Kestrel}/actions/{id}/edit", HttpStatusCode.Forbidden);
        await staff.GetDocumentAsync($"/{Kestrel}/actions/{id}/edit", HttpStatusCode.Forbidden);
        Assert.Null((await staff.GetDocumentAsync($"/{Kestrel}/actions/{id}")).QuerySelector("#edit-action"));
    }

    [Fact]
    public async Task Everyone_of_the_trust_reaches_my_actions_from_the_trust_navigation()
    {
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);

        var page = await staff.GetDocumentAsync($"/{Kestrel}/messages");

        Assert.NotNull(page.QuerySelector($"#navigation a[href='/{Kestrel}/actions/mine']"));
        Assert.NotNull((await staff.GetDocumentAsync($"/{Kestrel}/actions/mine")).QuerySelector("#no-actions"));
    }

    private static Dictionary<string, string> NewActionFields(int urn, string area, string description, string ownerId, DateOnly due) => new()
    {
        ["Form.School"] = urn.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Form.Area"] = area,
        ["Form.Description"] = description,
        ["Form.OwnerId"] = ownerId,
        ["Form.DueOn.Day"] = due.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Form.DueOn.Month"] = due.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Form.DueOn.Year"] = due.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<int> AddActionAsync(int schoolId, string ownerId, DateOnly due)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.TrustId).SingleAsync();
        var action = new ImprovementAction(trustId, schoolId, new ActionLinks(null, Domain.Schools.InspectionArea.Inclusion, null), "Weekly attendance clinic",
            new ActionOwner(ownerId, "Head"), due, ActionSource.Moderation, "Lead", DateTimeOffset.UtcNow);
        db.ImprovementActions.Add(action);
        await db.SaveChangesAsync();
        return action.Id;
    }

    private async Task<ImprovementAction> ActionOfAsync(int schoolId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().ImprovementActions.AsNoTracking().SingleAsync(a => a.SchoolId == schoolId);
    }
}
