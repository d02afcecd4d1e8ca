using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.SchoolAdmin;

/// The report-card form asks for the sixth form and early years grades exactly where the school has them.
[Collection(SharedPortal.Name)]
public sealed class ReportCardAreaTests(PortalFactory factory)
{
    [Theory]
    [InlineData(900505, true, true)]   // Kestrel Park: all-through 4-18, with sixth form
    [InlineData(900502, true, false)]  // Wrenfield: primary with nursery
    [InlineData(900503, false, false)] // Sedgewater: secondary 11-16
    public async Task The_report_card_form_offers_sixth_form_and_early_years_where_the_school_has_them(int urn, bool earlyYears, bool sixthForm)
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var page = await admin.GetDocumentAsync($"/admin/schools/{urn}/report-cards/add");
        Assert.Equal(earlyYears, page.QuerySelector("[name='Form.EarlyYears']") is not null);
        Assert.Equal(sixthForm, page.QuerySelector("[name='Form.SixthForm']") is not null);
        Assert.NotNull(page.QuerySelector("[name='Form.Inclusion']"));
    }
}
