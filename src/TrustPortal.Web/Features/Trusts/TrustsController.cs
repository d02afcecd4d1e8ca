using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Trusts;

[AllowAnonymous]
[OutputCache(PolicyName = PublicPageCache.PolicyName)]
[Route("{trustSlug:trust}")]
public sealed class TrustsController(TrustPortalDbContext db, TrustPageCache reads) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(TrustBrand trust, CancellationToken ct)
    {
        var home = ActivatorUtilities.CreateInstance<TrustHomeReader>(HttpContext.RequestServices);
        var model = await home.LoadAsync(trust.Slug, User.MemberOf(), User.UserId(), ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("vision-and-values")]
    public async Task<IActionResult> About(TrustBrand trust, CancellationToken ct)
    {
        var memberOf = User.MemberOf();
        var model = await reads.GetOrLoadAsync("about", trust.Slug, memberOf, c => LoadAboutAsync(trust.Id, memberOf, c), ct);
        return model is null ? NotFound() : View(model);
    }

    private Task<AboutViewModel?> LoadAboutAsync(int trustId, int? memberOf, CancellationToken ct) =>
        db.Trusts.AsNoTracking()
            .Where(t => t.Id == trustId)
            .Select(t => new AboutViewModel(
                new TrustBrand(t.Id, t.Slug, t.Name, t.Strapline, t.BrandColour, t.NameIsInvented) { HasLogo = t.LogoKey != null },
                t.AboutTitle,
                TrustStatement.Of(t.Introduction, t.IntroductionAudience, t.Id, memberOf),
                TrustStatement.Of(t.Vision, t.VisionAudience, t.Id, memberOf),
                TrustStatement.Of(t.Mission, t.MissionAudience, t.Id, memberOf),
                TrustStatement.Of(t.ValuesIntroduction, t.ValuesIntroductionAudience, t.Id, memberOf),
                t.Values.AsQueryable().Where(Audiences.SeenBy<TrustValue>(memberOf)).OrderBy(v => v.Position)
                    .Select(v => new ValueItem(v.Name, v.Meaning, v.Audience)).ToList(),
                t.StatementLists.AsQueryable().Where(Audiences.SeenBy<StatementList>(memberOf)).OrderBy(l => l.Position)
                    .Select(l => new StatementListItem(l.Kind, l.Heading, l.Introduction, l.Closing,
                        l.Items.OrderBy(i => i.Position).Select(i => new StatementLine(i.Title, i.Text)).ToList(), l.Audience))
                    .ToList(),
                t.AimsHeading,
                t.AimsIntroduction,
                t.AimGroups.AsQueryable().Where(Audiences.SeenBy<AimGroup>(memberOf)).OrderBy(g => g.Position)
                    .Select(g => new AimGroupView(g.Aim, g.LeadIn, g.Items.OrderBy(i => i.Position).Select(i => i.Text).ToList(), g.Audience))
                    .ToList(),
                t.Sections.AsQueryable().Where(Audiences.SeenBy<ContentSection>(memberOf)).OrderBy(s => s.Position)
                    .Select(s => new SectionView(s.Heading, s.Body, s.Audience)).ToList(),
                t.DataNotes))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);


    /// The trust's brand colour as a stylesheet, so no inline style is needed under the strict CSP.
    [HttpGet("brand.css")]
    [ResponseCache(Duration = 300, Location = ResponseCacheLocation.Any)]
    public IActionResult BrandCss(TrustBrand trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        // The colour is validated as #rrggbb by the Trust entity, so it is safe to write into CSS.
        return Content($":root{{--app-brand-colour:{trust.BrandColour}}}", "text/css");
    }
}
