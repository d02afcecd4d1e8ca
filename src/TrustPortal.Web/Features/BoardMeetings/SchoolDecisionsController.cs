using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.BoardMeetings;

/// The board's decisions about one school: its heads (a resource check: heads linked to the school) and the trust's
/// leaders read them, with the actions the board asked for and where each stands.
[TrustMembersOnly]
[Authorize(Policy = Policies.ReadBoardDecisions)]
[Route("{trustSlug:trust}/board/decisions")]
public sealed class SchoolDecisionsController(TrustPortalDbContext db, MeetingReader reader, IAuthorizationService authz, TimeProvider clock) : Controller
{
    [HttpGet("{urn:int}")]
    public async Task<IActionResult> School(TrustBrand trust, int urn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var school = await db.Schools.AsNoTracking().Where(s => s.TrustId == trust.Id && s.Urn == urn).Select(s => new { s.Id, s.Name }).SingleOrDefaultAsync(ct);
        if (school is null)
        {
            return NotFound();
        }
        if (!(await authz.AuthorizeAsync(User, new SchoolResource(school.Id, trust.Id), SchoolOperations.Discuss)).Succeeded)
        {
            return Forbid();
        }
        var decisions = await reader.AboutSchoolAsync(trust.Id, school.Id, ct);
        return View(new SchoolDecisionsViewModel(trust, urn, school.Name, decisions, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
    }
}
