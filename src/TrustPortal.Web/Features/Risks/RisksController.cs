using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Risks;

/// The trust's risk register (ADR 0167): the trust's and its schools' risks, a heat map of likelihood × impact with
/// its counts in a real table, and risks past their review date flagged. Trustees and administrators read it;
/// administrators add risks.
[TrustMembersOnly]
[Authorize(Policy = Policies.ReviewPlan)]
[Route("{trustSlug:trust}/risks")]
public sealed class RisksController(TrustPortalDbContext db, FormWrites writes, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var rows = RiskRows.Order(await RiskRows.Of(db, db.Risks.AsNoTracking().Where(r => r.TrustId == trust.Id)).ToListAsync(ct));
        return View(new RiskRegisterViewModel(trust, rows.Where(r => r.ClosedOn is null).ToList(), rows.Where(r => r.ClosedOn is not null).ToList(), Today,
            User.IsInRole(Accounts.Roles.TrustAdmin)));
    }

    /// The administrator's menu item: their own trust's register.
    [HttpGet("~/admin/risks")]
    [Authorize(Policy = Policies.ManageRisks)]
    public async Task<IActionResult> Admin(CancellationToken ct)
    {
        var trustId = User.TrustId();
        var slug = await db.Trusts.AsNoTracking().Where(t => t.Id == trustId).Select(t => t.Slug).SingleOrDefaultAsync(ct);
        return slug is null ? NotFound() : Redirect($"/{slug}/risks");
    }

    [HttpGet("new")]
    [Authorize(Policy = Policies.ManageRisks)]
    public async Task<IActionResult> New(TrustBrand trust, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        return View(await NewModelAsync(trust, new NewRiskForm(), ct));
    }

    [HttpPost("new")]
    [Authorize(Policy = Policies.ManageRisks)]
    public Task<IActionResult> Create(TrustBrand trust, [Bind(Prefix = "Form")] NewRiskForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        return WriteAsync(trust, form, null, c => db.Trusts.SingleOrDefaultAsync(t => t.Id == trust.Id, c), (_, schoolId, reviewOn) =>
        {
            var risk = new Risk(trust.Id, schoolId, form.Title!, form.Category!.Value, form.Owner!, form.Inherent(), form.Controls, form.Residual(), reviewOn);
            risk.LinkAims(form.LinkedAims);
            db.Risks.Add(risk);
            return "Risk added to the register";
        }, ct);
    }

    [HttpGet("{id:int}/edit")]
    [Authorize(Policy = Policies.ManageRisks)]
    public async Task<IActionResult> Edit(TrustBrand trust, int id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var risk = await db.Risks.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.TrustId == trust.Id && r.ClosedOn == null, ct);
        if (risk is null)
        {
            return NotFound();
        }
        var form = new NewRiskForm
        {
            Title = risk.Title, Category = risk.Category, Owner = risk.Owner, Likelihood = risk.Likelihood, Impact = risk.Impact, Controls = risk.Controls,
            ResidualLikelihood = risk.ResidualLikelihood, ResidualImpact = risk.ResidualImpact, ReviewOn = DateParts.From(risk.ReviewOn), LinkedAims = risk.LinkedAims,
            Version = risk.Version,
        };
        return View(nameof(New), await NewModelAsync(trust, form, ct) with { EditingId = id });
    }

    [HttpPost("{id:int}/edit")]
    [Authorize(Policy = Policies.ManageRisks)]
    public Task<IActionResult> Save(TrustBrand trust, int id, [Bind(Prefix = "Form")] NewRiskForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        return WriteAsync(trust, form, id, c => db.Risks.SingleOrDefaultAsync(r => r.Id == id && r.TrustId == trust.Id, c), (risk, _, reviewOn) =>
        {
            risk.Edit(form.Title!, form.Category!.Value, form.Owner!, form.Inherent(), form.Controls, form.Residual(), reviewOn);
            risk.LinkAims(form.LinkedAims);
            return "Risk saved";
        }, ct);
    }

    [HttpGet("{id:int}/close")]
    [Authorize(Policy = Policies.ManageRisks)]
    public async Task<IActionResult> ConfirmClose(TrustBrand trust, int id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var risk = await db.Risks.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.TrustId == trust.Id && r.ClosedOn == null, ct);
        return risk is null ? NotFound() : View("Close", new CloseRiskViewModel(trust, risk, new CloseRiskForm { Version = risk.Version }));
    }

    [HttpPost("{id:int}/close")]
    [Authorize(Policy = Policies.ManageRisks)]
    public Task<IActionResult> Close(TrustBrand trust, int id, [Bind(Prefix = "Form")] CloseRiskForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        return writes.RunAsync(this, new FormWrite<Risk>
        {
            Load = c => db.Risks.SingleOrDefaultAsync(r => r.Id == id && r.TrustId == trust.Id, c),
            Seen = form,
            Change = (risk, _) =>
            {
                risk.Close(form.Reason, User.DisplayName(), Today);
                return FormWrites.Done($"Risk closed: {risk.Title}");
            },
            FieldOf = field => field == nameof(Risk.ClosedReason) ? "Form.Reason" : "",
            Done = _ => $"/{trust.Slug}/risks",
            Form = (risk, _) => View("Close", new CloseRiskViewModel(trust, risk, form)),
        }, ct);
    }

    /// Adding a risk (to the trust, <paramref name="editingId"/> null) and editing one (version-checked) share the
    /// form, its checks, where a broken rule is shown and where to go. The change gets the chosen school's id (when
    /// adding) and the review date.
    private async Task<IActionResult> WriteAsync<TEntity>(TrustBrand trust, NewRiskForm form, int? editingId, Func<CancellationToken, Task<TEntity?>> load,
        Func<TEntity, int?, DateOnly, string> change, CancellationToken ct) where TEntity : class
    {
        var model = await NewModelAsync(trust, form, ct) with { EditingId = editingId };
        int? schoolId = null;
        DateOnly? reviewOn = null;
        return await writes.RunAsync(this, new FormWrite<TEntity>
        {
            Load = load,
            Seen = editingId is null ? null : form,
            Check = (_, _) =>
            {
                reviewOn = form.ReviewOn.Read(ModelState, "Form.ReviewOn", "The review date", required: true);
                if (editingId is null && form.School is { } urn && (schoolId = model.Schools.FirstOrDefault(s => s.Urn == urn)?.Id) is null)
                {
                    ModelState.AddModelError("Form.School", "Choose one of the trust's schools, or the trust as a whole");
                }
                return Task.CompletedTask;
            },
            Change = (entity, _) => FormWrites.Done(change(entity, schoolId, reviewOn!.Value)),
            FieldOf = field => field is null ? "" : $"Form.{field}",
            Done = _ => $"/{trust.Slug}/risks",
            Form = (entity, theirs) => View(nameof(New), model with { Theirs = theirs ? entity as Risk : null }),
        }, ct);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<NewRiskViewModel> NewModelAsync(TrustBrand trust, NewRiskForm form, CancellationToken ct) =>
        new(trust, form, await db.Schools.AsNoTracking().Where(s => s.TrustId == trust.Id && !s.IsArchived).OrderBy(s => s.Name)
            .Select(s => new RiskSchool(s.Id, s.Urn, s.Name)).ToListAsync(ct));
}

