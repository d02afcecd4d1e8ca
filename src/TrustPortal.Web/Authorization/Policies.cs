using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Authorization;

/// Named policies, by capability. Deny by default: the fallback policy needs a signed-in user.
public static class Policies
{
    /// Any signed-in person, whatever their role or trust: their own account pages and MFA set-up. The same rule as the
    /// fallback policy, named so that every action states its decision (ArchitectureTests).
    public const string SignedIn = nameof(SignedIn);
    /// Any signed-in member of a trust (every role) may read that trust's staff pages.
    public const string ReadTrust = nameof(ReadTrust);
    public const string ManageUsers = nameof(ManageUsers);
    public const string ViewAudit = nameof(ViewAudit);
    public const string ManageSchools = nameof(ManageSchools);
    /// Edit the trust's own content and branding (TrustAdmin of that trust).
    public const string ManageContent = nameof(ManageContent);
    public const string UpdateSchoolProgress = nameof(UpdateSchoolProgress);
    public const string CommentAsTrustee = nameof(CommentAsTrustee);
    /// Trust administrators see which schools have submitted their progress returns, remind them and reopen returns.
    public const string ManageProgressReturns = nameof(ManageProgressReturns);
    /// Create and edit the trust's strategic plans and their review cycles.
    public const string ManagePlans = nameof(ManagePlans);
    /// Trustees and trust administrators review the plan: dashboard, board pack, sign-off, raising challenges.
    public const string ReviewPlan = nameof(ReviewPlan);
    /// The central team prepares the board pack: writes the executive summary and issues packs to meetings.
    public const string PreparePack = nameof(PreparePack);
    /// The board's decisions about a school: trustees and administrators (all), heads (their schools' only, a resource check).
    public const string ReadBoardDecisions = nameof(ReadBoardDecisions);
    /// Who takes part in challenges: trustees and administrators (all of their trust's), heads (their schools' only).
    public const string TakePartInChallenges = nameof(TakePartInChallenges);
    /// Schools' self-evaluations: heads (their schools' only, a resource check), trustees and administrators.
    public const string ReadSelfEvaluation = nameof(ReadSelfEvaluation);
    /// Record the trust's judgement beside a school's (moderation): the trust's administrators.
    public const string ModerateSelfEvaluation = nameof(ModerateSelfEvaluation);
    /// Create improvement actions: heads (for their schools, a resource check) and the trust's administrators.
    public const string CreateActions = nameof(CreateActions);
    /// Add to the trust's risk register: the trust's administrators.
    public const string ManageRisks = nameof(ManageRisks);
    /// Write the trust's own self-review against the Trust Quality Descriptions: the trust's administrators.
    public const string ManageTrustReview = nameof(ManageTrustReview);
    /// The service operator's pages: the trusts on the installation (never a trust's own pages: no trust claim).
    public const string OperateService = nameof(OperateService);

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        options.AddPolicy(ReadTrust, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.All));
        options.AddPolicy(ManageUsers, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin));
        options.AddPolicy(ManageContent, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin));
        options.AddPolicy(ViewAudit, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin));
        options.AddPolicy(ManageSchools, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin));
        options.AddPolicy(UpdateSchoolProgress, p => p.RequireAuthenticatedUser().RequireRole(Roles.Headteacher));
        options.AddPolicy(ManageProgressReturns, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin));
        options.AddPolicy(CommentAsTrustee, p => p.RequireAuthenticatedUser().RequireRole(Roles.Trustee));
        options.AddPolicy(ManagePlans, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin));
        options.AddPolicy(ReviewPlan, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.Trustee, Roles.TrustAdmin));
        options.AddPolicy(PreparePack, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin));
        options.AddPolicy(OperateService, p => p.RequireAuthenticatedUser().RequireRole(Roles.ServiceOperator));
        options.AddPolicy(ReadSelfEvaluation, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.Trustee, Roles.TrustAdmin, Roles.Headteacher));
        options.AddPolicy(ModerateSelfEvaluation, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin));
        options.AddPolicy(CreateActions, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin, Roles.Headteacher));
        options.AddPolicy(ManageRisks, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin));
        options.AddPolicy(ReadBoardDecisions, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.Trustee, Roles.TrustAdmin, Roles.Headteacher));
        options.AddPolicy(ManageTrustReview, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.TrustAdmin));
        options.AddPolicy(TakePartInChallenges, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.TrustId).RequireRole(Roles.Trustee, Roles.TrustAdmin, Roles.Headteacher));
    }

    /// The trust the person belongs to; none while an authenticator enrolment is still owed, so a session that has
    /// done only the password step is a visitor everywhere (no staff-only content) until MFA is complete.
    public static int? TrustId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.HasClaim(c => c.Type == PortalClaims.MfaEnrolmentRequired))
        {
            return null;
        }
        return int.TryParse(user.FindFirstValue(PortalClaims.TrustId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// The trust whose staff-only content the person may read (Domain.Audiences): a signed-in person's own trust;
    /// null for a visitor.
    public static int? MemberOf(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true ? user.TrustId() : null;
    }

    public static string? UserId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.NameIdentifier);
    }
}

