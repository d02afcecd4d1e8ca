using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Features.Progress;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.TrustReview;

/// The trust's own self-review (ADR 0162): per academic year and pillar of the DfE Trust Quality Descriptions (and,
/// by the trust's choice, the CST assurance framework's domains) the trust's judgement, reasons and evidence, beside
/// the plan's aims tagged with the pillar, so the pillars the plan leaves uncovered show. Administrators write it;
/// trustees read it; staff and heads never see it (it is the board's working document, drafts and all).
[TrustMembersOnly]
[Authorize(Policy = Policies.ReviewPlan)]
[Route("{trustSlug:trust}/trust-review")]
public sealed class TrustReviewController(
    TrustPortalDbContext db,
    TrustReviewReader reader,
    FormWrites writes,
    EvidenceAttachments evidence,
    TimeProvider clock) : Controller
{
    public const string EvidenceFileField = "EvidenceFile";

    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, int? year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var years = await reader.YearsAsync(trust.Id, ct);
        var chosen = year is { } y && years.Contains(y) ? y : reader.CurrentYear;
        var usesCst = await reader.UsesCstAsync(trust.Id, ct);
        var (rows, isExample, planTitle) = await reader.PillarsAsync(trust.Id, chosen, usesCst, ct);
        return View(new TrustReviewViewModel(trust, chosen, years, usesCst, rows, planTitle, isExample, CanWrite));
    }

    /// The administrator's menu item: their own trust's self-review.
    [HttpGet("~/admin/trust-review")]
    [Authorize(Policy = Policies.ManageTrustReview)]
    public async Task<IActionResult> Admin(CancellationToken ct)
    {
        var trustId = User.TrustId();
        var slug = await db.Trusts.AsNoTracking().Where(t => t.Id == trustId).Select(t => t.Slug).SingleOrDefaultAsync(ct);
        return slug is null ? NotFound() : Redirect($"/{slug}/trust-review");
    }

    [HttpGet("{year:int:range(2000,2100)}/{code}")]
    public async Task<IActionResult> Pillar(TrustBrand trust, int year, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var model = await PillarModelAsync(trust, year, code, null, ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{year:int:range(2000,2100)}/{code}")]
    [Authorize(Policy = Policies.ManageTrustReview)]
    [EvidenceRequestLimit]
    public async Task<IActionResult> Judge(TrustBrand trust, int year, string code, [Bind(Prefix = "Form")] JudgePillarForm form,
        [FromForm(Name = EvidenceFileField)] IFormFile? evidenceFile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        var pillars = TrustSelfReview.PillarsFor(await reader.UsesCstAsync(trust.Id, ct));
        if (!pillars.Any(p => p.Code == code))
        {
            return NotFound();
        }
        // The page to show again is read before any write, so that it needs no query once the tracker holds the change.
        var page = await PillarModelAsync(trust, year, code, form, ct);
        var file = await evidence.CheckAsync(evidenceFile, ModelState, EvidenceFileField, ct);
        return await file.KeptIfSavedAsync(await writes.RunAsync(this, new FormWrite<TrustSelfReview>
        {
            Load = c => ReviewForWriteAsync(trust.Id, year, form, c),
            Seen = form,
            Change = async (review, c) =>
            {
                var line = review.Judge(pillars, code, form.Grade!.Value, form.Reasons, form.Evidence, User.DisplayName(), clock.GetUtcNow());
                if (file.Chosen)
                {
                    review.AddFile(pillars, code, await file.StoreAsync(User.DisplayName(), e => new TrustReviewFile(e.Key, e.Name, e.ContentType, e.Size, e.By, e.At), c));
                }
                return $"{page!.Area.Name}: the trust's judgement is saved ({PillarGrades.Label(line.Grade).ToLowerInvariant()})";
            },
            FieldOf = PillarField,
            Done = _ => $"/{trust.Slug}/trust-review?year={year}",
            Form = (review, theirs) => View(nameof(Pillar), page! with { Theirs = theirs ? review.For(code) : null }),
        }, ct));
    }

    /// The year's review to write to; a year not yet begun starts one, which the form saw as version "none yet".
    private async Task<TrustSelfReview?> ReviewForWriteAsync(int trustId, int year, JudgePillarForm form, CancellationToken ct)
    {
        var review = await reader.ForWriteAsync(trustId, year, ct);
        if (db.Entry(review).State == EntityState.Added && form.Version == Guid.Empty)
        {
            form.Version = review.Version;
        }
        return review;
    }

    private static string PillarField(string? field) => field switch
    {
        nameof(PillarJudgement.Grade) => "Form.Grade",
        nameof(PillarJudgement.Reasons) => "Form.Reasons",
        nameof(PillarJudgement.Evidence) => "Form.Evidence",
        _ => "",
    };

    /// The trust's choice to review itself against the CST assurance framework's seven domains as well.
    [HttpPost("settings")]
    [Authorize(Policy = Policies.ManageTrustReview)]
    public Task<IActionResult> Settings(TrustBrand trust, [FromForm] bool usesCst, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        return writes.RunAsync(this, new FormWrite<Domain.Trusts.Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Id == trust.Id, c),
            Change = (t, _) =>
            {
                t.UseCstAssuranceFramework(usesCst);
                return FormWrites.Done(usesCst
                    ? "The self-review now includes the seven domains of the CST assurance framework"
                    : "The self-review now covers the five Trust Quality Descriptions pillars only; judgements already made against the CST domains are kept");
            },
            Done = _ => $"/{trust.Slug}/trust-review",
        }, ct);
    }

    [HttpGet("files/{fileId:int}")]
    public async Task<IActionResult> Download(TrustBrand trust, int fileId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        return await evidence.DownloadAsync(this, await db.TrustReviewFiles.AsNoTracking()
            .Where(f => f.Id == fileId && db.TrustSelfReviews.Any(r => r.Id == f.TrustSelfReviewId && r.TrustId == trust.Id))
            .Select(f => new EvidenceDownload(f.StoredKey, f.OriginalName, f.ContentType))
            .SingleOrDefaultAsync(ct), ct);
    }

    private bool CanWrite => User.IsInRole(Accounts.Roles.TrustAdmin);

    private async Task<TrustReviewPillarViewModel?> PillarModelAsync(TrustBrand trust, int year, string code, JudgePillarForm? form, CancellationToken ct)
    {
        var usesCst = await reader.UsesCstAsync(trust.Id, ct);
        var (rows, _, planTitle) = await reader.PillarsAsync(trust.Id, year, usesCst, ct);
        var row = rows.FirstOrDefault(r => r.Area.Code == code);
        if (row is null)
        {
            return null;
        }
        var version = await db.TrustSelfReviews.AsNoTracking().Where(r => r.TrustId == trust.Id && r.StartYear == year).Select(r => (Guid?)r.Version).SingleOrDefaultAsync(ct);
        form ??= new JudgePillarForm { Grade = row.Grade, Reasons = row.Reasons, Evidence = row.Evidence, Version = version ?? Guid.Empty };
        return new TrustReviewPillarViewModel(trust, year, row, planTitle, await reader.FilesAsync(trust.Id, year, code, ct), CanWrite, form,
            evidence.MaxBytes);
    }

}

