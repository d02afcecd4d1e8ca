using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Trusts;
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
    SecurityEvents events,
    FormWrites writes) : Controller
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
    public Task<IActionResult> Invite([Bind(Prefix = "Form")] InviteUserForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        PortalUser? existing = null;
        PortalUser? invited = null;
        return writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Id == TrustId, c),
            Refuse = async (_, c) => ModelState.IsValid && (existing = await users.FindByEmailAsync(form.Email!)) is { } other && other.TrustId != TrustId
                ? await RefuseAnotherTrustsAddressAsync(other, form, c) : null,
            Check = (_, _) =>
            {
                if (existing is not null)
                {
                    ModelState.AddModelError("Form.Email", $"{existing.Email} already has an account in your trust: find them in the list of users");
                }
                return Task.CompletedTask;
            },
            Change = async (_, c) =>
            {
                (var result, invited) = await admin.CreateAsync(form.Email!, form.DisplayName!, form.Role!, TrustId, form.SchoolIds, null, c);
                AddInvitationErrors(result, invited);
                return $"Invitation sent to {invited?.Email}";
            },
            AfterSave = async (trust, c) =>
            {
                await invitations.SendAsync(invited!, form.Role!, trust.Name, User.UserId()!, User.FindFirstValue(PortalClaims.DisplayName) ?? "Your trust administrator", Request, c);
                events.AccountChanged(invited!.Id, "invited");
                return null;
            },
            Done = _ => "/admin/users",
            FormAsync = async (_, _) => View(new InviteUserViewModel(form, await SchoolsAsync(ct))),
        }, ct);
    }

    /// Identity's and the school links' refusals, beside their fields; no account and no reason is still a refusal.
    private void AddInvitationErrors(AdminResult result, PortalUser? invited)
    {
        if (invited is null && result.Problems.Count == 0)
        {
            ModelState.AddModelError("Form.Email", AdminResult.AddressNotUsable);
        }
        AddAccountErrors(result);
    }

    /// Each refusal beside the field it is about (its AccountField, never its text); what no field shows goes in the summary.
    private void AddAccountErrors(AdminResult result)
    {
        foreach (var problem in result.Problems)
        {
            ModelState.AddModelError(problem.Field switch
            {
                AccountField.Email => "Form.Email",
                AccountField.Role => "Form.Role",
                AccountField.Schools => "Form.SchoolIds",
                _ => "",
            }, problem.Message);
        }
    }

    /// The address belongs to another trust's account. The administrator is told what they are told for any
    /// invitation, so other trusts' people are never revealed; the person is told why no link came.
    private async Task<IActionResult> RefuseAnotherTrustsAddressAsync(PortalUser existing, InviteUserForm form, CancellationToken ct)
    {
        await email.SendAsync(new EmailMessage(existing.Email!, "An invitation to TrustPortal could not be made",
            "Hello,\n\nA trust administrator tried to invite this e-mail address to the TrustPortal staff portal, but the address " +
            "already has a TrustPortal account with another organisation, and one address can have only one account.\n\n" +
            "Ask the person who invited you to use a different e-mail address for you (for example your address at that trust).\n"), ct);
        events.AccountChanged(existing.Id, "invitation refused: address in use in another trust");
        return Said($"Invitation sent to {form.Email!.Trim()}");
    }

    /// Subject access for a person of this trust (a leaver whose account is disabled cannot run their own).
    [HttpGet("{id}/export")]
    public async Task<IActionResult> Export(string id, [FromServices] SubjectAccessExport export, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(export);
        var user = await FindUserAsync(id);
        return user is null ? await NotOursAsync(id) : File(await export.BuildAsync(user, ct), "application/json", $"trustportal-data-{user.Id}.json");
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Edit(string id, CancellationToken ct)
    {
        var row = await FindRowAsync(id, ct);
        if (row is null)
        {
            return await NotOursAsync(id);
        }
        var schoolIds = await db.UserSchools.Where(l => l.UserId == id).Select(l => l.SchoolId).ToListAsync(ct);
        return View(new EditUserViewModel(row, new EditUserForm { Role = row.Role, SchoolIds = schoolIds }, await SchoolsAsync(ct)));
    }

    [HttpPost("{id}")]
    public Task<IActionResult> Edit(string id, [Bind(Prefix = "Form")] EditUserForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        return writes.RunAsync(this, new FormWrite<PortalUser>
        {
            Load = _ => FindUserAsync(id),
            Missing = _ => NotOursAsync(id),
            Change = async (user, c) =>
            {
                var result = await admin.ChangeAccessAsync(user, form.Role!, form.SchoolIds, c);
                AddAccountErrors(result);
                if (result.Succeeded)
                {
                    events.AccountChanged(user.Id, "role or schools changed");
                }
                return $"Access changed for {user.Email}";
            },
            Done = _ => "/admin/users",
            FormAsync = async (_, _) => View(new EditUserViewModel((await FindRowAsync(id, ct))!, form, await SchoolsAsync(ct))),
        }, ct);
    }

    [HttpPost("{id}/disable")]
    public Task<IActionResult> Disable(string id, CancellationToken ct) =>
        ChangeUserAsync(id, "You cannot disable your own account", async (user, c) =>
        {
            await admin.DisableAsync(user, c);
            events.AccountChanged(user.Id, "disabled");
            return $"{user.Email} is disabled and signed out everywhere";
        }, ct);

    /// Right to erasure for a leaver: the account becomes an anonymous, disabled shell and their name a pseudonym.
    [HttpPost("{id}/erase")]
    public Task<IActionResult> Erase(string id, [FromServices] Erasure erasure, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        return ChangeUserAsync(id, "You cannot erase your own account", async (user, c) =>
        {
            var email = user.Email;
            var result = await erasure.EraseAsync(user, c);
            events.AccountChanged(user.Id, result.Succeeded ? "erased" : "erasure refused");
            return result.Succeeded
                ? $"{email}'s personal data is erased: they appear as \"{user.DisplayName}\" in the records that are kept"
                : string.Join("; ", result.Errors);
        }, ct);
    }

    [HttpPost("{id}/enable")]
    public Task<IActionResult> Enable(string id, CancellationToken ct) =>
        ChangeUserAsync(id, null, async (user, _) =>
        {
            await admin.EnableAsync(user);
            events.AccountChanged(user.Id, "enabled");
            return $"{user.Email} can sign in again";
        }, ct);

    [HttpPost("{id}/reset-mfa")]
    public Task<IActionResult> ResetMfa(string id, CancellationToken ct) =>
        ChangeUserAsync(id, null, async (user, c) =>
        {
            await admin.ResetMfaAsync(user, c);
            events.MfaChanged(user.Id, "reset by an administrator");
            return $"Authenticator reset for {user.Email}; they set it up again at next sign-in";
        }, ct);

    /// The trust's rule for staff; its settings row is found or added, so two first saves at once both land.
    [HttpPost("staff-mfa")]
    public async Task<IActionResult> StaffMfa(SetStaffMfaForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return BadRequest();
        }
        return await writes.RunAsync(this, new FormWrite<TrustAccountPolicy>
        {
            Load = async c => await TrustAccountPolicies.FindOrAddAsync(db, TrustId, c),
            RetryClashes = true,
            Change = (policy, _) =>
            {
                policy.RequireMfaForStaff = form.RequireMfaForStaff;
                return FormWrites.Done(form.RequireMfaForStaff ? "Staff must now use an authenticator app" : "An authenticator app is now optional for staff");
            },
            Done = _ => "/admin/users",
        }, ct);
    }

    /// A button on a person of the administrator's own trust, through the one write shape; <paramref name="notYourself"/>
    /// is said instead when the button would act on the administrator's own account.
    private Task<IActionResult> ChangeUserAsync(string id, string? notYourself, Func<PortalUser, CancellationToken, Task<string?>> change, CancellationToken ct) =>
        writes.RunAsync(this, new FormWrite<PortalUser>
        {
            Load = _ => FindUserAsync(id),
            Missing = _ => NotOursAsync(id),
            Refuse = (user, _) => Task.FromResult<IActionResult?>(notYourself is not null && user.Id == User.UserId() ? Said(notYourself) : null),
            Change = change,
            Done = _ => "/admin/users",
        }, ct);

    private RedirectResult Said(string message)
    {
        TempData["Success"] = message;
        return Redirect("/admin/users");
    }

    /// 404 for no such account; 403 for another trust's.
    private async Task<IActionResult> NotOursAsync(string id) => await users.FindByIdAsync(id) is null ? NotFound() : Forbid();

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
