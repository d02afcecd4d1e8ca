using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.Start;

/// Where a signed-in person's work is: sign-in ends here unless it was sent from a page (returnUrl).
/// A head goes to their school's return (the progress page picks the school, or offers an executive head the
/// choice with each return's state), a trustee to the board, an administrator to what needs doing, staff to the
/// trust's home page; the service operator to the trusts on the installation.
[Authorize(Policy = Policies.SignedIn)]
[Route("start")]
public sealed class StartController(TrustPortalDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        if (User.IsInRole(Roles.ServiceOperator))
        {
            return Redirect("/operator");
        }
        var trustId = User.TrustId();
        var slug = trustId is null ? null : await db.Trusts.AsNoTracking().Where(t => t.Id == trustId).Select(t => t.Slug).SingleOrDefaultAsync(ct);
        if (slug is null)
        {
            return Redirect("/me");
        }
        if (User.IsInRole(Roles.TrustAdmin))
        {
            return Redirect("/admin");
        }
        if (User.IsInRole(Roles.Trustee))
        {
            return Redirect($"/{slug}/board");
        }
        if (User.IsInRole(Roles.Headteacher))
        {
            return Redirect($"/{slug}/progress");
        }
        return Redirect($"/{slug}");
    }
}
