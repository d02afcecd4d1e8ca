using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using TrustPortal.Web.Accounts;

namespace TrustPortal.Web.Features.Account;

public sealed record LinkAccountViewModel(string Provider, string Email, string ReturnUrl);

public sealed record ExternalRefusedViewModel(ExternalRefusal Reason);

/// Sign in with Microsoft or Google (ADR 0145): the challenge, the callback's decision, the first-time link and the
/// refusal page. The protocol itself (state, nonce, PKCE, PAR, signature, audience, expiry) is the handler's.
public sealed partial class AccountController
{
    [AllowAnonymous]
    [HttpPost("external/{provider}")]
    [EnableRateLimiting(AccountsSetup.SignInRateLimitPolicy)]
    public async Task<IActionResult> External(string provider, string? returnUrl, [FromServices] ExternalProviders providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var scheme = providers.Find(provider);
        if (scheme is null)
        {
            return NotFound();
        }
        var properties = signIn.ConfigureExternalAuthenticationProperties(scheme, "/account/external/callback?returnUrl=" + Uri.EscapeDataString(SafeReturn(returnUrl)));
        try
        {
            await HttpContext.ChallengeAsync(scheme, properties);
            return new EmptyResult();
        }
        catch (Exception e) when (ExternalProviders.IsUnreachable(e))
        {
            return ExternalRefusedResult(scheme, ExternalRefusal.Unreachable, null);
        }
    }

    [AllowAnonymous]
    [HttpGet("external/callback")]
    public Task<IActionResult> ExternalCallback(string? returnUrl, CancellationToken ct) =>
        ExternalOutcomeAsync((identity, outcome) => outcome switch
        {
            ExternalOutcome.ConfirmLink link => Task.FromResult<IActionResult>(
                View("Link", new LinkAccountViewModel(identity.Provider, link.User.Email ?? "", SafeReturn(returnUrl)))),
            ExternalOutcome.SignIn known => CompleteExternalAsync(known.User, identity, returnUrl, ct),
            ExternalOutcome.CreateStaff create => CreateStaffAsync(create.TrustId, identity, returnUrl, ct),
            _ => throw new InvalidOperationException("Unknown outcome"),
        }, ct);

    /// The person confirmed that their Microsoft or Google account is theirs to use for this portal account.
    [AllowAnonymous]
    [HttpPost("external/link")]
    public Task<IActionResult> Link(string? returnUrl, CancellationToken ct) =>
        ExternalOutcomeAsync(async (identity, outcome) => outcome switch
        {
            ExternalOutcome.ConfirmLink link when await external.LinkAsync(link.User, identity, created: false) =>
                await CompleteExternalAsync(link.User, identity, returnUrl, ct),
            ExternalOutcome.SignIn known => await CompleteExternalAsync(known.User, identity, returnUrl, ct),
            _ => await RefuseExternalAsync(identity.Provider, ExternalRefusal.NoAccount, null),
        }, ct);

    [AllowAnonymous]
    [HttpGet("external/refused")]
    public IActionResult ExternalRefused(ExternalRefusal reason) => View(new ExternalRefusedViewModel(reason));

    /// The identity the provider vouched for and the portal's decision about it; a refusal is answered here, anything
    /// else by <paramref name="next"/>. Without an identity (the external cookie gone or never there): back to sign-in.
    private async Task<IActionResult> ExternalOutcomeAsync(Func<ExternalIdentity, ExternalOutcome, Task<IActionResult>> next, CancellationToken ct)
    {
        var identity = await ExternalSignIn.ReadAsync(HttpContext);
        if (identity is null)
        {
            return Redirect("/account/sign-in");
        }
        var outcome = await external.DecideAsync(identity, ct);
        return outcome is ExternalOutcome.Refused refused
            ? await RefuseExternalAsync(identity.Provider, refused.Reason, refused.UserId)
            : await next(identity, outcome);
    }

    private async Task<IActionResult> CreateStaffAsync(int trustId, ExternalIdentity identity, string? returnUrl, CancellationToken ct)
    {
        var user = await external.CreateStaffAsync(trustId, identity, ct);
        return user is null
            ? await RefuseExternalAsync(identity.Provider, ExternalRefusal.NoAccount, null)
            : await CompleteExternalAsync(user, identity, returnUrl, ct);
    }

    private async Task<IActionResult> CompleteExternalAsync(PortalUser user, ExternalIdentity identity, string? returnUrl, CancellationToken ct)
    {
        var providerMfa = await external.ProviderMfaCountsAsync(user, identity, ct);
        var result = await ((PortalSignInManager)signIn).ExternalSignInAsync(user, identity.Provider, providerMfa);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (result.RequiresTwoFactor)
        {
            return Redirect($"/account/mfa?returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}");
        }
        if (!result.Succeeded)
        {
            // Disabled meanwhile, or published demo credentials outside Development (logged by the sign-in manager).
            return ExternalRefusedResult(identity.Provider, ExternalRefusal.Disabled, user.Id);
        }
        events.SignInSucceeded(user.Id);
        if (!providerMfa)
        {
            await mfa.StartEnrolmentIfRequiredAsync(user);
        }
        return LocalRedirect(SafeReturn(returnUrl));
    }

    private async Task<IActionResult> RefuseExternalAsync(string provider, ExternalRefusal reason, string? userId)
    {
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        return ExternalRefusedResult(provider, reason, userId);
    }

    private RedirectResult ExternalRefusedResult(string provider, ExternalRefusal reason, string? userId)
    {
        events.ExternalSignInRefused(provider, reason, userId);
        return Redirect(ExternalProviders.RefusedPath(reason));
    }
}
