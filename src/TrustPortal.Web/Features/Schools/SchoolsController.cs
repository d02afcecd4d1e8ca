using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Schools;

[AllowAnonymous]
[OutputCache(PolicyName = PublicPageCache.PolicyName)]
[Route("{trustSlug:trust}/schools")]
public sealed class SchoolsController(TrustPortalDbContext db, TrustPageCache reads) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, CancellationToken ct)
    {
        // The same for everyone: nothing on a school page depends on who is reading.
        var model = await reads.GetOrLoadAsync("schools", trust.Slug, null, c => LoadListAsync(trust, c), ct);
        return model is null ? NotFound() : View(model);
    }

    private async Task<SchoolListViewModel?> LoadListAsync(TrustBrand trust, CancellationToken ct)
    {
        var schools = await db.Schools.AsNoTracking()
            .Where(s => s.TrustId == trust.Id && !s.IsArchived)
            .OrderBy(s => s.Name)
            .Select(s => new SchoolRow(s.Urn, s.Name, s.Phase, s.LowAge, s.HighAge, s.Town, s.ReligiousCharacter, s.PupilsOnRoll, s.IsExample,
                s.Inspections.OrderByDescending(i => i.InspectedOn)
                    .Select(i => new LatestInspection(i.Kind, i.InspectedOn, i.OverallJudgement, i.SafeguardingMet))
                    .FirstOrDefault()))
            .ToListAsync(ct);
        return new SchoolListViewModel(trust, schools);
    }

    [HttpGet("{urn:int}")]
    public async Task<IActionResult> Show(TrustBrand trust, int urn, CancellationToken ct)
    {
        var model = await reads.GetOrLoadAsync(FormattableString.Invariant($"school:{urn}"), trust.Slug, null, c => LoadSchoolAsync(trust, urn, c), ct);
        return model is null ? NotFound() : View(model);
    }

    private async Task<SchoolViewModel?> LoadSchoolAsync(TrustBrand trust, int urn, CancellationToken ct)
    {
        var school = await db.Schools.AsNoTracking()
            .Where(s => s.TrustId == trust.Id && s.Urn == urn && !s.IsArchived)
            .Select(s => new SchoolDetails(s.Urn, s.Name, s.Phase, s.LowAge, s.HighAge, s.HasNursery, s.HasSixthForm,
                s.ReligiousCharacter, s.Diocese, s.LocalAuthority, s.Town, s.PupilsOnRoll, s.JoinedTrustOn, s.ConversionCohort,
                s.Ethos, s.IsExample,
                s.Inspections.OrderByDescending(i => i.InspectedOn)
                    .Select(i => new InspectionView(i.Kind, i.InspectedOn, i.OverallJudgement, i.SafeguardingMet,
                        i.Grades.OrderBy(g => g.Area).Select(g => new GradeView(g.Area, g.Grade)).ToList()))
                    .ToList()))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        return school is null ? null : new SchoolViewModel(trust, school);
    }
}

public sealed record LatestInspection(InspectionKind Kind, DateOnly InspectedOn, OverallJudgement? OverallJudgement, bool? SafeguardingMet);

public sealed record SchoolRow(int Urn, string Name, Phase Phase, int? LowAge, int? HighAge, string? Town, string? ReligiousCharacter,
    int? PupilsOnRoll, bool IsExample, LatestInspection? LatestInspection);

public sealed record SchoolListViewModel(TrustBrand Trust, IReadOnlyList<SchoolRow> Schools) : ITrustPage
{
    public TrustSection Section => TrustSection.Schools;
}

public sealed record GradeView(InspectionArea Area, ReportCardGrade Grade);

public sealed record InspectionView(InspectionKind Kind, DateOnly InspectedOn, OverallJudgement? OverallJudgement, bool? SafeguardingMet, List<GradeView> Grades);

public sealed record SchoolDetails(int Urn, string Name, Phase Phase, int? LowAge, int? HighAge, bool HasNursery, bool HasSixthForm,
    string? ReligiousCharacter, string? Diocese, string? LocalAuthority, string? Town, int? PupilsOnRoll, DateOnly? JoinedTrustOn,
    string? ConversionCohort, string? Ethos, bool IsExample, List<InspectionView> Inspections);

public sealed record SchoolViewModel(TrustBrand Trust, SchoolDetails School) : ITrustPage
{
    public TrustSection Section => TrustSection.Schools;
}

public static class SchoolText
{
    public static string Phase(Phase phase) => phase switch
    {
        Domain.Schools.Phase.AllThrough => "All-through",
        Domain.Schools.Phase.SixteenPlus => "16 plus",
        _ => phase.ToString(),
    };

    public static string AgeRange(int? low, int? high) => low is null || high is null ? "Not recorded" : $"{low} to {high}";

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));

    public static string Latest(LatestInspection? inspection) => inspection switch
    {
        null => "Not yet inspected",
        { Kind: InspectionKind.ReportCard } => $"Report card, {Date(inspection.InspectedOn)}",
        { OverallJudgement: { } j } => $"{InspectionAreas.Label(j)}, {Date(inspection.InspectedOn)}",
        _ => Date(inspection.InspectedOn),
    };
}
