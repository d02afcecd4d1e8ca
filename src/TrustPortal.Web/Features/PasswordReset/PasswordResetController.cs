using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrustPortal.Web.Accounts;

namespace TrustPortal.Web.Features.PasswordReset;

public sealed class ForgottenPasswordForm
{
    [Required(ErrorMessage = "Enter your e-mail address")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address in the correct format, like name@example.org")]
    [StringLength(256, ErrorMessage = "E-mail address must be 256 characters or fewer")]
    public string? Email { get; set; }
}

public sealed class ResetPasswordForm
{
    [StringLength(100, ErrorMessage = "The link is not complete: open it from the e-mail again")]
    public string? Token { get; set; }

    [Required(ErrorMessage = "Enter a new password")]
    [StringLength(256, MinimumLength = 12, ErrorMessage = "Password must be 12 characters or more")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the new password again")]
    [Compare(nameof(Password), ErrorMessage = "The passwords do not match")]
    [DataType(DataType.Password)]
    public string? ConfirmPassword { get; set; }
}

public sealed record ResetPasswordViewModel(string Email, ResetPasswordForm Form);

/// "Forgotten your password?": ask for a link, then choose a new password with it (ADR 0148).
[AllowAnonymous]
[Route("account")]
public sealed class PasswordResetController(PasswordResets resets, PasswordResetLimiter limiter, SecurityEvents events) : Controller
{
    [HttpGet("forgotten-password")]
    public IActionResult Forgotten() => View(new ForgottenPasswordForm());

    [HttpPost("forgotten-password")]
    public async Task<IActionResult> Forgotten(ForgottenPasswordForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!limiter.TryAcquire(form.Email!, client, out var retryAfter))
        {
            events.RateLimited(Request.Path, "password reset");
            Response.Headers.RetryAfter = SignInAccountLimiter.RetryAfterSeconds(retryAfter);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
            ModelState.AddModelError(nameof(form.Email), string.Create(CultureInfo.InvariantCulture,
                $"Too many reset links have been asked for in the last hour: wait {minutes} {(minutes == 1 ? "minute" : "minutes")}, then try again. A link already sent still works for 30 minutes"));
            return View(form);
        }
        await resets.RequestAsync(form.Email!, resets.BaseUrl(Request), ct);
        // The same page whether or not the address has an account.
        return View("Sent", form.Email!.Trim());
    }

    /// The link from the e-mail. The token stays in the query string (redacted in every log line) and is posted back
    /// from the form; the page sends no Referer anywhere.
    [HttpGet("reset-password")]
    public async Task<IActionResult> Reset(string? token, CancellationToken ct)
    {
        var found = await resets.FindAsync(token, ct);
        return found is { } f
            ? View(new ResetPasswordViewModel(f.User.Email ?? "", new ResetPasswordForm { Token = token }))
            : View("LinkInvalid");
    }

    [HttpPost("reset-password")]
    [PasswordWork]
    public async Task<IActionResult> Reset([Bind(Prefix = "Form")] ResetPasswordForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var found = await resets.FindAsync(form.Token, ct);
        if (found is not { } f)
        {
            return View("LinkInvalid");
        }
        if (ModelState.IsValid)
        {
            var result = await resets.ResetAsync(f.Link, f.User, form.Password!, ct);
            if (result.Succeeded)
            {
                events.AccountChanged(f.User.Id, "reset password with an e-mailed link");
                return View("Done");
            }
            foreach (var problem in result.Problems)
            {
                ModelState.AddModelError(problem.Field == AccountField.Password ? "Form.Password" : "", problem.Message);
            }
        }
        return View(new ResetPasswordViewModel(f.User.Email ?? "", new ResetPasswordForm { Token = form.Token }));
    }
}