public sealed record RiskRow(int Id, string Title, RiskCategory Category, string? SchoolName, string Owner, int Likelihood, int Impact, string? Controls,
    int ResidualLikelihood, int ResidualImpact, DateOnly ReviewOn, string? LinkedAims, bool IsExample, DateOnly? ClosedOn = null, string? ClosedBy = null, string? ClosedReason = null)
{
    public int Score => Likelihood * Impact;
    public int ResidualScore => ResidualLikelihood * ResidualImpact;
}

/// The register's rows, read in one query with each risk's school name.
public static class RiskRows
{
    public static IQueryable<RiskRow> Of(TrustPortalDbContext db, IQueryable<Risk> risks)
    {
        ArgumentNullException.ThrowIfNull(db);
        return risks.Select(r => new RiskRow(r.Id, r.Title, r.Category, db.Schools.Where(s => s.Id == r.SchoolId).Select(s => s.Name).FirstOrDefault(),
            r.Owner, r.Likelihood, r.Impact, r.Controls, r.ResidualLikelihood, r.ResidualImpact, r.ReviewOn, r.LinkedAims, r.IsExample, r.ClosedOn, r.ClosedBy, r.ClosedReason));
    }

    /// Highest score first, then the soonest review (in memory: the score is a product SQL would sort just as well,
    /// but one order for every page is simpler kept here).
    public static List<RiskRow> Order(IEnumerable<RiskRow> rows) =>
        [.. rows.OrderByDescending(r => r.Score).ThenBy(r => r.ReviewOn).ThenBy(r => r.Id)];
}

