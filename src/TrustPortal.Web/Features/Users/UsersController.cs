using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Users;

public sealed class InviteUserForm
{
    [Required(ErrorMessage = "Enter the person's e-mail address")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address in the correct format, like name@example.org")]
    [StringLength(256)]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter the person's name")]
    [StringLength(200, ErrorMessage = "Name must be 200 characters or fewer")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Choose a role")]
    [AllowedValues(Roles.TrustAdmin, Roles.Trustee, Roles.Headteacher, Roles.Staff, ErrorMessage = "Choose a role from the list")]
    public string? Role { get; set; }

    public List<int> SchoolIds { get; set; } = [];
}

public sealed class EditUserForm
{
    [Required(ErrorMessage = "Choose a role")]
    [AllowedValues(Roles.TrustAdmin, Roles.Trustee, Roles.Headteacher, Roles.Staff, ErrorMessage = "Choose a role from the list")]
    public string? Role { get; set; }

    public List<int> SchoolIds { get; set; } = [];
}

public sealed class SetStaffMfaForm
{
    public bool RequireMfaForStaff { get; set; }
}

public sealed record SchoolOption(int Id, string Name);

public sealed record UserListViewModel(IReadOnlyList<UserRow> Users, bool RequireMfaForStaff);

public sealed record InviteUserViewModel(InviteUserForm Form, IReadOnlyList<SchoolOption> Schools);

public sealed record EditUserViewModel(UserRow User, EditUserForm Form, IReadOnlyList<SchoolOption> Schools);

/// Trust administrators manage the accounts of their own trust only.
[Authorize(Policy = Policies.ManageUsers)]
[Route("admin/users")]
public sealed class UsersController(
    TrustPortalDbContext db,
    UserManager<PortalUser> users,
    UserAdministration admin,
    InvitationMail invitations,
    OutgoingMail email,
    SecurityEvents events) : Controller
{
    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManageUsers policy requires a trust.");

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var list = await admin.ListAsync(TrustId, ct);
        var mfa = await db.TrustAccountPolicies.AnyAsync(p => p.TrustId == TrustId && p.RequireMfaForStaff, ct);
        return View(new UserListViewModel(list, mfa));
    }

    [HttpGet("invite")]
    public async Task<IActionResult> Invite(CancellationToken ct) =>
        View(new InviteUserViewModel(new InviteUserForm { Role = Roles.Staff }, await SchoolsAsync(ct)));

    [HttpPost("invite")]
    public async Task<IActionResult> Invite([Bind(Prefix = "Form")] InviteUserForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (ModelState.IsValid && await users.FindByEmailAsync(form.Email!) is { } existing)
        {
            if (existing.TrustId == TrustId)
            {
                ModelState.AddModelError("Form.Email", $"{existing.Email} already has an account in your trust: find them in the list of users");
                return View(new InviteUserViewModel(form, await SchoolsAsync(ct)));
            }
            // The address belongs to another trust's account. The administrator is told what they are told for any
            // invitation, so other trusts' people are never revealed; the person is told why no link came.
            await email.SendAsync(new EmailMessage(existing.Email!, "An invitation to TrustPortal could not be made",
                "Hello,\n\nA trust administrator tried to invite this e-mail address to the TrustPortal staff portal, but the address " +
                "already has a TrustPortal account with another organisation, and one address can have only one account.\n\n" +
                "Ask the person who invited you to use a different e-mail address for you (for example your address at that trust).\n"), ct);
            events.AccountChanged(existing.Id, "invitation refused: address in use in another trust");
            TempData["Success"] = $"Invitation sent to {form.Email!.Trim()}";
            return Redirect("/admin/users");
        }
        if (ModelState.IsValid)
        {
            var (result, user) = await admin.CreateAsync(form.Email!, form.DisplayName!, form.Role!, TrustId, form.SchoolIds, null, ct);
            if (result.Succeeded && user is not null)
            {
                var trustName = await db.Trusts.Where(t => t.Id == TrustId).Select(t => t.Name).SingleAsync(ct);
                await invitations.SendAsync(user, form.Role!, trustName, User.UserId()!, User.FindFirstValue(PortalClaims.DisplayName) ?? "Your trust administrator", Request, ct);
                events.AccountChanged(user.Id, "invited");
                TempData["Success"] = $"Invitation sent to {user.Email}";
                return Redirect("/admin/users");
            }
            foreach (var e in result.Errors)
            {
                // Identity's "Username '…' is already taken" (an account made meanwhile) names another tenant's user.
                var message = e.Contains("already taken", StringComparison.Ordinal) ? "This e-mail address cannot be invited: check it and try again" : e;
                ModelState.AddModelError(e.Contains("school", StringComparison.OrdinalIgnoreCase) ? "Form.SchoolIds" : "Form.Email", message);
            }
        }
        return View(new InviteUserViewModel(form, await SchoolsAsync(ct)));
    }

    /// Subject access for a person of this trust (a leaver whose account is disabled cannot run their own).
    [HttpGet("{id}/export")]
    public async Task<IActionResult> Export(string id, [FromServices] SubjectAccessExport export, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(export);
        var user = await FindUserAsync(id);
        if (user is null)
        {
            return await users.FindByIdAsync(id) is null ? NotFound() : Forbid();
        }
        return File(await export.BuildAsync(user, ct), "application/json", $"trustportal-data-{user.Id}.json");
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Edit(string id, CancellationToken ct)
    {
        var row = await FindRowAsync(id, ct);
        if (row is null)
        {
            return await users.FindByIdAsync(id) is null ? NotFound() : Forbid();
        }
        var schoolIds = await db.UserSchools.Where(l => l.UserId == id).Select(l => l.SchoolId).ToListAsync(ct);
        return View(new EditUserViewModel(row, new EditUserForm { Role = row.Role, SchoolIds = schoolIds }, await SchoolsAsync(ct)));
    }

    [HttpPost("{id}")]
    public async Task<IActionResult> Edit(string id, [Bind(Prefix = "Form")] EditUserForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var user = await FindUserAsync(id);
        if (user is null)
        {
            return await users.FindByIdAsync(id) is null ? NotFound() : Forbid();
        }
        if (ModelState.IsValid)
        {
            var result = await admin.ChangeAccessAsync(user, form.Role!, form.SchoolIds, ct);
            if (result.Succeeded)
            {
                events.AccountChanged(user.Id, "role or schools changed");
                TempData["Success"] = $"Access changed for {user.Email}";
                return Redirect("/admin/users");
            }
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError("Form.SchoolIds", e);
            }
        }
        return View(new EditUserViewModel((await FindRowAsync(id, ct))!, form, await SchoolsAsync(ct)));
    }

    [HttpPost("{id}/disable")]
    public async Task<IActionResult> Disable(string id, CancellationToken ct)
    {
        var user = await FindUserAsync(id);
        if (user is null)
        {
            return await users.FindByIdAsync(id) is null ? NotFound() : Forbid();
        }
        if (user.Id == User.UserId())
        {
            TempData["Success"] = "You cannot disable your own account";
            return Redirect("/admin/users");
        }
        await admin.DisableAsync(user, ct);
        events.AccountChanged(user.Id, "disabled");
        TempData["Success"] = $"{user.Email} is disabled and signed out everywhere";
        return Redirect("/admin/users");
    }

    /// Right to erasure for a leaver: the account becomes an anonymous, disabled shell and their name a pseudonym.
    [HttpPost("{id}/erase")]
    public async Task<IActionResult> Erase(string id, [FromServices] Erasure erasure, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        var user = await FindUserAsync(id);
        if (user is null)
        {
            return await users.FindByIdAsync(id) is null ? NotFound() : Forbid();
        }
        if (user.Id == User.UserId())
        {
            TempData["Success"] = "You cannot erase your own account";
            return Redirect("/admin/users");
        }
        var email = user.Email;
        var result = await erasure.EraseAsync(user, ct);
        events.AccountChanged(user.Id, result.Succeeded ? "erased" : "erasure refused");
        TempData["Success"] = result.Succeeded
            ? $"{email}'s personal data is erased: they appear as \"{user.DisplayName}\" in the records that are kept"
            : string.Join("; ", result.Errors);
        return Redirect("/admin/users");
    }

    [HttpPost("{id}/enable")]
    public async Task<IActionResult> Enable(string id)
    {
        var user = await FindUserAsync(id);
        if (user is null)
        {
            return await users.FindByIdAsync(id) is null ? NotFound() : Forbid();
        }
        await admin.EnableAsync(user);
        events.AccountChanged(user.Id, "enabled");
        TempData["Success"] = $"{user.Email} can sign in again";
        return Redirect("/admin/users");
    }

    [HttpPost("{id}/reset-mfa")]
    public async Task<IActionResult> ResetMfa(string id, CancellationToken ct)
    {
        var user = await FindUserAsync(id);
        if (user is null)
        {
            return await users.FindByIdAsync(id) is null ? NotFound() : Forbid();
        }
        await admin.ResetMfaAsync(user, ct);
        events.MfaChanged(user.Id, "reset by an administrator");
        TempData["Success"] = $"Authenticator reset for {user.Email}; they set it up again at next sign-in";
        return Redirect("/admin/users");
    }

    [HttpPost("staff-mfa")]
    public async Task<IActionResult> StaffMfa(SetStaffMfaForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return BadRequest();
        }
        await SaveRetryingClashes.SaveAsync(db, async c =>
            (await TrustAccountPolicies.FindOrAddAsync(db, TrustId, c)).RequireMfaForStaff = form.RequireMfaForStaff, ct);
        TempData["Success"] = form.RequireMfaForStaff ? "Staff must now use an authenticator app" : "An authenticator app is now optional for staff";
        return Redirect("/admin/users");
    }

    /// The user if they belong to the administrator's own trust; null otherwise (the caller answers 403 or 404).
    private async Task<PortalUser?> FindUserAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        return user?.TrustId == TrustId ? user : null;
    }

    private async Task<UserRow?> FindRowAsync(string id, CancellationToken ct) =>
        (await admin.ListAsync(TrustId, ct, id)).SingleOrDefault();

    private Task<List<SchoolOption>> SchoolsAsync(CancellationToken ct) =>
        db.Schools.AsNoTracking().Where(s => s.TrustId == TrustId && !s.IsArchived).OrderBy(s => s.Name)
            .Select(s => new SchoolOption(s.Id, s.Name)).ToListAsync(ct);
}
