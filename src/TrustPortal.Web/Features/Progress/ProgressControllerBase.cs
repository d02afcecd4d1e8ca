using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Progress;

/// What a signed-in person may do with one school's progress.
public enum SchoolProgressRight
{
    /// Neither read nor record (another school's head, staff, another trust).
    None,
    /// Read every page of it (the trust's administrators and trustees).
    Read,
    /// Read it and record progress (the school's own heads).
    Record,
}

/// What the progress controllers share after the portal's front door (TrustFrontDoor has resolved the trust and let in
/// its members only): the school in the URL and what the user may do with it, decided once per action by the
/// authorisation handlers (SchoolOperations.UpdateProgress; the trust's leaders read).
public abstract class ProgressControllerBase(TrustPortalDbContext db, ProgressReader reader, IAuthorizationService authorization) : Controller
{
    protected TrustPortalDbContext Db => db;
    protected ProgressReader Reader => reader;

    /// Set by <see cref="OpenTrustAsync"/> and <see cref="OpenSchoolAsync"/> when they let the action go on.
    protected TrustBrand Trust { get; private set; } = null!;
    protected SchoolRef CurrentSchool => _school ?? throw new InvalidOperationException("No school was opened.");

    /// Whether the school in the URL exists in the trust (it may still be refused to the user).
    protected bool HasSchool => _school is not null;

    private SchoolRef? _school;
    protected SchoolProgressRight Right { get; private set; }

    /// The trust the front door resolved (TrustFrontDoor: one 404, members only); 403 unless the user may also
    /// <paramref name="operation"/> it. Null lets the action go on.
    protected async Task<IActionResult?> OpenTrustAsync(TrustBrand trust, OperationAuthorizationRequirement operation)
    {
        ArgumentNullException.ThrowIfNull(trust);
        Trust = trust;
        return operation == TrustOperations.Read || (await authorization.AuthorizeAsync(User, trust.AsResource(), operation)).Succeeded ? null : Forbid();
    }

    /// The school in the URL, within the trust the front door resolved: 404 when the trust has no such school, 403
    /// unless the user has at least <paramref name="needed"/> (SchoolOperations.UpdateProgress decides Record). Null
    /// lets the action go on.
    protected async Task<IActionResult?> OpenSchoolAsync(TrustBrand trust, int urn, SchoolProgressRight needed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        Trust = trust;
        var school = await reader.SchoolAsync(trust.Id, urn, ct);
        if (school is null)
        {
            return NotFound();
        }
        _school = school;
        Right = await RightAsync(school);
        return Right >= needed && Right != SchoolProgressRight.None ? null : Forbid();
    }

    /// Record for the school's own heads; read for the trust's administrators and trustees; nothing for anyone else.
    protected async Task<SchoolProgressRight> RightAsync(SchoolRef school)
    {
        ArgumentNullException.ThrowIfNull(school);
        if ((await authorization.AuthorizeAsync(User, new SchoolResource(school.Id, school.TrustId), SchoolOperations.UpdateProgress)).Succeeded)
        {
            return SchoolProgressRight.Record;
        }
        return User.TrustId() == school.TrustId && IsTrustLeader() ? SchoolProgressRight.Read : SchoolProgressRight.None;
    }

    /// Trustees and administrators read every school's work in progress; everyone else a school's submitted return
    /// (and a head their own schools' drafts).
    protected bool IsTrustLeader() => User.IsInRole(Roles.TrustAdmin) || User.IsInRole(Roles.Trustee);

    protected bool IsStaffOnly() =>
        User.IsInRole(Roles.Staff) && !User.IsInRole(Roles.Headteacher) && !User.IsInRole(Roles.Trustee) && !User.IsInRole(Roles.TrustAdmin);

    protected Task<bool> StaffMaySeeEvidenceAsync(int trustId, CancellationToken ct) =>
        db.TrustAccountPolicies.AnyAsync(p => p.TrustId == trustId && p.StaffMaySeeEvidence, ct);

    protected string SchoolUrl => $"/{Trust.Slug}/progress/{CurrentSchool.Urn}";

    /// A domain call in a progress button's FormWrite: a broken rule becomes the problem banner in the words the
    /// progress pages have always shown (without the closing full stop), and nothing is saved.
    protected void KeepingRules(Action domainCall)
    {
        ArgumentNullException.ThrowIfNull(domainCall);
        try
        {
            domainCall();
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("", e.Message.TrimEnd('.'));
        }
    }

    protected static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "…");
}
