using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Authorization;

/// One school of the trust in the URL, found and checked by <see cref="SchoolDoorAttribute"/>.
public sealed record SchoolOfTrust(int Id, int Urn, string Name);

/// The door of a page about one school (ADR 0178), after the trust's front door (ADR 0134): the <c>{urn}</c> of the
/// route becomes the trust's school at that URN (404 when the trust has none) and the person's right to the operation
/// on it is checked by the school handler (403). The action takes the school as a parameter, never bound from the
/// request:
/// <code>
/// [HttpGet("{urn:int}")]
/// [SchoolDoor(nameof(SchoolOperations.Discuss))]
/// public async Task&lt;IActionResult&gt; School(TrustBrand trust, SchoolOfTrust school, CancellationToken ct) => ...
/// </code>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class SchoolDoorAttribute(string operation) : Attribute, IFilterFactory
{
    public const string RouteKey = "urn";

    public string Operation { get; } = operation;

    public bool IsReusable => false;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider)
    {
        ArgumentNullException.ThrowIfNull(serviceProvider);
        return new Door(serviceProvider.GetRequiredService<TrustPortalDbContext>(), serviceProvider.GetRequiredService<IAuthorizationService>(),
            SchoolOperations.Named(Operation));
    }

    private sealed class Door(TrustPortalDbContext db, IAuthorizationService authz, OperationAuthorizationRequirement operation) : IAsyncResourceFilter
    {
        public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
        {
            var http = context.HttpContext;
            var trust = http.Features.Get<ResolvedTrust>()?.Trust
                ?? throw new InvalidOperationException("A school's door needs the trust's: a {trustSlug} route.");
            var school = int.TryParse(context.RouteData.Values[RouteKey] as string, out var urn)
                ? await db.Schools.AsNoTracking().Where(s => s.TrustId == trust.Id && s.Urn == urn)
                    .Select(s => new SchoolOfTrust(s.Id, s.Urn, s.Name)).SingleOrDefaultAsync(http.RequestAborted)
                : null;
            if (school is null)
            {
                context.Result = new NotFoundResult();
                return;
            }
            if (!(await authz.AuthorizeAsync(http.User, new SchoolResource(school.Id, trust.Id), operation)).Succeeded)
            {
                context.Result = new ForbidResult();
                return;
            }
            http.Features.Set(school);
            await next();
        }
    }
}

/// Binds an action's <see cref="SchoolOfTrust"/> parameter to the school its door found: never from the request.
public sealed class SchoolOfTrustBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Metadata.ModelType == typeof(SchoolOfTrust) ? new Binder() : null;
    }

    private sealed class Binder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            ArgumentNullException.ThrowIfNull(bindingContext);
            var school = bindingContext.HttpContext.Features.Get<SchoolOfTrust>()
                ?? throw new InvalidOperationException("A SchoolOfTrust parameter needs [SchoolDoor] on its action.");
            bindingContext.Result = ModelBindingResult.Success(school);
            bindingContext.ValidationState[school] = new ValidationStateEntry { SuppressValidation = true };
            return Task.CompletedTask;
        }
    }
}
