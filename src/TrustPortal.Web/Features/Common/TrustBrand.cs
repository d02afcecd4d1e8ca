using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Features.Common;

/// What the layout needs to brand a page as one trust's: its name, strapline and colour.
public sealed record TrustBrand(int Id, string Slug, string Name, string? Strapline, string BrandColour, bool NameIsInvented)
{
    /// True when the trust has uploaded a logo (served from /{slug}/logo); set in the projection with { HasLogo = … }.
    public bool HasLogo { get; init; }
}

/// A page that belongs to one trust; the layout shows that trust's header and navigation.
public interface ITrustPage
{
    TrustBrand Trust { get; }

    /// Which item of the trust navigation is the current page.
    TrustSection Section { get; }
}

public enum TrustSection
{
    Home,
    VisionAndValues,
    Schools,
    Plans,
    Messages,
    Progress,
    Board,
    Challenges,
    SelfEvaluation,
    Actions,
}

public static class TrustBrandQueries
{
    public static Task<TrustBrand?> FindBrandAsync(this IQueryable<Trust> trusts, string slug, CancellationToken ct) =>
        trusts.AsNoTracking()
            .Where(t => t.Slug == slug)
            .Select(t => new TrustBrand(t.Id, t.Slug, t.Name, t.Strapline, t.BrandColour, t.NameIsInvented) { HasLogo = t.LogoKey != null })
            .SingleOrDefaultAsync(ct);
}
