using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;

namespace TrustPortal.Web.Tests.Accounts;

/// A page about one school finds it through its door (ADR 0178): the trust's school at the URN in the address, or
/// 404; the person's right to it, or 403; never a school of another trust, whatever the address says.
[Collection(SharedPortal.Name)]
public sealed class SchoolDoorTests(PortalFactory factory)
{
    private static readonly string[] Pages = ["risks/school/{0}", "board/decisions/{0}"];

    [Fact]
    public async Task A_head_opens_their_own_schools_pages_and_is_refused_another_schools()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (_, otherUrn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(ProgressTestData.Kestrel, schoolId);
        using var scope = factory.Services.CreateScope();
        var name = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Schools.Where(s => s.Id == schoolId).Select(s => s.Name).SingleAsync();

        foreach (var page in Pages)
        {
            var own = await head.GetDocumentAsync($"/{ProgressTestData.Kestrel}/{string.Format(null, page, urn)}");
            Assert.Equal(name, own.QuerySelector(".govuk-caption-l")?.TextContent.Trim());
            await head.GetDocumentAsync($"/{ProgressTestData.Kestrel}/{string.Format(null, page, otherUrn)}", HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Another_trusts_school_or_an_unknown_urn_is_not_found_under_this_trusts_address()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var kestrel = await db.Trusts.Where(t => t.Slug == ProgressTestData.Kestrel).Select(t => t.Id).SingleAsync();
        var elsewhere = await db.Schools.Where(s => s.TrustId != kestrel).Select(s => s.Urn).FirstAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Web.Accounts.Roles.Trustee, ProgressTestData.Kestrel);

        foreach (var page in Pages)
        {
            await trustee.GetDocumentAsync($"/{ProgressTestData.Kestrel}/{string.Format(null, page, elsewhere)}", HttpStatusCode.NotFound);
            await trustee.GetDocumentAsync($"/{ProgressTestData.Kestrel}/{string.Format(null, page, 999_999)}", HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public void An_operation_is_named_as_attributes_name_it_and_an_unknown_name_is_refused()
    {
        Assert.Same(SchoolOperations.Discuss, SchoolOperations.Named(nameof(SchoolOperations.Discuss)));
        Assert.Same(SchoolOperations.UpdateProgress, SchoolOperations.Named(nameof(SchoolOperations.UpdateProgress)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SchoolOperations.Named("Delete"));
    }
}
