using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustPortal.Web.Data;

/// What a cached page shows of a trust, and so which of the trust's stamps a save renews (docs/adr/0131).
public enum CachedArea
{
    /// What the trust publishes: content, branding, schools, inspections, plans. Shown on the public pages (and read
    /// by the trust-work pages too, which therefore depend on both stamps).
    PublicContent = 1,

    /// The trust's own work: review cycles, progress, returns, priorities, evidence, challenges, sign-offs. Shown on
    /// the board and progress pages; never on a public page, so a save of it leaves the public pages cached.
    TrustWork = 2,
}

/// Every entity type in the model says, in its mapping, whether it is shown on a cached page (and which trust it
/// belongs to) or is never cached; `CachedEntitiesTests` fails when a new entity says neither. The interceptor that
/// renews the stamps reads these annotations, never a namespace.
public static class CachedPages
{
    private const string AreaAnnotation = "TrustPortal:CachedArea";
    private const string TrustViaAnnotation = "TrustPortal:CachedTrustVia";
    private const string NeverAnnotation = "TrustPortal:NeverCached";

    /// The entity is shown on cached pages of <paramref name="area"/>. Its trust is its own `TrustId` (or its `Id`
    /// for the trust itself), else the trust of the row that <paramref name="trustVia"/> (a foreign key) points to.
    public static EntityTypeBuilder<T> ShownOnCachedPages<T>(this EntityTypeBuilder<T> builder, CachedArea area, Expression<Func<T, object?>>? trustVia = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasAnnotation(AreaAnnotation, area.ToString());
        if (trustVia is not null)
        {
            builder.HasAnnotation(TrustViaAnnotation, PropertyName(trustVia));
        }
        return builder;
    }

    /// The entity is on no cached page; the reason is for the reader of the mapping.
    public static EntityTypeBuilder NeverCached(this EntityTypeBuilder builder, string reason)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        builder.HasAnnotation(NeverAnnotation, reason);
        return builder;
    }

    public static EntityTypeBuilder<T> NeverCached<T>(this EntityTypeBuilder<T> builder, string reason)
        where T : class
    {
        NeverCached((EntityTypeBuilder)builder, reason);
        return builder;
    }

    /// The area an entity type is shown in; an owned type is shown wherever its owner is.
    public static CachedArea? AreaOf(IReadOnlyEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        if (entityType.FindOwnership() is { } ownership)
        {
            return AreaOf(ownership.PrincipalEntityType);
        }
        return entityType.FindAnnotation(AreaAnnotation)?.Value is string area ? Enum.Parse<CachedArea>(area) : null;
    }

    public static bool IsDeclared(IReadOnlyEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return entityType.FindOwnership() is not null
            || entityType.FindAnnotation(AreaAnnotation) is not null
            || entityType.FindAnnotation(NeverAnnotation) is not null;
    }

    public static bool IsNeverCached(IReadOnlyEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return entityType.FindAnnotation(NeverAnnotation) is not null;
    }

    /// The foreign key that leads from a cached entity towards its trust: the ownership, or the declared `trustVia`;
    /// null when the entity carries its trust itself (`TrustId`, or the trust's own `Id`).
    public static IReadOnlyForeignKey? TrustPathOf(IReadOnlyEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        if (entityType.FindOwnership() is { } ownership)
        {
            return ownership;
        }
        if (entityType.FindAnnotation(TrustViaAnnotation)?.Value is not string via)
        {
            return null;
        }
        var property = entityType.FindProperty(via) ?? throw new InvalidOperationException($"{entityType.DisplayName()} has no property {via}.");
        return entityType.FindForeignKeys(property).FirstOrDefault()
            ?? throw new InvalidOperationException($"{entityType.DisplayName()}.{via} is not a foreign key, so it cannot lead to a trust.");
    }

    /// The property that holds the trust's id on the entity itself: `Id` of the trust, else `TrustId`.
    public static IReadOnlyProperty? OwnTrustPropertyOf(IReadOnlyEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return entityType.ClrType == typeof(Domain.Trusts.Trust)
            ? entityType.FindProperty(nameof(Domain.Trusts.Trust.Id))
            : TrustPathOf(entityType) is null ? entityType.FindProperty("TrustId") : null;
    }

    private static string PropertyName<T>(Expression<Func<T, object?>> selector)
    {
        var body = selector.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : selector.Body;
        return body is MemberExpression member ? member.Member.Name : throw new ArgumentException("Name a property, e.g. x => x.SchoolId.", nameof(selector));
    }
}
