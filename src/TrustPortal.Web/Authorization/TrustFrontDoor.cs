using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure.Caching;

namespace TrustPortal.Web.Authorization;

/// The one front door of every page under /{trustSlug} (ADR 0134). It runs once per request, before model binding:
/// the slug becomes the trust (a slug no trust has, or a suspended trust, was already answered by its own page in the
/// step before, Features.Errors.TrustStatusFilter, ADR 0150), and a controller marked <see cref="TrustMembersOnlyAttribute"/> lets in only people of
/// that trust (<see cref="TrustOperations.Read"/>, 403 otherwise). Actions then just take the trust as a parameter:
/// <code>
/// [TrustMembersOnly]                        // omit on public pages: anyone may read them
/// [Authorize(Policy = Policies.ReviewPlan)]  // the capability, as before
/// [Route("{trustSlug:trust}/board")]
/// public sealed class BoardController(...) : Controller
/// {
///     [HttpGet("")]
///     public async Task&lt;IActionResult&gt; Index(TrustBrand trust, CancellationToken ct) => ...
/// }
/// </code>
/// A school or other resource inside the trust is then checked with the handlers beside this file, the same way
/// everywhere: <c>await authz.AuthorizeAsync(User, school.AsResource(), SchoolOperations.UpdateProgress)</c>.
public sealed class TrustFrontDoor(TrustPageCache reads, TrustPortalDbContext db, IAuthorizationService authz) : IAsyncResourceFilter
{
    public const string RouteKey = "trustSlug";

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.RouteData.Values[RouteKey] is not string slug)
        {
            await next();
            return;
        }
        var http = context.HttpContext;
        // Kept with the trust's public content (its name, colour and logo are that), so most requests ask no SQL.
        var trust = await reads.GetOrLoadAsync("front-door", slug, null, c => db.Trusts.FindBrandAsync(slug, c), http.RequestAborted);
        if (trust is null)
        {
            context.Result = new NotFoundResult();
            return;
        }
        if (context.ActionDescriptor.EndpointMetadata.OfType<TrustMembersOnlyAttribute>().Any()
            && !(await authz.AuthorizeAsync(http.User, trust.AsResource(), TrustOperations.Read)).Succeeded)
        {
            context.Result = new ForbidResult();
            return;
        }
        http.Features.Set(new ResolvedTrust(trust));
        await next();
    }
}

/// The trust the front door resolved for this request.
public sealed record ResolvedTrust(TrustBrand Trust);

/// Only people of the trust in the URL (any role) get past the front door; anyone else gets 403.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
public sealed class TrustMembersOnlyAttribute : Attribute;

/// Binds an action's <see cref="TrustBrand"/> parameter to the trust the front door resolved: never from the request.
public sealed class ResolvedTrustBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Metadata.ModelType == typeof(TrustBrand) ? new ResolvedTrustBinder() : null;
    }

    private sealed class ResolvedTrustBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            ArgumentNullException.ThrowIfNull(bindingContext);
            var resolved = bindingContext.HttpContext.Features.Get<ResolvedTrust>()
                ?? throw new InvalidOperationException("A TrustBrand parameter needs a {trustSlug} route: the front door resolves it.");
            bindingContext.Result = ModelBindingResult.Success(resolved.Trust);
            // Nothing of the request went into it, so there is nothing to validate.
            bindingContext.ValidationState[resolved.Trust] = new ValidationStateEntry { SuppressValidation = true };
            return Task.CompletedTask;
        }
    }
}