public sealed record RiskRegisterViewModel(TrustBrand Trust, IReadOnlyList<RiskRow> Risks, IReadOnlyList<RiskRow> Closed, DateOnly Today, bool CanAdd) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;

    /// How many open risks sit at a likelihood and impact (before controls).
    public int Count(int likelihood, int impact) => Risks.Count(r => r.Likelihood == likelihood && r.Impact == impact);

    public int PastReview => Risks.Count(r => Today > r.ReviewOn);

    /// The band a score falls in, as the heat map colours it: low (1–4), medium (5–9), high (10–14), very high (15–25).
    public static string TagColour(int score) => score switch { >= 15 => "red", >= 10 => "orange", >= 5 => "yellow", _ => "green" };

    public static string BandLabel(int score) => score switch { >= 15 => "Very high", >= 10 => "High", >= 5 => "Medium", _ => "Low" };
}

public sealed record RiskSchool(int Id, int Urn, string Name);

/// The form to add a risk, or to edit one (<see cref="EditingId"/>).
public sealed record NewRiskViewModel(TrustBrand Trust, NewRiskForm Form, IReadOnlyList<RiskSchool> Schools) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;

    public int? EditingId { get; init; }

    /// The risk as someone else saved it while this person was editing (after a conflict).
    public Risk? Theirs { get; init; }
}

public sealed record CloseRiskViewModel(TrustBrand Trust, Risk Risk, CloseRiskForm Form) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;
}

public sealed class CloseRiskForm : IVersionedForm
{
    [Required(ErrorMessage = "Say why the risk is being closed")]
    [StringLength(Risk.ReasonLimit, ErrorMessage = "The reason must be 2,000 characters or fewer")]
    public string? Reason { get; set; }

    public Guid Version { get; set; }
}

public sealed class NewRiskForm : IVersionedForm
{
    /// The version of the risk being edited (unused when adding one).
    public Guid Version { get; set; }

    [Required(ErrorMessage = "Enter the risk")]
    [StringLength(Risk.TitleLimit, ErrorMessage = "The risk must be 300 characters or fewer")]
    public string? Title { get; set; }

    [Required(ErrorMessage = "Choose the risk's category")]
    public RiskCategory? Category { get; set; }

    /// The school's URN, or none for the trust as a whole.
    public int? School { get; set; }

    [Required(ErrorMessage = "Enter who owns the risk")]
    [StringLength(Limits.Name, ErrorMessage = "The owner must be 200 characters or fewer")]
    public string? Owner { get; set; }

    [Required(ErrorMessage = "Choose the likelihood")]
    [Range(1, 5, ErrorMessage = "Choose the likelihood")]
    public int? Likelihood { get; set; }

    [Required(ErrorMessage = "Choose the impact")]
    [Range(1, 5, ErrorMessage = "Choose the impact")]
    public int? Impact { get; set; }

    [StringLength(Risk.ControlsLimit, ErrorMessage = "The controls must be 4,000 characters or fewer")]
    public string? Controls { get; set; }

    [Required(ErrorMessage = "Choose the likelihood after controls")]
    [Range(1, 5, ErrorMessage = "Choose the likelihood after controls")]
    public int? ResidualLikelihood { get; set; }

    [Required(ErrorMessage = "Choose the impact after controls")]
    [Range(1, 5, ErrorMessage = "Choose the impact after controls")]
    public int? ResidualImpact { get; set; }

    public DateParts ReviewOn { get; set; } = new();

    [StringLength(Limits.Name, ErrorMessage = "Linked aims must be 200 characters or fewer")]
    public string? LinkedAims { get; set; }

    /// The likelihood and impact before controls (once the form is valid; a method, so model validation does not read it).
    public RiskScore Inherent() => new(Likelihood!.Value, Impact!.Value);

    /// The likelihood and impact after controls (once the form is valid; a method, so model validation does not read it).
    public RiskScore Residual() => new(ResidualLikelihood!.Value, ResidualImpact!.Value);
}
