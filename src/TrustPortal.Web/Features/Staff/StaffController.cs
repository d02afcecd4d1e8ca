using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Staff;

public sealed record StaffHomeViewModel(TrustBrand Trust, string DisplayName, string Role, IReadOnlyList<string> Schools) : ITrustPage
{
    public TrustSection Section => TrustSection.Home;
}

/// The signed-in start page of a trust, for any member of that trust; a member of another trust gets 403.
[TrustMembersOnly]
[Authorize(Policy = Policies.ReadTrust)]
[Route("{trustSlug:trust}/staff")]
public sealed class StaffController(TrustPortalDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, CancellationToken ct)
    {
        var userId = User.UserId();
        var schools = await db.UserSchools.Where(l => l.UserId == userId)
            .Join(db.Schools, l => l.SchoolId, s => s.Id, (l, s) => s.Name).OrderBy(n => n).ToListAsync(ct);
        var role = Roles.All.FirstOrDefault(User.IsInRole) ?? "";
        return View(new StaffHomeViewModel(trust, User.FindFirst(PortalClaims.DisplayName)?.Value ?? "", role, schools));
    }
}