/// Operations on a trust as a resource: a user acts only within their own trust.
public static class TrustOperations
{
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };
    public static readonly OperationAuthorizationRequirement Manage = new() { Name = nameof(Manage) };
    /// The trust's leaders: its trustees and administrators (the board's side of a challenge).
    public static readonly OperationAuthorizationRequirement Lead = new() { Name = nameof(Lead) };
}

/// Operations on a school as a resource: a headteacher acts only on their own school(s).
public static class SchoolOperations
{
    public static readonly OperationAuthorizationRequirement UpdateProgress = new() { Name = nameof(UpdateProgress) };
    /// Take part in the challenges about the school: the trust's leaders, and heads linked to the school.
    public static readonly OperationAuthorizationRequirement Discuss = new() { Name = nameof(Discuss) };

    /// The operation of this name, for an attribute (attributes take constants): <c>nameof(SchoolOperations.Discuss)</c>.
    public static OperationAuthorizationRequirement Named(string name) => name switch
    {
        nameof(UpdateProgress) => UpdateProgress,
        nameof(Discuss) => Discuss,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No school operation has this name."),
    };
}

/// The trust a resource belongs to; pages and handlers pass the loaded trust's id.
public sealed record TrustResource(int TrustId);

/// The school a resource check is about.
public sealed record SchoolResource(int SchoolId, int TrustId);

public sealed class TrustAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, TrustResource>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, TrustResource resource)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(resource);
        var sameTrust = context.User.TrustId() == resource.TrustId;
        var allowed = requirement.Name switch
        {
            nameof(TrustOperations.Read) => sameTrust && Roles.All.Any(context.User.IsInRole),
            nameof(TrustOperations.Manage) => sameTrust && context.User.IsInRole(Roles.TrustAdmin),
            nameof(TrustOperations.Lead) => sameTrust && (context.User.IsInRole(Roles.Trustee) || context.User.IsInRole(Roles.TrustAdmin)),
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// A headteacher may act only on the schools they are linked to (one query on the link table); the trust's leaders
/// may discuss any of their trust's schools.
public sealed class SchoolAuthorizationHandler(TrustPortalDbContext db) : AuthorizationHandler<OperationAuthorizationRequirement, SchoolResource>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, SchoolResource resource)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(resource);
        if (context.User.TrustId() != resource.TrustId
            || requirement.Name is not (nameof(SchoolOperations.UpdateProgress) or nameof(SchoolOperations.Discuss)))
        {
            return;
        }
        if (requirement.Name == nameof(SchoolOperations.Discuss) && (context.User.IsInRole(Roles.Trustee) || context.User.IsInRole(Roles.TrustAdmin)))
        {
            context.Succeed(requirement);
            return;
        }
        if (!context.User.IsInRole(Roles.Headteacher))
        {
            return;
        }
        var userId = context.User.UserId();
        if (await db.UserSchools.AnyAsync(l => l.UserId == userId && l.SchoolId == resource.SchoolId))
        {
            context.Succeed(requirement);
        }
    }
}

public static class TrustBrandAuthorization
{
    public static TrustResource AsResource(this TrustBrand trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        return new TrustResource(trust.Id);
    }

    public static SchoolResource AsResource(this School school)
    {
        ArgumentNullException.ThrowIfNull(school);
        return new SchoolResource(school.Id, school.TrustId);
    }
}
