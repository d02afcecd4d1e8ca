using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using QRCoder;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;

namespace TrustPortal.Web.Features.Account;

[Route("account")]
public sealed partial class AccountController(
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    UserAdministration admin,
    PasswordSignIn passwords,
    MfaPolicy mfa,
    SignInThrottle throttle,
    ExternalSignIn external,
    SecurityEvents events) : Controller
{
    [AllowAnonymous]
    [HttpGet("sign-in")]
    public IActionResult SignIn(string? returnUrl) => View(new SignInForm());

    [AllowAnonymous]
    [HttpPost("sign-in")]
    [EnableRateLimiting(AccountsSetup.SignInRateLimitPolicy)]
    [PasswordWork]
    public async Task<IActionResult> SignIn(SignInForm form, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        switch (await passwords.SignInAsync(form.Email!, form.Password!, form.RememberMe, Request.Path, HttpContext.RequestAborted))
        {
            case PasswordOutcome.TooMany tooMany:
                Response.Headers.RetryAfter = SignInAccountLimiter.RetryAfterSeconds(tooMany.RetryAfter);
                return StatusCode(StatusCodes.Status429TooManyRequests);
            case PasswordOutcome.SignedIn:
                return LocalRedirect(SafeReturn(returnUrl));
            case PasswordOutcome.NeedsCode:
                return Redirect($"/account/mfa?rememberMe={form.RememberMe}&returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}");
            case PasswordOutcome.Refused refused:
                ModelState.AddModelError(nameof(form.Email), refused.Message);
                return View(form);
            default:
                throw new InvalidOperationException("Unknown outcome");
        }
    }

    [AllowDuringMfaEnrolment]
    [AllowAnonymous]
    [HttpPost("sign-out")]
    public async Task<IActionResult> SignOutEverywhere()
    {
        var userId = users.GetUserId(User);
        await signIn.SignOutAsync();
        if (userId is not null)
        {
            events.SignedOut(userId);
        }
        return Redirect("/account/signed-out");
    }

    [AllowAnonymous]
    [HttpGet("signed-out")]
    public IActionResult SignedOut() => View();

    [AllowAnonymous]
    [HttpGet("mfa")]
    public async Task<IActionResult> Mfa(bool rememberMe, string? returnUrl)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return Redirect("/account/sign-in");
        }
        return View(new MfaCodeForm { RememberMe = rememberMe });
    }

    [AllowAnonymous]
    [HttpPost("mfa")]
    public Task<IActionResult> Mfa(MfaCodeForm form, string? returnUrl) =>
        SecondStepAsync(form, async user =>
        {
            var result = await signIn.TwoFactorAuthenticatorSignInAsync(form.Code!.Replace(" ", "", StringComparison.Ordinal), form.RememberMe, rememberClient: false);
            if (result.Succeeded)
            {
                events.SignInSucceeded(user.Id);
                return LocalRedirect(SafeReturn(returnUrl));
            }
            if (result.IsLockedOut)
            {
                events.LockedOut(user.Id);
                ModelState.AddModelError(nameof(form.Code), "Too many wrong codes in a row: wait a few minutes, then try the code your app shows");
                return View(form);
            }
            events.MfaFailed(user.Id);
            await throttle.FailedAsync(user, HttpContext.RequestAborted);
            ModelState.AddModelError(nameof(form.Code), "The code is not correct or has already been used: wait for the next code and try again");
            return View(form);
        });

    [AllowAnonymous]
    [HttpGet("mfa/recovery")]
    public async Task<IActionResult> Recovery() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/account/sign-in") : View(new RecoveryCodeForm());

    [AllowAnonymous]
    [HttpPost("mfa/recovery")]
    public Task<IActionResult> Recovery(RecoveryCodeForm form) =>
        SecondStepAsync(form, async user =>
        {
            var result = await signIn.TwoFactorRecoveryCodeSignInAsync(form.RecoveryCode!.Replace(" ", "", StringComparison.Ordinal));
            if (result.Succeeded)
            {
                events.SignInSucceeded(user.Id);
                events.MfaChanged(user.Id, "recovery code used");
                return Redirect("/me");
            }
            events.MfaFailed(user.Id);
            if (!result.IsLockedOut)
            {
                await throttle.FailedAsync(user, HttpContext.RequestAborted);
            }
            ModelState.AddModelError(nameof(form.RecoveryCode), result.IsLockedOut ? "Too many wrong codes in a row: wait a few minutes and try again" : "That recovery code is not correct or has been used");
            return View(form);
        });

    /// Authenticator enrolment: forced at first sign-in for the roles that require MFA, optional otherwise.
    [Authorize(Policy = Policies.SignedIn)]
    [AllowDuringMfaEnrolment]
    [HttpGet("mfa/setup")]
    public async Task<IActionResult> Setup()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (user.TwoFactorEnabled)
        {
            return Redirect("/me");
        }
        return View(await SetupModelAsync(user, new MfaCodeForm()));
    }

    [Authorize(Policy = Policies.SignedIn)]
    [AllowDuringMfaEnrolment]
    [HttpPost("mfa/setup/key")]
    public async Task<IActionResult> CreateKey()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (!user.TwoFactorEnabled)
        {
            await users.ResetAuthenticatorKeyAsync(user);
        }
        return Redirect("/account/mfa/setup");
    }

    [Authorize(Policy = Policies.SignedIn)]
    [AllowDuringMfaEnrolment]
    [HttpPost("mfa/setup")]
    public async Task<IActionResult> Setup([Bind(Prefix = "Form")] MfaCodeForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (user.TwoFactorEnabled)
        {
            return Redirect("/me");
        }
        if (ModelState.IsValid && !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, form.Code!))
        {
            ModelState.AddModelError("Form.Code", "The code is not correct: check the key and the time on your phone, and try the next code");
        }
        if (!ModelState.IsValid)
        {
            return View(await SetupModelAsync(user, form));
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
        events.MfaChanged(user.Id, "authenticator enrolled");
        await signIn.RefreshSignInAsync(user);
        return View("RecoveryCodes", new RecoveryCodesViewModel([.. codes]));
    }

    [AllowAnonymous]
    [HttpGet("invitation/{token}")]
    public async Task<IActionResult> Invitation(string token, CancellationToken ct)
    {
        var invitation = await admin.FindInvitationAsync(token, ct);
        var user = invitation is null ? null : await users.FindByIdAsync(invitation.UserId);
        return user is null ? View("InvitationInvalid") : View(new InvitationViewModel(token, user.Email ?? "", new SetPasswordForm()));
    }

    [AllowAnonymous]
    [HttpPost("invitation/{token}")]
    [PasswordWork]
    public async Task<IActionResult> Invitation(string token, [Bind(Prefix = "Form")] SetPasswordForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var invitation = await admin.FindInvitationAsync(token, ct);
        var user = invitation is null ? null : await users.FindByIdAsync(invitation.UserId);
        if (invitation is null || user is null)
        {
            return View("InvitationInvalid");
        }
        if (ModelState.IsValid)
        {
            var result = await admin.AcceptInvitationAsync(invitation, form.Password!, ct);
            if (result.Succeeded)
            {
                events.AccountChanged(user.Id, "accepted invitation");
                return View("InvitationAccepted");
            }
            foreach (var problem in result.Problems)
            {
                ModelState.AddModelError(problem.Field == AccountField.Password ? "Form.Password" : "", problem.Message);
            }
        }
        return View(new InvitationViewModel(token, user.Email ?? "", form));
    }

    private async Task<MfaSetupViewModel> SetupModelAsync(PortalUser user, MfaCodeForm form)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            return new MfaSetupViewModel(null, null, form);
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString("TrustPortal:" + user.Email)}?secret={key}&issuer=TrustPortal&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        var grouped = string.Join(' ', key.Chunk(4).Select(c => new string(c)));
        return new MfaSetupViewModel(grouped, "data:image/png;base64," + Convert.ToBase64String(png), form);
    }

    /// The second step of a sign-in (a code or a recovery code): only for someone whose password was right a moment
    /// ago, and only once the form passes its own checks.
    private async Task<IActionResult> SecondStepAsync(object form, Func<PortalUser, Task<IActionResult>> check)
    {
        ArgumentNullException.ThrowIfNull(form);
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect("/account/sign-in");
        }
        return ModelState.IsValid ? await check(user) : View(form);
    }

    private string SafeReturn(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl! : "/start";
}
