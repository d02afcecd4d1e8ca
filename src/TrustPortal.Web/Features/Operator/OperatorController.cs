using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;

// Not "Features.Operator": CA1716, Operator is a keyword in Visual Basic.
namespace TrustPortal.Web.Features.ServiceOperation;

public sealed class AddTrustForm
{
    [Required(ErrorMessage = "Enter the trust's name")]
    [StringLength(Limits.Name, ErrorMessage = "The trust's name must be 200 characters or fewer")]
    public string? Name { get; set; }

    [StringLength(Limits.Slug, ErrorMessage = "The web address must be 80 characters or fewer")]
    public string? Slug { get; set; }

    [StringLength(10, ErrorMessage = "The GIAS group UID is a number of up to 10 digits")]
    public string? GiasGroupUid { get; set; }

    [Required(ErrorMessage = "Enter the name of the trust's first administrator")]
    [StringLength(Limits.Name, ErrorMessage = "The name must be 200 characters or fewer")]
    public string? AdministratorName { get; set; }

    [Required(ErrorMessage = "Enter the first administrator's e-mail address")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address in the correct format, like name@example.org")]
    [StringLength(256, ErrorMessage = "The e-mail address must be 256 characters or fewer")]
    public string? AdministratorEmail { get; set; }
}

public sealed record OperatorTrustRow(string Name, string Slug, string? GiasGroupUid, int Schools, int Administrators, int InvitationsPending, bool Suspended, bool BeingSetUp);

public sealed record OperatorIndexViewModel(IReadOnlyList<OperatorTrustRow> Trusts);

/// The service operator's pages: the trusts on this installation, and a new trust handed to its first administrator.
/// The operator belongs to no trust, so every trust page and every trust's work stays closed to them (ADR 0096).
[Authorize(Policy = Policies.OperateService)]
[Route("operator")]
public sealed partial class OperatorController(
    TrustPortalDbContext db,
    UserManager<PortalUser> users,
    UserAdministration admin,
    InvitationMail invitations,
    TrustData trustData,
    Infrastructure.FormWrites writes,
    Infrastructure.Files.IFileStore files,
    Infrastructure.Caching.TrustCacheStampPoller poller,
    TimeProvider clock) : Controller
{
    private const string TrustAdminRoleId = "role-trustadmin";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var trusts = await db.Trusts.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new OperatorTrustRow(t.Name, t.Slug, t.GiasGroupUid,
                db.Schools.Count(s => s.TrustId == t.Id && !s.IsArchived),
                db.Users.Count(u => u.TrustId == t.Id && !u.IsDisabled && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == TrustAdminRoleId)),
                db.Invitations.Count(i => i.UsedUtc == null && i.ExpiresUtc > now && db.Users.Any(u => u.Id == i.UserId && u.TrustId == t.Id)),
                t.SuspendedUtc != null, t.IsBeingSetUp))
            .ToListAsync(ct);
        return View(new OperatorIndexViewModel(trusts));
    }

    [HttpGet("trusts/new")]
    public IActionResult NewTrust() => View(new AddTrustForm());

    [HttpPost("trusts/new")]
    public async Task<IActionResult> NewTrust(AddTrustForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var trust = ModelState.IsValid ? await BuildTrustAsync(form, ct) : null;
        if (trust is null)
        {
            return View(form);
        }
        trust.BeginSetUp();
        db.Trusts.Add(trust);
        await db.SaveChangesAsync(ct);
        var (result, user) = await admin.CreateAsync(form.AdministratorEmail!.Trim(), form.AdministratorName!, Roles.TrustAdmin, trust.Id, [], null, ct);
        if (!result.Succeeded || user is null)
        {
            // The account could not be made (e.g. the address was taken a moment ago): the trust goes too, so nothing half-made stays.
            db.Trusts.Remove(trust);
            await db.SaveChangesAsync(ct);
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError(nameof(form.AdministratorEmail), e);
            }
            return View(form);
        }
        await invitations.SendAsync(user, Roles.TrustAdmin, trust.Name, User.UserId()!,
            (User.FindFirstValue(PortalClaims.DisplayName) ?? "The service operator") + " (the portal's service operator)", Request, ct);
        TempData["Success"] = $"{trust.Name} is set up at /{trust.Slug}. An invitation to be its trust administrator went to {user.Email}.";
        return Redirect("/operator");
    }

    /// The trust as the form describes it, or null with the problems in ModelState against their fields.
    private async Task<Trust?> BuildTrustAsync(AddTrustForm form, CancellationToken ct)
    {
        var slug = string.IsNullOrWhiteSpace(form.Slug) ? Slugs.From(form.Name!) : form.Slug.Trim();
        form.Slug = slug;
        if (await db.Trusts.AnyAsync(t => t.Slug == slug, ct))
        {
            ModelState.AddModelError(nameof(form.Slug), $"Another trust already has the web address /{slug}: choose another");
        }
        if (await users.FindByEmailAsync(form.AdministratorEmail!.Trim()) is not null)
        {
            ModelState.AddModelError(nameof(form.AdministratorEmail), "This e-mail address already has an account on this installation: use another");
        }
        if (!Slugs.IsValid(slug))
        {
            // Said in the form's own words: the field is "Web address", not the domain's "slug".
            ModelState.AddModelError(nameof(form.Slug), "The web address must be 2 to 80 lower-case letters, digits and single hyphens, like oak-learning-trust");
            return null;
        }
        Trust? trust = null;
        try
        {
            trust = new Trust(slug, form.Name!.Trim());
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(nameof(form.Slug), ex.Message);
        }
        try
        {
            trust?.SetGiasGroupUid(form.GiasGroupUid);
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(nameof(form.GiasGroupUid), ex.Message);
        }
        return ModelState.IsValid ? trust : null;
    }
}
