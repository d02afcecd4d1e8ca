using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.SetUp;

public sealed class PasteDocumentForm
{
    [StringLength(Limits.LongText, ErrorMessage = "The document must be 100,000 characters or fewer: paste it in parts")]
    public string? Text { get; set; }

    /// The role of each line as the administrator left it; empty when the text is new (the portal proposes afresh).
    public List<string> Roles { get; set; } = [];

    /// "accept" saves what the proposal shows; anything else shows the proposal again with the roles as chosen.
    public string? Decision { get; set; }

    [StringLength(Limits.Heading, ErrorMessage = "The plan's title must be 300 characters or fewer")]
    public string? PlanTitle { get; set; }

    [Range(2000, 2100, ErrorMessage = "The first year must be a year such as 2025")]
    public int? StartYear { get; set; }

    [Range(2000, 2100, ErrorMessage = "The last year must be a year such as 2028")]
    public int? EndYear { get; set; }
}

public sealed record SetUpTask(string Name, string Href, string Hint, bool Done);

public sealed record SetUpViewModel(string TrustName, string TrustSlug, bool BeingSetUp, IReadOnlyList<SetUpTask> Tasks);

/// <param name="Role">The role the line has now; <paramref name="Proposed"/> the one the portal proposed.</param>
public sealed record ProposalLine(int Index, SourceLine Line, string Role, string Proposed);

public sealed record StatementProposalViewModel(PasteDocumentForm Form, IReadOnlyList<ProposalLine> Lines, StatementDocument? Result)
{
    public int Corrections => Lines.Count(l => l.Role != l.Proposed);
}

public sealed record PlanProposalViewModel(PasteDocumentForm Form, IReadOnlyList<ProposalLine> Lines, ProposedPlan? Result)
{
    public int Corrections => Lines.Count(l => l.Role != l.Proposed);
}

