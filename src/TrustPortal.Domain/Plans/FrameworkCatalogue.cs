namespace TrustPortal.Domain.Plans;

public sealed record Framework(string Code, string Name);

public sealed record FrameworkArea(string Code, string FrameworkCode, string Name);

/// The external frameworks trusts evaluate themselves against, and their areas.
public static class FrameworkCatalogue
{
    public static readonly IReadOnlyList<Framework> Frameworks =
    [
        new("tqd", "DfE Trust Quality Descriptions"),
        new("cst", "CST Building Strong Trusts: Assurance Framework"),
    ];

    public static readonly IReadOnlyList<FrameworkArea> Areas =
    [
        new("tqd-education", "tqd", "High-quality and inclusive education"),
        new("tqd-school-improvement", "tqd", "School improvement"),
        new("tqd-workforce", "tqd", "Workforce"),
        new("tqd-finance-operations", "tqd", "Finance and operations"),
        new("tqd-governance-leadership", "tqd", "Governance and leadership"),
        new("cst-governance", "cst", "Governance"),
        new("cst-leadership", "cst", "Leadership"),
        new("cst-education", "cst", "High quality, inclusive education"),
        new("cst-school-improvement", "cst", "School improvement"),
        new("cst-workforce", "cst", "Workforce"),
        new("cst-finance-operations", "cst", "Finance and operations"),
        new("cst-public-benefit", "cst", "Public benefit"),
    ];

    public static FrameworkArea? FindArea(string code) => Areas.FirstOrDefault(a => a.Code == code);

    public static Framework? Find(string code) => Frameworks.FirstOrDefault(f => f.Code == code);
}
