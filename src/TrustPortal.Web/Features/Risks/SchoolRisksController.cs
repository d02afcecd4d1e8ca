using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Risks;

/// One school's risks, read-only (ADR 0164): a head sees what the trust's register holds about their own school (never
/// another's); the register is the trust board's, so changes go through the trust's administrators. Trustees and
/// administrators may open it too.
[TrustMembersOnly]
[Authorize(Policy = Policies.ReadSelfEvaluation)]
[Route("{trustSlug:trust}/risks/school/{urn:int}")]
public sealed class SchoolRisksController(TrustPortalDbContext db, IAuthorizationService authz, TimeProvider clock) : Controller
{
    [HttpGet("")]
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
        var rows = await RiskRows.Of(db, db.Risks.AsNoTracking().Where(r => r.TrustId == trust.Id && r.SchoolId == school.Id && r.ClosedOn == null)).ToListAsync(ct);
        return View(new SchoolRisksViewModel(trust, urn, school.Name, RiskRows.Order(rows), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
    }
}

public sealed record SchoolRisksViewModel(TrustBrand Trust, int Urn, string SchoolName, IReadOnlyList<RiskRow> Risks, DateOnly Today) : ITrustPage
{
    public TrustSection Section => TrustSection.SelfEvaluation;
}
