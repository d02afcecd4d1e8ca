using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace TrustPortal.Web.Features.Home;

public sealed record TrustListItem(string Slug, string Name, string? Strapline, bool NameIsInvented, int SchoolCount);

public sealed record HomeViewModel(IReadOnlyList<TrustListItem> Trusts);

[AllowAnonymous]
public sealed class HomeController(TrustPortalDbContext db) : Controller
{
    /// The trusts hosted here; a portal that hosts one trust goes straight to it.
    [HttpGet("/")]
    [OutputCache(PolicyName = PublicPageCache.PolicyName)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var trusts = await db.Trusts.AsNoTracking()
            .OrderBy(t => t.Name)
            .Select(t => new TrustListItem(t.Slug, t.Name, t.Strapline, t.NameIsInvented,
                db.Schools.Count(s => s.TrustId == t.Id && !s.IsArchived)))
            .ToListAsync(ct);
        if (trusts.Count == 1)
        {
            return Redirect($"/{trusts[0].Slug}");
        }
        return View(new HomeViewModel(trusts));
    }
}
