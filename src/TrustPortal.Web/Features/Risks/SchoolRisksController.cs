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
public sealed class SchoolRisksController(TrustPortalDbContext db, TimeProvider clock) : Controller
{
    [HttpGet("")]
    [SchoolDoor(nameof(SchoolOperations.Discuss))]
    public async Task<IActionResult> School(TrustBrand trust, SchoolOfTrust school, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(school);
        var rows = await RiskRows.Of(db, db.Risks.AsNoTracking().Where(r => r.TrustId == trust.Id && r.SchoolId == school.Id && r.ClosedOn == null)).ToListAsync(ct);
        return View(new SchoolRisksViewModel(trust, school.Urn, school.Name, RiskRows.Order(rows), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
    }
}

public sealed record SchoolRisksViewModel(TrustBrand Trust, int Urn, string SchoolName, IReadOnlyList<RiskRow> Risks, DateOnly Today) : ITrustPage
{
    public TrustSection Section => TrustSection.SelfEvaluation;
}
