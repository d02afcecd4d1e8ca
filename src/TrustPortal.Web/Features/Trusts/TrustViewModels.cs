using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Trusts;

public sealed record PlanLink(string Slug, string Title);

/// One of the trust's single statements (introduction, vision, mission, values introduction) as the reader may
/// see it: null when it is empty or staff-only and the reader is not one of the trust's signed-in people.
public sealed record TrustStatement(string Text, bool StaffOnly)
{
    public static TrustStatement? Of(string? text, Audience audience, int trustId, int? memberOf) =>
        text is not null && Audiences.Sees(audience, trustId, memberOf) ? new TrustStatement(text, Audiences.IsStaffOnly(audience)) : null;
}

/// The trust's home page: the vision in a sentence, the values, the plan's aims at a glance, the latest CEO message;
/// for the trust's signed-in people also how the schools stand on each aim and their own schools.
public sealed record TrustOverviewViewModel(
    TrustBrand Trust,
    string? AboutTitle,
    TrustStatement? Vision,
    string? DataNotes,
    int SchoolCount,
    PlanGlance? Plan,
    int MessageCount,
    List<ValueItem> Values,
    MessageTeaser? LatestMessage) : ITrustPage
{
    public TrustSection Section => TrustSection.Home;

    /// Members only, filled per request (never cached under the public page's key).
    public TrustProgress? Progress { get; init; }

    public IReadOnlyList<MySchool> MySchools { get; init; } = [];
}

public sealed record ValueItem(string Name, string? Meaning, Audience Audience)
{
    public bool StaffOnly => Audiences.IsStaffOnly(Audience);
}

public sealed record StatementLine(string? Title, string Text);

public sealed record StatementListItem(StatementListKind Kind, string? Heading, string? Introduction, string? Closing, List<StatementLine> Items, Audience Audience)
{
    public bool StaffOnly => Audiences.IsStaffOnly(Audience);
}

public sealed record AimGroupView(string Aim, string? LeadIn, List<string> Items, Audience Audience)
{
    public bool StaffOnly => Audiences.IsStaffOnly(Audience);
}

public sealed record SectionView(string Heading, string Body, Audience Audience)
{
    public bool StaffOnly => Audiences.IsStaffOnly(Audience);
}

public sealed record AboutViewModel(
    TrustBrand Trust,
    string? AboutTitle,
    TrustStatement? Introduction,
    TrustStatement? Vision,
    TrustStatement? Mission,
    TrustStatement? ValuesIntroduction,
    List<ValueItem> Values,
    List<StatementListItem> StatementLists,
    string? AimsHeading,
    string? AimsIntroduction,
    List<AimGroupView> AimGroups,
    List<SectionView> Sections,
    string? DataNotes) : ITrustPage
{
    public TrustSection Section => TrustSection.VisionAndValues;

    public bool IsEmpty => Introduction is null && Vision is null && Mission is null && ValuesIntroduction is null && Values.Count == 0
        && StatementLists.Count == 0 && AimGroups.Count == 0 && Sections.Count == 0;

    /// A heading for a list the trust gave no heading of its own.
    public static string DefaultHeading(StatementListKind kind) => kind switch
    {
        StatementListKind.KeyPrinciples => "Key principles",
        StatementListKind.VisionStatements => "Our vision in practice",
        StatementListKind.Beliefs => "What we believe",
        StatementListKind.Role => "Our role",
        StatementListKind.Commitments => "Our commitments",
        StatementListKind.Strengths => "Our strengths",
        StatementListKind.Ethos => "Our ethos",
        _ => "More about us",
    };
}
