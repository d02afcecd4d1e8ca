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
public sealed class SchoolDecisionsController(MeetingReader reader, TimeProvider clock) : Controller
{
    [HttpGet("{urn:int}")]
    [SchoolDoor(nameof(SchoolOperations.Discuss))]
    public async Task<IActionResult> School(TrustBrand trust, SchoolOfTrust school, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(school);
        var decisions = await reader.AboutSchoolAsync(trust.Id, school.Id, ct);
        return View(new SchoolDecisionsViewModel(trust, school.Urn, school.Name, decisions, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
    }
}
