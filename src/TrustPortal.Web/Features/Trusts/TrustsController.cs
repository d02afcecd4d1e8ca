using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Trusts;

[AllowAnonymous]
[OutputCache(PolicyName = PublicPageCache.PolicyName)]
[Route("{trustSlug:trust}")]
public sealed class TrustsController(TrustPortalDbContext db, TrustPageCache reads, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(TrustBrand trust, CancellationToken ct)
    {
        var memberOf = MemberOf();
        var model = await reads.GetOrLoadAsync("overview", trust.Slug, memberOf, c => LoadOverviewAsync(trust.Id, memberOf, c), ct);
        return model is null ? NotFound() : View(model);
    }

    private Task<TrustOverviewViewModel?> LoadOverviewAsync(int trustId, int? memberOf, CancellationToken ct)
    {
        var year = PlanInForce.SchoolYear(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return db.Trusts.AsNoTracking()
            .Where(t => t.Id == trustId)
            .Select(t => new TrustOverviewViewModel(
                new TrustBrand(t.Id, t.Slug, t.Name, t.Strapline, t.BrandColour, t.NameIsInvented) { HasLogo = t.LogoKey != null },
                t.AboutTitle,
                TrustStatement.Of(t.Introduction, t.IntroductionAudience == Audience.Public || t.Id == memberOf, t.IntroductionAudience == Audience.Staff),
                TrustStatement.Of(t.Vision, t.VisionAudience == Audience.Public || t.Id == memberOf, t.VisionAudience == Audience.Staff),
                TrustStatement.Of(t.Mission, t.MissionAudience == Audience.Public || t.Id == memberOf, t.MissionAudience == Audience.Staff),
                t.DataNotes,
                db.Schools.Count(s => s.TrustId == t.Id && !s.IsArchived),
                // The plan in force (PlanInForce.Choose, in SQL): the one with an open cycle, else the latest that has
                // started (published periods never overlap, so that is the one covering today), else the next to come.
                db.StrategicPlans
                    .Where(p => p.TrustId == t.Id && p.Status == PlanStatus.Published)
                    .OrderByDescending(p => db.ReviewCycles.Any(c => c.StrategicPlanId == p.Id && c.State == CycleState.Open))
                    .ThenByDescending(p => p.StartYear == null || p.StartYear <= year)
                    .ThenByDescending(p => p.StartYear <= year ? p.StartYear : 0 - p.StartYear)
                    .Select(p => new PlanLink(p.Slug, p.Title))
                    .FirstOrDefault(),
                t.Messages.Count(m => m.IsPublished && m.Audience == Audience.Public)))
            .SingleOrDefaultAsync(ct);
    }

    [HttpGet("vision-and-values")]
    public async Task<IActionResult> About(TrustBrand trust, CancellationToken ct)
    {
        var memberOf = MemberOf();
        var model = await reads.GetOrLoadAsync("about", trust.Slug, memberOf, c => LoadAboutAsync(trust.Id, memberOf, c), ct);
        return model is null ? NotFound() : View(model);
    }

    private Task<AboutViewModel?> LoadAboutAsync(int trustId, int? memberOf, CancellationToken ct) =>
        db.Trusts.AsNoTracking()
            .Where(t => t.Id == trustId)
            .Select(t => new AboutViewModel(
                new TrustBrand(t.Id, t.Slug, t.Name, t.Strapline, t.BrandColour, t.NameIsInvented) { HasLogo = t.LogoKey != null },
                t.AboutTitle,
                TrustStatement.Of(t.Introduction, t.IntroductionAudience == Audience.Public || t.Id == memberOf, t.IntroductionAudience == Audience.Staff),
                TrustStatement.Of(t.Vision, t.VisionAudience == Audience.Public || t.Id == memberOf, t.VisionAudience == Audience.Staff),
                TrustStatement.Of(t.Mission, t.MissionAudience == Audience.Public || t.Id == memberOf, t.MissionAudience == Audience.Staff),
                TrustStatement.Of(t.ValuesIntroduction, t.ValuesIntroductionAudience == Audience.Public || t.Id == memberOf, t.ValuesIntroductionAudience == Audience.Staff),
                t.Values.Where(v => v.Audience == Audience.Public || v.TrustId == memberOf).OrderBy(v => v.Position)
                    .Select(v => new ValueItem(v.Name, v.Meaning, v.Audience == Audience.Staff)).ToList(),
                t.StatementLists.Where(l => l.Audience == Audience.Public || l.TrustId == memberOf).OrderBy(l => l.Position)
                    .Select(l => new StatementListItem(l.Kind, l.Heading, l.Introduction, l.Closing,
                        l.Items.OrderBy(i => i.Position).Select(i => new StatementLine(i.Title, i.Text)).ToList(), l.Audience == Audience.Staff))
                    .ToList(),
                t.AimsHeading,
                t.AimsIntroduction,
                t.AimGroups.Where(g => g.Audience == Audience.Public || g.TrustId == memberOf).OrderBy(g => g.Position)
                    .Select(g => new AimGroupView(g.Aim, g.LeadIn, g.Items.OrderBy(i => i.Position).Select(i => i.Text).ToList(), g.Audience == Audience.Staff))
                    .ToList(),
                t.Sections.Where(s => s.Audience == Audience.Public || s.TrustId == memberOf).OrderBy(s => s.Position)
                    .Select(s => new SectionView(s.Heading, s.Body, s.Audience == Audience.Staff)).ToList()))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);

    /// Signed-in people of a trust also see its staff-only items; everyone else sees the public ones.
    private int? MemberOf() => User.Identity?.IsAuthenticated == true ? User.TrustId() : null;

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
