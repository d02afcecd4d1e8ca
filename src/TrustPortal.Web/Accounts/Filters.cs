using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace TrustPortal.Web.Accounts;

/// Marks the actions a user whose MFA enrolment is owed may still use (enrolment itself, sign-out).
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowDuringMfaEnrolmentAttribute : Attribute;

/// A user whose role requires MFA and who has no authenticator yet goes to the enrolment page from every
/// non-public page until they have set one up.
public sealed class MfaEnrolmentFilter : IAuthorizationFilter, IOrderedFilter
{
    // After the authorization filter, so anonymous users are still sent to sign-in first.
    public int Order => 100;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.HttpContext.User.HasClaim(c => c.Type == PortalClaims.MfaEnrolmentRequired))
        {
            return;
        }
        var metadata = context.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any() || metadata.OfType<AllowDuringMfaEnrolmentAttribute>().Any())
        {
            return;
        }
        context.Result = new RedirectResult("/account/mfa/setup");
    }
}

/// Logs failed antiforgery checks (the global AutoValidateAntiforgeryToken filter answers 400).
public sealed class AntiforgeryFailureLogger(SecurityEvents events) : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            events.AntiforgeryFailed(context.HttpContext.Request.Path);
            // The 400 page, re-executed on this same request, tells the person their form had expired.
            context.HttpContext.Items[Features.Errors.ErrorsController.AntiforgeryFailedKey] = true;
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
