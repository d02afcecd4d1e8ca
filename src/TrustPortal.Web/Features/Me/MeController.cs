using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

// Not "Features.Me": CA1716, Me is a keyword in Visual Basic.
namespace TrustPortal.Web.Features.MyAccount;

public sealed class ChangeNameForm
{
    [Required(ErrorMessage = "Enter your name")]
    [StringLength(200, ErrorMessage = "Name must be 200 characters or fewer")]
    public string? DisplayName { get; set; }
}

public sealed class ChangePasswordForm
{
    [Required(ErrorMessage = "Enter your current password")]
    [StringLength(256)]
    [DataType(DataType.Password)]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "Enter a new password")]
    [StringLength(256, MinimumLength = 12, ErrorMessage = "Password must be 12 characters or more")]
    [DataType(DataType.Password)]
    public string? NewPassword { get; set; }

    [Required(ErrorMessage = "Enter the new password again")]
    [Compare(nameof(NewPassword), ErrorMessage = "The new passwords do not match")]
    [DataType(DataType.Password)]
    public string? ConfirmPassword { get; set; }
}

public sealed record ProfileViewModel(string Email, string DisplayName, string Role, string? TrustName, string? TrustSlug,
    IReadOnlyList<string> Schools, bool MfaEnabled, int RecoveryCodesLeft, ChangeNameForm NameForm);

/// The signed-in user's own account: name, password, MFA, and everything the portal holds about them.
[Authorize(Policy = Policies.SignedIn)]
[Route("me")]
public sealed class MeController(
    TrustPortalDbContext db,
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    UserAdministration admin,
    SessionStore sessions,
    SecurityEvents events,
    FormWrites writes) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : View(await ProfileAsync(user, new ChangeNameForm { DisplayName = user.DisplayName }, ct));
    }

    [HttpPost("name")]
    public Task<IActionResult> ChangeName([Bind(Prefix = "NameForm")] ChangeNameForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        return writes.RunAsync(this, new FormWrite<PortalUser>
        {
            Load = MeAsync,
            Missing = SignInAgainAsync,
            Change = async (user, _) =>
            {
                user.DisplayName = form.DisplayName!.Trim();
                await users.UpdateAsync(user);
                return "Your name has been changed";
            },
            AfterSave = async (user, _) =>
            {
                await signIn.RefreshSignInAsync(user);
                return null;
            },
            Done = _ => "/me",
            FormAsync = async (user, _) => View("Index", await ProfileAsync(user, form, ct)),
        }, ct);
    }

    [HttpGet("password")]
    public IActionResult Password() => View(new ChangePasswordForm());

    [HttpPost("password")]
    [PasswordWork]
    public Task<IActionResult> Password(ChangePasswordForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        return writes.RunAsync(this, new FormWrite<PortalUser>
        {
            Load = MeAsync,
            Missing = SignInAgainAsync,
            Change = async (user, _) =>
            {
                var result = await users.ChangePasswordAsync(user, form.CurrentPassword!, form.NewPassword!);
                foreach (var e in result.Errors)
                {
                    ModelState.AddModelError(e.Code == "PasswordMismatch" ? nameof(form.CurrentPassword) : nameof(form.NewPassword),
                        e.Code == "PasswordMismatch" ? "Your current password is not correct" : e.Description);
                }
                return "Your password has been changed and you have been signed out everywhere else";
            },
            AfterSave = async (user, c) =>
            {
                // Every other session ends; this browser gets a new one.
                await sessions.EndAllAsync(user.Id, c);
                events.AccountChanged(user.Id, "changed password");
                await signIn.SignInAsync(user, isPersistent: false);
                return null;
            },
            Done = _ => "/me",
            Form = (_, _) => View(form),
        }, ct);
    }

    [HttpPost("mfa/reset")]
    public Task<IActionResult> ResetMfa(CancellationToken ct) =>
        writes.RunAsync(this, new FormWrite<PortalUser>
        {
            Load = MeAsync,
            Missing = SignInAgainAsync,
            Change = async (user, c) =>
            {
                await admin.ResetMfaAsync(user, c);
                events.MfaChanged(user.Id, "reset by the user");
                return null;
            },
            AfterSave = async (_, _) =>
            {
                await signIn.SignOutAsync();
                return null;
            },
            Done = _ => "/account/sign-in",
        }, ct);

    /// Subject access: everything the portal holds about the user, as JSON.
    [HttpGet("export")]
    public async Task<IActionResult> Export([FromServices] SubjectAccessExport export, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(export);
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        return File(await export.BuildAsync(user, ct), "application/json", "trustportal-my-data.json");
    }

    /// The signed-in person's own account, tracked for a change.
    private Task<PortalUser?> MeAsync(CancellationToken _) => users.GetUserAsync(User);

    /// No account (it was erased a moment ago): sign in again.
    private Task<IActionResult> SignInAgainAsync(CancellationToken _) => Task.FromResult<IActionResult>(Challenge());

    private async Task<ProfileViewModel> ProfileAsync(PortalUser user, ChangeNameForm form, CancellationToken ct)
    {
        var trust = await db.Trusts.AsNoTracking().Where(t => t.Id == user.TrustId).Select(t => new { t.Name, t.Slug }).SingleOrDefaultAsync(ct);
        var schools = await db.UserSchools.Where(l => l.UserId == user.Id)
            .Join(db.Schools, l => l.SchoolId, s => s.Id, (l, s) => s.Name).OrderBy(n => n).ToListAsync(ct);
        var roles = await users.GetRolesAsync(user);
        return new ProfileViewModel(user.Email ?? "", user.DisplayName, roles.FirstOrDefault() ?? "", trust?.Name, trust?.Slug, schools,
            user.TwoFactorEnabled, await users.CountRecoveryCodesAsync(user), form);
    }
}