/// The first administrator's guided set-up of a new, empty trust (ADR 0152): a task list of the steps, each a link to
/// the page that does it (existing admin pages where they exist), the trust's documents pasted and proposed as
/// structure beside the source, and "publish" at the end. /admin sends the administrator here until it is published.
[Authorize(Policy = Policies.ManageContent)]
[Route("admin/set-up")]
public sealed class SetUpController(TrustPortalDbContext db, FormWrites writes) : Controller
{
    private const int MaxWordBytes = 5 * 1024 * 1024;

    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManageContent policy requires a trust.");

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var trustId = TrustId;
        var t = await db.Trusts.AsNoTracking().Where(t => t.Id == trustId).Select(t => new
        {
            t.Name,
            t.Slug,
            t.IsBeingSetUp,
            t.GiasGroupUid,
            Branded = t.LogoKey != null || t.BrandColour != Trust.DefaultBrandColour || t.Strapline != null,
            Documents = t.Sections.Any() || t.Introduction != null || t.Vision != null,
            Schools = db.Schools.Any(s => s.TrustId == t.Id),
            Plan = db.StrategicPlans.Where(p => p.TrustId == t.Id).OrderBy(p => p.Id).Select(p => p.Slug).FirstOrDefault(),
            Cycles = db.ReviewCycles.Any(c => db.StrategicPlans.Any(p => p.Id == c.StrategicPlanId && p.TrustId == t.Id)),
            People = db.Users.Count(u => u.TrustId == t.Id) > 1,
        }).SingleAsync(ct);
        return View(new SetUpViewModel(t.Name, t.Slug, t.IsBeingSetUp,
        [
            new("Name and branding", "/admin/branding", "Your logo, your colour (checked for contrast) and a strapline", t.Branded),
            new("Vision, values and what the trust stands for", "/admin/set-up/documents", "Paste your own document, or upload it as a Word file: the portal proposes its sections for you to check", t.Documents),
            new("Schools", "/admin/schools/import", t.GiasGroupUid is null ? "Import them from Get Information about Schools (GIAS)" : $"Import them from Get Information about Schools by your group UID, {t.GiasGroupUid}", t.Schools),
            new("Strategic plan", "/admin/set-up/plan", "Paste your plan: the portal proposes its themes, aims, success criteria and horizons for you to check", t.Plan is not null),
            new("First review cycle", t.Plan is null ? "/admin/plans" : $"/admin/plans/{t.Plan}/cycles", "When schools report progress on the plan: publish the plan, then add its first cycle", t.Cycles),
            new("People", "/admin/users/invite", "Invite your trustees, headteachers and staff", t.People),
        ]));
    }

    /// The trust published: the admin overview becomes the administrator's landing page. A button: a problem is the
    /// banner on the overview.
    [HttpPost("publish")]
    public Task<IActionResult> Publish(CancellationToken ct) =>
        writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Id == TrustId, c),
            Check = (trust, _) =>
            {
                if (!trust.IsBeingSetUp)
                {
                    ModelState.AddModelError("", $"{trust.Name} is already published: there is nothing more to publish. Change anything from the admin pages.");
                }
                return Task.CompletedTask;
            },
            Change = (trust, _) =>
            {
                trust.CompleteSetUp();
                return FormWrites.Done($"{trust.Name} is published: its people see its home page at /{trust.Slug}. You can change anything from the admin pages.");
            },
            // Another administrator's save of the trust a moment ago overwrote nothing this button saw: publish again.
            RetryClashes = true,
            Done = _ => "/admin",
        }, ct);

    [HttpGet("documents")]
    public IActionResult Documents() => View(new StatementProposalViewModel(new PasteDocumentForm(), [], null));

    [HttpPost("documents")]
    [RequestSizeLimit(MaxWordBytes + 200_000)]
    public async Task<IActionResult> Documents([Bind(Prefix = "Form")] PasteDocumentForm form, IFormFile? document, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var lines = await LinesAsync(form, document, "Paste the text of your document, or choose a Word file", ct);
        if (!ModelState.IsValid)
        {
            return View(new StatementProposalViewModel(form, [], null));
        }
        var proposed = StatementProposer.Propose(lines);
        var roles = RolesFrom(form.Roles, proposed);
        var result = StatementProposer.Build(lines, roles);
        var view = new StatementProposalViewModel(form, Rows(lines, roles, proposed), result);
        if (form.Decision != "accept")
        {
            return View(view);
        }
        return await writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.Include(t => t.Sections).SingleOrDefaultAsync(t => t.Id == TrustId, c),
            Change = (trust, _) =>
            {
                StatementProposer.ApplyTo(trust, result);
                return FormWrites.Done($"Your document is on your vision and values page: {result.Sections.Count} sections, in your words and your order.");
            },
            // The document replaces the trust's sections whatever they were: another save of the trust meanwhile is
            // no conflict with what the administrator saw, so the change is made again on it.
            RetryClashes = true,
            Done = _ => "/admin/set-up",
            Form = (_, _) => View(view),
        }, ct);
    }

    [HttpGet("plan")]
    public IActionResult Plan() => View(new PlanProposalViewModel(new PasteDocumentForm(), [], null));

    [HttpPost("plan")]
    [RequestSizeLimit(MaxWordBytes + 200_000)]
    public async Task<IActionResult> Plan([Bind(Prefix = "Form")] PasteDocumentForm form, IFormFile? document, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var lines = await LinesAsync(form, document, "Paste the text of your plan, or choose a Word file", ct);
        if (!ModelState.IsValid)
        {
            return View(new PlanProposalViewModel(form, [], null));
        }
        var proposed = PlanProposer.Propose(lines);
        var roles = RolesFrom(form.Roles, proposed);
        var result = PlanProposer.Build(lines, roles);
        if (form.Roles.Count == 0)
        {
            // First proposal: the title and years come from the document, for the administrator to check.
            form.PlanTitle = result.Title;
            form.StartYear = result.StartYear;
            form.EndYear = result.EndYear;
        }
        var view = new PlanProposalViewModel(form, Rows(lines, roles, proposed), result);
        return form.Decision == "accept" ? await SavePlanAsync(form, result, view, ct) : View(view);
    }

    /// The proposed plan saved as a draft under the title and years the administrator checked: a new plan of the
    /// trust, under the first free address made from its years or title.
    private Task<IActionResult> SavePlanAsync(PasteDocumentForm form, ProposedPlan result, PlanProposalViewModel view, CancellationToken ct) =>
        writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Id == TrustId, c),
            Check = (_, _) =>
            {
                if (string.IsNullOrWhiteSpace(form.PlanTitle))
                {
                    ModelState.AddModelError("Form." + nameof(form.PlanTitle), "Enter the plan's title");
                }
                return Task.CompletedTask;
            },
            Change = async (trust, c) =>
            {
                var plan = new StrategicPlan(trust.Id, await FreePlanSlugAsync(trust.Id, form, c), form.PlanTitle!.Trim(), form.StartYear, form.EndYear);
                PlanProposer.ApplyTo(plan, result);
                db.StrategicPlans.Add(plan);
                return $"Your plan is saved as a draft, \"{form.PlanTitle!.Trim()}\": {result.AimCount} aims and {result.CriterionCount} success criteria. Check it and publish it from Plans and cycles.";
            },
            FieldOf = field => PlanField(field) is { } input ? "Form." + input : "",
            // Another administrator's plan took the same address a moment ago: made again, under the next free one.
            RetryClashes = true,
            Done = _ => "/admin/set-up",
            Form = (_, _) => View(view),
        }, ct);

    private static string? PlanField(string? field) => field switch
    {
        nameof(StrategicPlan.Title) => nameof(PasteDocumentForm.PlanTitle),
        nameof(StrategicPlan.StartYear) => nameof(PasteDocumentForm.StartYear),
        nameof(StrategicPlan.EndYear) => nameof(PasteDocumentForm.EndYear),
        _ => null,
    };

    /// The pasted text, or the Word file's, as lines; a problem in ModelState when there is nothing to propose from.
    private async Task<IReadOnlyList<SourceLine>> LinesAsync(PasteDocumentForm form, IFormFile? document, string nothing, CancellationToken ct)
    {
        if (await ReadWordAsync(form, document, ct) is { } problem)
        {
            ModelState.AddModelError(nameof(document), problem);
        }
        var lines = DocumentLines.Read(form.Text);
        if (ModelState.IsValid && lines.Count == 0)
        {
            ModelState.AddModelError("Form." + nameof(form.Text), nothing);
        }
        return lines;
    }

    private async Task<string> FreePlanSlugAsync(int trustId, PasteDocumentForm form, CancellationToken ct)
    {
        var wanted = form.StartYear is { } s && form.EndYear is { } e ? $"{s}-{e}" : Slugs.From(form.PlanTitle!);
        var baseSlug = Slugs.IsValid(wanted) ? wanted : "plan";
        var taken = await db.StrategicPlans.Where(p => p.TrustId == trustId && p.Slug.StartsWith(baseSlug)).Select(p => p.Slug).ToListAsync(ct);
        var slug = baseSlug;
        for (var n = 2; taken.Contains(slug); n++)
        {
            slug = $"{baseSlug}-{n}";
        }
        return slug;
    }

    /// The roles as posted when they fit the lines (one each, each a known role), else the portal's proposal.
    private static TRole[] RolesFrom<TRole>(List<string> posted, IReadOnlyList<TRole> proposed) where TRole : struct, Enum =>
        posted.Count == proposed.Count && posted.All(p => Enum.TryParse<TRole>(p, out var r) && Enum.IsDefined(r))
            ? posted.Select(Enum.Parse<TRole>).ToArray()
            : proposed.ToArray();

    private static List<ProposalLine> Rows<TRole>(IReadOnlyList<SourceLine> lines, IReadOnlyList<TRole> roles, IReadOnlyList<TRole> proposed) where TRole : struct, Enum =>
        lines.Select((l, i) => new ProposalLine(i, l, roles[i].ToString(), proposed[i].ToString())).ToList();

    /// A Word file, when one was chosen, replaces the pasted text; returns a problem to show, or null.
    private static async Task<string?> ReadWordAsync(PasteDocumentForm form, IFormFile? document, CancellationToken ct)
    {
        if (document is null || document.Length == 0)
        {
            return null;
        }
        if (!document.FileName.EndsWith(".docx", StringComparison.OrdinalIgnoreCase))
        {
            return "The file must be a Word document (.docx). For another kind of file, copy its text and paste it";
        }
        if (document.Length > MaxWordBytes)
        {
            return "The Word file must be smaller than 5 MB. Paste its text instead";
        }
        var text = await WordText.ReadAsync(document, ct);
        if (text is null)
        {
            return "The portal could not read this Word file. Open it in Word, copy its text and paste it";
        }
        form.Text = text;
        form.Roles.Clear();
        return null;
    }
}
