using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// An account change's refusal carries the field it is about (ADR 0133 for accounts): placed by Identity's error
/// codes and the portal's own rules, never by searching the message's English text.
[Collection(SharedPortal.Name)]
public sealed class AccountProblemsTests(PortalFactory factory)
{
    [Theory]
    [InlineData(nameof(IdentityErrorDescriber.DuplicateUserName), AccountField.Email)]
    [InlineData(nameof(IdentityErrorDescriber.DuplicateEmail), AccountField.Email)]
    [InlineData(nameof(IdentityErrorDescriber.InvalidEmail), AccountField.Email)]
    [InlineData(nameof(IdentityErrorDescriber.PasswordTooShort), AccountField.Password)]
    [InlineData(nameof(IdentityErrorDescriber.ConcurrencyFailure), AccountField.None)]
    public void An_identity_refusal_is_placed_by_its_code(string code, AccountField field)
    {
        var result = AdminResult.From(IdentityResult.Failed(new IdentityError { Code = code, Description = "Reworded by a translator" }));

        Assert.False(result.Succeeded);
        Assert.Equal(field, Assert.Single(result.Problems).Field);
    }

    [Fact]
    public void An_address_already_taken_is_never_named_whoever_holds_it()
    {
        var result = AdminResult.From(IdentityResult.Failed(new IdentityErrorDescriber().DuplicateUserName("someone@other-trust.test")));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(AdminResult.AddressNotUsable, problem.Message);
        Assert.DoesNotContain("other-trust", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inviting_a_headteacher_without_a_school_says_so_beside_the_schools_and_makes_no_account()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var email = $"head-{Guid.NewGuid():N}@test.trustportal.test";

        using var invite = await admin.PostFormAsync("/admin/users/invite", new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "A New Head",
            ["Form.Email"] = email,
            ["Form.Role"] = Roles.Headteacher,
        });

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await invite.Content.ReadAsStringAsync());
        Assert.Contains("A headteacher leads at least one school", page.QuerySelector("#Form_SchoolIds-error")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#Form_Email-error"));
        Assert.Equal(email, page.QuerySelector("#Form_Email")?.GetAttribute("value"));
        using var scope = factory.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Users.AnyAsync(u => u.Email == email));
    }

    [Fact]
    public async Task Making_a_trustee_of_someone_linked_to_a_school_says_so_beside_the_schools_and_keeps_their_role()
    {
        var (id, _, _) = await factory.CreateUserAsync(Roles.Staff);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Users.Where(u => u.Id == id).Select(u => u.TrustId).SingleAsync();
        var schoolId = await db.Schools.Where(s => s.TrustId == trustId).Select(s => s.Id).FirstAsync();

        using var response = await admin.PostFormAsync($"/admin/users/{id}", new Dictionary<string, string>
        {
            ["Form.Role"] = Roles.Trustee,
            ["Form.SchoolIds"] = schoolId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, tokenPage: $"/admin/users/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("Trust administrators and trustees are not linked to a school", page.QuerySelector("#Form_SchoolIds-error")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#Form_Role-error"));
        Assert.Equal([Roles.Staff], await db.UserRoles.Where(r => r.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync());
    }
}
