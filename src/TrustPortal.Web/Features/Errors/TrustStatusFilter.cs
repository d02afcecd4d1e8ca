using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;

namespace TrustPortal.Web.Features.Errors;

/// <param name="Slug">The trust's web address; empty for a slug no trust has.</param>
public sealed record TrustStatusViewModel(string Slug, string? Name);

/// The trust a request is for, checked once before any action runs: a trust address that no trust has gets the
/// "no trust at this address" page (404), and while a trust is suspended its public pages, its people's pages and its
/// administrators' /admin pages get the "suspended" page (503, ADR 0150). Other trusts are untouched.
/// This belongs in the per-trust front door that resolves {trustSlug} once per request (issue 13): move it there at
/// merge. It answers from what the cache-stamp poller last read (trusts by slug, which are suspended), so a page that
/// is served costs no extra query; the database is asked only for an address the poller has not seen and for the
/// name on the suspended page.
public sealed class TrustStatusFilter(TrustCacheGenerations known, TrustCacheStampPoller poller, TrustPortalDbContext db, IModelMetadataProvider metadata) : IAsyncResourceFilter
{
    /// Controllers that are not a trust's pages: signing in and out, error pages, the portal's home, the operator.
    private static readonly HashSet<string> OutsideAnyTrust = new(StringComparer.Ordinal) { "Account", "Errors", "Home", "Operator" };

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var ct = context.HttpContext.RequestAborted;
        if (context.RouteData.Values.TryGetValue("trustSlug", out var value) && value is string slug)
        {
            // A slug the last poll did not see (a trust added a moment ago) polls once more, at most four times a second.
            var id = known.TrustIdOf(slug) ?? await poller.TrustIdOfAsync(slug, ct);
            var suspended = id is { } knownId && known.IsSuspended(knownId);
            if (id is null)
            {
                // The poll was taken a moment ago, or there is no such trust: the database decides.
                var row = await db.Trusts.AsNoTracking().Where(t => t.Slug == slug).Select(t => new { t.Id, Suspended = t.SuspendedUtc != null }).SingleOrDefaultAsync(ct);
                if (row is null)
                {
                    context.Result = Page("UnknownTrust", StatusCodes.Status404NotFound, new TrustStatusViewModel(slug, null), context.ModelState);
                    return;
                }
                (id, suspended) = (row.Id, row.Suspended);
            }
            if (suspended)
            {
                context.Result = await SuspendedAsync(id.Value, context.ModelState, ct);
                return;
            }
        }
        else if (context.HttpContext.User.TrustId() is { } memberOf
            && context.ActionDescriptor is ControllerActionDescriptor action && !OutsideAnyTrust.Contains(action.ControllerName)
            && known.IsSuspended(memberOf))
        {
            // The trust's people on pages without the trust in the address: /admin, /me, /start.
            context.Result = await SuspendedAsync(memberOf, context.ModelState, ct);
            return;
        }
        await next();
    }

    private async Task<IActionResult> SuspendedAsync(int trustId, ModelStateDictionary state, CancellationToken ct)
    {
        var trust = await db.Trusts.AsNoTracking().Where(t => t.Id == trustId).Select(t => new TrustStatusViewModel(t.Slug, t.Name)).SingleOrDefaultAsync(ct);
        return Page("TrustSuspended", StatusCodes.Status503ServiceUnavailable, trust ?? new TrustStatusViewModel("", null), state);
    }

    private ViewResult Page(string view, int status, TrustStatusViewModel model, ModelStateDictionary state) => new()
    {
        ViewName = $"~/Features/Errors/{view}.cshtml",
        StatusCode = status,
        ViewData = new ViewDataDictionary<TrustStatusViewModel>(metadata, state) { Model = model },
    };
}
