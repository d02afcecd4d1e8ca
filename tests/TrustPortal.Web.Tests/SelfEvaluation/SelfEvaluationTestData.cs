using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;

namespace TrustPortal.Web.Tests.SelfEvaluation;

/// Forms of the self-evaluation pages as a browser sends them, and the rows the tests read back.
public static class SelfEvaluationTestData
{
    public const string Kestrel = ProgressTestData.Kestrel;

    /// The seven areas of a primary school (the six core areas and early years), as URL slugs.
    public static readonly string[] PrimaryAreas =
        ["inclusion", "curriculum-and-teaching", "achievement", "attendance-and-behaviour", "personal-development-and-well-being", "leadership-and-governance", "early-years"];

    public static Dictionary<string, string> Judgement(string version, string grade = "StrongStandard", string reasons = "Pupils achieve well across the curriculum") => new()
    {
        ["Form.Version"] = version,
        ["Form.Grade"] = grade,
        ["Form.Reasons"] = reasons,
        ["Form.Evidence"] = "Internal assessment, book looks",
        ["Form.WhatWouldMoveItUp"] = "Consistent practice in every class",
    };

    /// The version on the page's form (the hidden input), as the browser would post it back.
    public static async Task<string> VersionOnAsync(this HttpClient client, string url, string field = "Form.Version")
    {
        var page = await client.GetDocumentAsync(url);
        return page.QuerySelector($"input[name='{field}']")?.GetAttribute("value") ?? throw new Xunit.Sdk.XunitException($"No {field} on {url}");
    }

    /// Judges every area of the school through the form (the first with a PDF) and submits with safeguarding met.
    public static async Task JudgeAllAndSubmitAsync(this HttpClient head, int urn, string grade = "StrongStandard")
    {
        var first = true;
        foreach (var area in PrimaryAreas)
        {
            var url = $"/{Kestrel}/self-evaluation/{urn}/{area}";
            var fields = Judgement(await head.VersionOnAsync(url), grade);
            using var response = first
                ? await head.PostWithFileAsync(url, fields, EvidenceTestData.Pdf(), "Attendance analysis.pdf")
                : await head.PostFormAsync(url, fields);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            first = false;
        }
        var school = $"/{Kestrel}/self-evaluation/{urn}";
        using var submit = await head.PostFormAsync($"{school}/submit", new Dictionary<string, string>
        {
            ["Form.Version"] = await head.VersionOnAsync(school),
            ["Form.Safeguarding"] = "Met",
        }, school);
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
    }

    public static async Task<SchoolSelfEvaluation?> SelfEvaluationAsync(this PortalFactory factory, int schoolId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().SelfEvaluations.AsNoTracking()
            .Include(e => e.Areas).Include(e => e.Revisions).Include(e => e.Files).AsSplitQuery()
            .SingleOrDefaultAsync(e => e.SchoolId == schoolId);
    }

    /// A report card for the school, straight into the database.
    public static async Task AddReportCardAsync(this PortalFactory factory, int schoolId, ReportCardGrade grade)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var school = await db.Schools.SingleAsync(s => s.Id == schoolId);
        school.RecordReportCard(new DateOnly(2026, 1, 20), InspectionAreas.Core.ToDictionary(a => a, _ => grade), safeguardingMet: true);
        await db.SaveChangesAsync();
    }
}