public sealed record TrustReviewViewModel(TrustBrand Trust, int Year, IReadOnlyList<int> Years, bool UsesCst, IReadOnlyList<PillarRow> Pillars,
    string? PlanTitle, bool IsExample, bool CanWrite) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;

    public string YearName => TrustSelfReview.YearName(Year);

    public IReadOnlyList<PillarRow> Uncovered => Pillars.Where(p => p.Uncovered).ToList();
}

public sealed record TrustReviewPillarViewModel(TrustBrand Trust, int Year, PillarRow Row, string? PlanTitle, IReadOnlyList<ReviewFileRow> Files,
    bool CanWrite, JudgePillarForm Form, long MaxEvidenceBytes) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;

    public FrameworkArea Area => Row.Area;

    public string YearName => TrustSelfReview.YearName(Year);

    public string Url => $"/{Trust.Slug}/trust-review/{Year}/{Area.Code}";

    /// The judgement someone else saved while this person was editing (shown beside their own after a conflict).
    public PillarJudgement? Theirs { get; init; }
}

public sealed class JudgePillarForm : IVersionedForm
{
    [Required(ErrorMessage = "Choose the trust's judgement")]
    public PillarGrade? Grade { get; set; }

    [Required(ErrorMessage = "Enter the reasons for the judgement")]
    [StringLength(TrustSelfReview.TextLimit, ErrorMessage = "The reasons must be 4,000 characters or fewer")]
    public string? Reasons { get; set; }

    [StringLength(TrustSelfReview.TextLimit, ErrorMessage = "The evidence must be 4,000 characters or fewer")]
    public string? Evidence { get; set; }

    public Guid Version { get; set; }
}
