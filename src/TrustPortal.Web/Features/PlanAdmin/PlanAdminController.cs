using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.PlanAdmin;

/// Trust administrators write their own trust's strategic plans: details, horizons, themes, aims and success criteria,
/// publishing and archiving. Every form posts the plan's version; a change from an older version is refused and the
/// other administrator's version is shown beside the kept input (ADR 0030).
[Authorize(Policy = Policies.ManagePlans)]
[Route("admin/plans")]
public sealed class PlanAdminController(TrustPortalDbContext db, TimeProvider clock) : Controller
{
    internal const string ConflictMessage = "Another administrator changed this plan while you were editing. Their version is shown below and your changes are kept in the form: check them and save again.";
    internal const string ConflictButtonMessage = "Another administrator changed this plan since you opened the page, so nothing was changed. The page now shows their version: try again if you still need to.";

    private bool _conflict;

    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManagePlans policy requires a trust.");

    private string ActorName => User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "An administrator";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(new PlanListViewModel(await ListAsync(ct)));

    [HttpGet("new")]
    public async Task<IActionResult> Create(CancellationToken ct) => View(new CreatePlanViewModel(new CreatePlanForm(), await ListAsync(ct)));

    [HttpPost("new")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] CreatePlanForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (ModelState.IsValid && await db.StrategicPlans.AnyAsync(p => p.TrustId == TrustId && p.Slug == form.Slug, ct))
        {
            ModelState.AddModelError("Form.Slug", "Your trust already has a plan at this web address. Choose another, like 2028-2031");
        }
        StrategicPlan? source = null;
        if (ModelState.IsValid && !string.IsNullOrEmpty(form.CopyFrom))
        {
            source = await LoadAsync(form.CopyFrom, ct);
            if (source is null)
            {
                ModelState.AddModelError("Form.CopyFrom", "Choose a plan of your trust to copy, or start from a blank plan");
            }
        }
        if (ModelState.IsValid)
        {
            try
            {
                var plan = source is null
                    ? new StrategicPlan(TrustId, form.Slug!, form.Title!, Years.Parse(form.StartYear), Years.Parse(form.EndYear))
                    : source.CopyAsNewDraft(form.Slug!, form.Title!, Years.Parse(form.StartYear), Years.Parse(form.EndYear));
                db.StrategicPlans.Add(plan);
                await db.SaveChangesAsync(ct);
                TempData["Success"] = source is null ? $"{plan.Title} created as a draft" : $"{plan.Title} created as a draft copy of {source.Title}";
                return Redirect($"/admin/plans/{plan.Slug}");
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError(e.Field switch { nameof(StrategicPlan.StartYear) => "Form.StartYear", nameof(StrategicPlan.EndYear) => "Form.EndYear", _ => "Form.Title" }, e.Message);
            }
        }
        return View(new CreatePlanViewModel(form, await ListAsync(ct)));
    }

    [HttpGet("{planSlug}")]
    public async Task<IActionResult> Edit(string planSlug, CancellationToken ct)
    {
        var plan = await db.StrategicPlans.AsNoTracking()
            .Where(p => p.TrustId == TrustId && p.Slug == planSlug)
            .Select(p => new EditorPlan(p.Id, p.Slug, p.Title, p.StartYear, p.EndYear, p.Status, p.Introduction, p.Version,
                p.Horizons.OrderBy(h => h.Position).Select(h => new EditorHorizon(h.Id, h.Name)).ToList(),
                p.Themes.OrderBy(t => t.Position).Select(t => new EditorTheme(t.Id, t.Title,
                    t.Aims.OrderBy(a => a.IsRetired).ThenBy(a => a.Position).Select(a => new EditorAim(a.Id, a.Number, a.Title, a.Statement, a.HorizonId, a.IsRetired,
                        a.FrameworkTags.OrderBy(x => x.Code).Select(x => x.Code).ToList(),
                        a.Criteria.OrderBy(c => c.IsRetired).ThenBy(c => c.Position)
                            .Select(c => new EditorCriterion(c.Id, c.Text, c.MeasurableTarget, c.TargetDate, c.IsRetired, c.Revisions.Count)).ToList())).ToList())).ToList()))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        if (plan is null)
        {
            return NotFound();
        }
        var updates = await (
                from u in db.ProgressUpdates
                join c in db.SuccessCriteria on u.SuccessCriterionId equals c.Id
                join a in db.StrategicAims on c.StrategicAimId equals a.Id
                join t in db.PlanThemes on a.PlanThemeId equals t.Id
                where t.StrategicPlanId == plan.Id
                group u by u.SuccessCriterionId into g
                select new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var cycles = await db.ReviewCycles.CountAsync(c => c.StrategicPlanId == plan.Id, ct);
        return View(new PlanEditorViewModel(plan, updates, cycles));
    }

    [HttpGet("{planSlug}/details")]
    public async Task<IActionResult> Details(string planSlug, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        return plan is null ? NotFound() : View(new PlanFormViewModel<PlanDetailsForm>(Header(plan), DetailsFormFrom(plan)));
    }

    [HttpPost("{planSlug}/details")]
    public async Task<IActionResult> Details(string planSlug, [Bind(Prefix = "Form")] PlanDetailsForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await LoadAsync(planSlug, ct);
        if (plan is null)
        {
            return NotFound();
        }
        if (ModelState.IsValid)
        {
            var published = await PublishedPeriodsAsync(plan.Id, ct);
            if (Apply(plan, form.Version, "Form.Title", () => plan.EditDetails(form.Title!, Years.Parse(form.StartYear), Years.Parse(form.EndYear), form.Introduction, published))
                && await SaveAsync(plan, form.Version, ct))
            {
                return Saved(planSlug, "Plan details saved");
            }
        }
        if (_conflict)
        {
            plan = await ReloadAsync(planSlug, ct);
            if (plan is null)
            {
                return NotFound();
            }
            form.Version = plan.Version;
            TakeNewVersion();
        }
        return View(new PlanFormViewModel<PlanDetailsForm>(Header(plan), form, null, _conflict ? DetailsFormFrom(plan) : null));
    }

    [HttpGet("{planSlug}/horizons/new")]
    public Task<IActionResult> AddHorizon(string planSlug, CancellationToken ct) =>
        FormPageAsync(planSlug, plan => View("Horizon", new PlanFormViewModel<HorizonForm>(Header(plan), new HorizonForm { Version = plan.Version })), ct);

    [HttpPost("{planSlug}/horizons/new")]
    public Task<IActionResult> AddHorizon(string planSlug, [Bind(Prefix = "Form")] HorizonForm form, CancellationToken ct) =>
        SimpleFormAsync(planSlug, form.Version, "Form.Name",
            plan => plan.AddHorizon(form.Name!), "Horizon added",
            plan => View("Horizon", new PlanFormViewModel<HorizonForm>(Header(plan), WithVersion(form, plan), null, _conflict ? "(other version)" : null)), ct);

    [HttpGet("{planSlug}/horizons/{id:int}")]
    public async Task<IActionResult> Horizon(string planSlug, int id, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        var horizon = plan?.Horizons.FirstOrDefault(h => h.Id == id);
        return horizon is null ? NotFound() : View("Horizon", new PlanFormViewModel<HorizonForm>(Header(plan!), new HorizonForm { Name = horizon.Name, Version = plan!.Version }, id));
    }

    [HttpPost("{planSlug}/horizons/{id:int}")]
    public Task<IActionResult> Horizon(string planSlug, int id, [Bind(Prefix = "Form")] HorizonForm form, CancellationToken ct) =>
        SimpleFormAsync(planSlug, form.Version, "Form.Name",
            plan => plan.RenameHorizon(Find(plan.Horizons, h => h.Id == id, "horizon"), form.Name!), "Horizon renamed",
            plan => View("Horizon", new PlanFormViewModel<HorizonForm>(Header(plan), WithVersion(form, plan), id,
                _conflict ? plan.Horizons.FirstOrDefault(h => h.Id == id)?.Name ?? "(removed)" : null)), ct);

    [HttpPost("{planSlug}/horizons/{id:int}/remove")]
    public Task<IActionResult> RemoveHorizon(string planSlug, int id, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form.Version, plan =>
        {
            var horizon = Find(plan.Horizons, h => h.Id == id, "horizon");
            plan.RemoveHorizon(horizon);
            return Task.FromResult($"Horizon \u201c{horizon.Name}\u201d removed");
        }, "", ct);

    [HttpGet("{planSlug}/themes/new")]
    public Task<IActionResult> AddTheme(string planSlug, CancellationToken ct) =>
        FormPageAsync(planSlug, plan => View("Theme", new PlanFormViewModel<ThemeForm>(Header(plan), new ThemeForm { Version = plan.Version })), ct);

    [HttpPost("{planSlug}/themes/new")]
    public Task<IActionResult> AddTheme(string planSlug, [Bind(Prefix = "Form")] ThemeForm form, CancellationToken ct) =>
        SimpleFormAsync(planSlug, form.Version, "Form.Title",
            plan => plan.AddTheme(form.Title), "Theme added",
            plan => View("Theme", new PlanFormViewModel<ThemeForm>(Header(plan), WithVersion(form, plan), null, _conflict ? "(other version)" : null)), ct);

    [HttpGet("{planSlug}/themes/{id:int}")]
    public async Task<IActionResult> Theme(string planSlug, int id, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        var theme = plan?.Themes.FirstOrDefault(t => t.Id == id);
        return theme is null ? NotFound() : View("Theme", new PlanFormViewModel<ThemeForm>(Header(plan!), new ThemeForm { Title = theme.Title, Version = plan!.Version }, id));
    }

    [HttpPost("{planSlug}/themes/{id:int}")]
    public Task<IActionResult> Theme(string planSlug, int id, [Bind(Prefix = "Form")] ThemeForm form, CancellationToken ct) =>
        SimpleFormAsync(planSlug, form.Version, "Form.Title",
            plan => plan.RenameTheme(Find(plan.Themes, t => t.Id == id, "theme"), form.Title), "Theme renamed",
            plan => View("Theme", new PlanFormViewModel<ThemeForm>(Header(plan), WithVersion(form, plan), id,
                _conflict ? plan.Themes.FirstOrDefault(t => t.Id == id) is { } t ? t.Title ?? "(untitled)" : "(removed)" : null)), ct);

    [HttpPost("{planSlug}/themes/{id:int}/remove")]
    public Task<IActionResult> RemoveTheme(string planSlug, int id, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form.Version, plan =>
        {
            var theme = Find(plan.Themes, t => t.Id == id, "theme");
            plan.RemoveTheme(theme);
            return Task.FromResult($"Theme \u201c{theme.Title ?? "(untitled)"}\u201d removed");
        }, "", ct);

    [HttpGet("{planSlug}/aims/new")]
    public async Task<IActionResult> AddAim(string planSlug, [FromQuery] int? themeId, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        if (plan is null)
        {
            return NotFound();
        }
        var form = new AimForm
        {
            Number = ((plan.CurrentAims.Select(a => a.Number).DefaultIfEmpty(0).Max() % 99) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ThemeId = themeId ?? plan.Themes.OrderBy(t => t.Position).FirstOrDefault()?.Id,
            Version = plan.Version,
        };
        return View("Aim", AimView(plan, form, null, null));
    }

    [HttpPost("{planSlug}/aims/new")]
    public async Task<IActionResult> AddAim(string planSlug, [Bind(Prefix = "Form")] AimForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await LoadAsync(planSlug, ct);
        if (plan is null)
        {
            return NotFound();
        }
        var theme = plan.Themes.FirstOrDefault(t => t.Id == form.ThemeId);
        var horizon = plan.Horizons.FirstOrDefault(h => h.Id == form.HorizonId);
        CheckChoices(form, theme, horizon);
        if (ModelState.IsValid
            && Apply(plan, form.Version, "Form.Number", () =>
            {
                var aim = plan.AddAim(theme!, Years.Parse(form.Number) ?? 0, form.Title!, form.Statement, horizon);
                aim.SetTags(form.Tags);
            })
            && await SaveAsync(plan, form.Version, ct))
        {
            return Saved(planSlug, $"Aim {form.Number!.Trim()} added");
        }
        return await AimFailedAsync(planSlug, plan, form, null, ct);
    }

    [HttpGet("{planSlug}/aims/{id:int}")]
    public async Task<IActionResult> Aim(string planSlug, int id, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        var aim = plan?.Aims.FirstOrDefault(a => a.Id == id);
        if (aim is null)
        {
            return NotFound();
        }
        return View("Aim", AimView(plan!, AimFormFrom(plan!, aim), id, null));
    }

    [HttpPost("{planSlug}/aims/{id:int}")]
    public async Task<IActionResult> Aim(string planSlug, int id, [Bind(Prefix = "Form")] AimForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await LoadAsync(planSlug, ct);
        var aim = plan?.Aims.FirstOrDefault(a => a.Id == id);
        if (aim is null)
        {
            return NotFound();
        }
        var theme = plan!.Themes.FirstOrDefault(t => t.Id == form.ThemeId);
        var horizon = plan.Horizons.FirstOrDefault(h => h.Id == form.HorizonId);
        CheckChoices(form, theme, horizon);
        if (ModelState.IsValid
            && Apply(plan, form.Version, "Form.Number", () =>
            {
                plan.EditAim(aim, Years.Parse(form.Number) ?? 0, form.Title!, form.Statement, horizon, form.Tags);
                plan.MoveAimToTheme(aim, theme!);
            })
            && await SaveAsync(plan, form.Version, ct))
        {
            return Saved(planSlug, $"Aim {aim.Number} saved");
        }
        return await AimFailedAsync(planSlug, plan, form, id, ct);
    }

    [HttpGet("{planSlug}/aims/{id:int}/remove")]
    public async Task<IActionResult> RemoveAim(string planSlug, int id, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        var aim = plan?.CurrentAims.FirstOrDefault(a => a.Id == id);
        if (aim is null)
        {
            return NotFound();
        }
        var retires = plan!.Status != PlanStatus.Draft || await AnyProgressAsync(aim.Criteria.Select(c => c.Id), ct);
        return View("Confirm", new ConfirmViewModel(Header(plan), $"Remove aim {aim.Number}: {aim.Title}?",
            retires
                ? "The aim and its success criteria will be retired: hidden from the plan and from new returns, and kept with the progress schools recorded against them."
                : "The aim and its success criteria will be deleted. Nothing has been recorded against them.",
            $"/admin/plans/{planSlug}/aims/{id}/remove", retires ? "Retire aim" : "Delete aim", Warning: true));
    }

    [HttpPost("{planSlug}/aims/{id:int}/remove")]
    public Task<IActionResult> RemoveAim(string planSlug, int id, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form.Version, async plan =>
        {
            var aim = Find(plan.CurrentAims, a => a.Id == id, "aim");
            var ids = aim.Criteria.Select(c => c.Id).ToList();
            var withProgress = (await db.ProgressUpdates.Where(u => ids.Contains(u.SuccessCriterionId)).Select(u => u.SuccessCriterionId).Distinct().ToListAsync(ct)).ToHashSet();
            return plan.RemoveAim(aim, withProgress) == Removal.Retired
                ? $"Aim {aim.Number} retired: its recorded progress is kept"
                : $"Aim {aim.Number} deleted";
        }, "", ct);

    [HttpPost("{planSlug}/renumber")]
    public Task<IActionResult> Renumber(string planSlug, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form.Version, plan =>
        {
            plan.RenumberAims();
            return Task.FromResult("Aims renumbered 1, 2, 3\u2026 in the order they appear");
        }, "", ct);

    [HttpPost("{planSlug}/move")]
    public Task<IActionResult> Move(string planSlug, MoveForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return Task.FromResult<IActionResult>(BadRequest());
        }
        var offset = form.Direction == "up" ? -1 : 1;
        return ButtonAsync(planSlug, form.Version, plan =>
        {
            switch (form.Kind)
            {
                case "horizon":
                    plan.MoveHorizon(Find(plan.Horizons, h => h.Id == form.Id, "horizon"), offset);
                    break;
                case "theme":
                    plan.MoveTheme(Find(plan.Themes, t => t.Id == form.Id, "theme"), offset);
                    break;
                case "aim":
                    plan.MoveAim(Find(plan.CurrentAims, a => a.Id == form.Id, "aim"), offset);
                    break;
                default:
                    plan.MoveCriterion(Find(plan.CurrentAims.SelectMany(a => a.CurrentCriteria), c => c.Id == form.Id, "success criterion"), offset);
                    break;
            }
            return Task.FromResult($"Moved {form.Direction}");
        }, $"#{form.Kind}-{form.Id}", ct);
    }

    [HttpGet("{planSlug}/aims/{aimId:int}/criteria/new")]
    public async Task<IActionResult> AddCriterion(string planSlug, int aimId, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        var aim = plan?.CurrentAims.FirstOrDefault(a => a.Id == aimId);
        return aim is null ? NotFound() : View("Criterion", new CriterionFormViewModel(Header(plan!), new CriterionForm { Version = plan!.Version }, aimId, aim.Title, null, null, []));
    }

    [HttpPost("{planSlug}/aims/{aimId:int}/criteria/new")]
    public async Task<IActionResult> AddCriterion(string planSlug, int aimId, [Bind(Prefix = "Form")] CriterionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await LoadAsync(planSlug, ct);
        var aim = plan?.CurrentAims.FirstOrDefault(a => a.Id == aimId);
        if (aim is null)
        {
            return NotFound();
        }
        var date = form.TargetDate.Read(ModelState, "Form.TargetDate", "The target date", required: false);
        if (ModelState.IsValid
            && Apply(plan!, form.Version, "Form.Text", () => plan!.AddCriterion(aim, form.Text!, form.MeasurableTarget, date))
            && await SaveAsync(plan!, form.Version, ct))
        {
            return Saved(planSlug, $"Success criterion added to aim {aim.Number}", $"#aim-{aimId}");
        }
        if (_conflict)
        {
            plan = await ReloadAsync(planSlug, ct);
            if (plan is null)
            {
                return NotFound();
            }
            form.Version = plan.Version;
            TakeNewVersion();
        }
        return View("Criterion", new CriterionFormViewModel(Header(plan!), form, aimId, aim.Title, null, null, []));
    }

    [HttpGet("{planSlug}/criteria/{id:int}")]
    public async Task<IActionResult> Criterion(string planSlug, int id, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        var (aim, criterion) = FindCriterion(plan, id);
        if (criterion is null)
        {
            return NotFound();
        }
        var form = new CriterionForm { Text = criterion.Text, MeasurableTarget = criterion.MeasurableTarget, TargetDate = Infrastructure.DateParts.From(criterion.TargetDate), Version = plan!.Version };
        return View("Criterion", new CriterionFormViewModel(Header(plan), form, aim!.Id, aim.Title, id, null, await HistoryAsync(id, ct)));
    }

    [HttpPost("{planSlug}/criteria/{id:int}")]
    public async Task<IActionResult> Criterion(string planSlug, int id, [Bind(Prefix = "Form")] CriterionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await LoadAsync(planSlug, ct);
        var (aim, criterion) = FindCriterion(plan, id);
        if (criterion is null)
        {
            return NotFound();
        }
        var date = form.TargetDate.Read(ModelState, "Form.TargetDate", "The target date", required: false);
        if (ModelState.IsValid
            && Apply(plan!, form.Version, "Form.Text", () => plan!.EditCriterion(criterion, form.Text!, form.MeasurableTarget, date, ActorName, clock.GetUtcNow()))
            && await SaveAsync(plan!, form.Version, ct))
        {
            return Saved(planSlug, "Success criterion saved; progress recorded against it stays with it", $"#aim-{aim!.Id}");
        }
        CriterionSnapshot? current = null;
        if (_conflict)
        {
            plan = await ReloadAsync(planSlug, ct);
            (aim, criterion) = FindCriterion(plan, id);
            if (criterion is null)
            {
                return NotFound();
            }
            current = new CriterionSnapshot(criterion.Text, criterion.MeasurableTarget, criterion.TargetDate);
            form.Version = plan!.Version;
            TakeNewVersion();
        }
        return View("Criterion", new CriterionFormViewModel(Header(plan!), form, aim!.Id, aim.Title, id, current, await HistoryAsync(id, ct)));
    }

    [HttpGet("{planSlug}/criteria/{id:int}/remove")]
    public async Task<IActionResult> RemoveCriterion(string planSlug, int id, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        var (_, criterion) = FindCriterion(plan, id);
        if (criterion is null || criterion.IsRetired)
        {
            return NotFound();
        }
        var updates = await db.ProgressUpdates.CountAsync(u => u.SuccessCriterionId == id, ct);
        var retires = plan!.Status != PlanStatus.Draft || updates > 0;
        return View("Confirm", new ConfirmViewModel(Header(plan), "Remove this success criterion?",
            retires
                ? $"It will be retired: hidden from the plan and from new returns, and kept with the {updates} progress {(updates == 1 ? "update" : "updates")} schools recorded against it."
                : "It will be deleted. Nothing has been recorded against it.",
            $"/admin/plans/{planSlug}/criteria/{id}/remove", retires ? "Retire criterion" : "Delete criterion", Warning: true, criterion.Text));
    }

    [HttpPost("{planSlug}/criteria/{id:int}/remove")]
    public Task<IActionResult> RemoveCriterion(string planSlug, int id, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form.Version, async plan =>
        {
            var criterion = Find(plan.Aims.SelectMany(a => a.Criteria).Where(c => !c.IsRetired), c => c.Id == id, "success criterion");
            var hasProgress = await db.ProgressUpdates.AnyAsync(u => u.SuccessCriterionId == id, ct);
            return plan.RemoveCriterion(criterion, hasProgress) == Removal.Retired
                ? "Success criterion retired: its recorded progress is kept"
                : "Success criterion deleted";
        }, "", ct);

    [HttpGet("{planSlug}/publish")]
    public Task<IActionResult> Publish(string planSlug, CancellationToken ct) =>
        FormPageAsync(planSlug, plan => View("Confirm", PublishConfirm(plan)), ct);

    [HttpPost("{planSlug}/publish")]
    public async Task<IActionResult> Publish(string planSlug, VersionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await LoadAsync(planSlug, ct);
        if (plan is null)
        {
            return NotFound();
        }
        var published = await PublishedPeriodsAsync(plan.Id, ct);
        if (Apply(plan, form.Version, "", () => plan.Publish(published)) && await SaveAsync(plan, form.Version, ct))
        {
            return Saved(planSlug, $"{plan.Title} is published: staff and the public can read it, and its review cycles can be opened");
        }
        if (_conflict)
        {
            plan = await ReloadAsync(planSlug, ct);
            if (plan is null)
            {
                return NotFound();
            }
        }
        return View("Confirm", PublishConfirm(plan));
    }

    [HttpGet("{planSlug}/archive")]
    public Task<IActionResult> Archive(string planSlug, CancellationToken ct) =>
        FormPageAsync(planSlug, plan => View("Confirm", ArchiveConfirm(plan)), ct);

    [HttpPost("{planSlug}/archive")]
    public async Task<IActionResult> Archive(string planSlug, VersionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await LoadAsync(planSlug, ct);
        if (plan is null)
        {
            return NotFound();
        }
        var open = await db.ReviewCycles.Where(c => c.StrategicPlanId == plan.Id && c.State == CycleState.Open).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (Apply(plan, form.Version, "", () =>
            {
                if (open is not null)
                {
                    throw new DomainRuleException($"{open} is open. Close it before archiving the plan, so that schools' returns are complete.");
                }
                plan.Archive();
            })
            && await SaveAsync(plan, form.Version, ct))
        {
            return Saved(planSlug, $"{plan.Title} is archived and read-only");
        }
        if (_conflict)
        {
            plan = await ReloadAsync(planSlug, ct);
            if (plan is null)
            {
                return NotFound();
            }
        }
        return View("Confirm", ArchiveConfirm(plan));
    }

    private static ConfirmViewModel PublishConfirm(StrategicPlan plan) => new(Header(plan), $"Publish {plan.Title}?",
        "Staff and the public will be able to read the plan, and you can open its review cycles. You can still edit it: removing a success criterion then retires it, so progress recorded against it is kept.",
        $"/admin/plans/{plan.Slug}/publish", "Publish plan", Warning: false);

    private static ConfirmViewModel ArchiveConfirm(StrategicPlan plan) => new(Header(plan), $"Archive {plan.Title}?",
        "The plan becomes read-only. Published plans stay readable as the trust's history. To change it later, create a new plan as a copy of it.",
        $"/admin/plans/{plan.Slug}/archive", "Archive plan", Warning: true);

    private async Task<IActionResult> FormPageAsync(string planSlug, Func<StrategicPlan, IActionResult> view, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        return plan is null ? NotFound() : view(plan);
    }

    /// A one-field form: apply the change, save, redirect; or show the form again with the input and any conflict.
    private async Task<IActionResult> SimpleFormAsync(string planSlug, Guid version, string field,
        Action<StrategicPlan> change, string success, Func<StrategicPlan, IActionResult> view, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        if (plan is null)
        {
            return NotFound();
        }
        if (ModelState.IsValid && Apply(plan, version, field, () => change(plan)) && await SaveAsync(plan, version, ct))
        {
            return Saved(planSlug, success);
        }
        if (_conflict)
        {
            plan = await ReloadAsync(planSlug, ct);
            if (plan is null)
            {
                return NotFound();
            }
            TakeNewVersion();
        }
        return view(plan);
    }

    /// A button that changes the plan (move, remove, renumber): the outcome or the problem goes back to the editor as a banner.
    private async Task<IActionResult> ButtonAsync(string planSlug, Guid version, Func<StrategicPlan, Task<string>> change, string anchor, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        if (plan is null)
        {
            return NotFound();
        }
        if (plan.Version != version)
        {
            TempData["Problem"] = ConflictButtonMessage;
            return Redirect($"/admin/plans/{planSlug}");
        }
        try
        {
            var message = await change(plan);
            if (await SaveAsync(plan, version, ct))
            {
                TempData["Success"] = message;
            }
            else
            {
                TempData["Problem"] = ConflictButtonMessage;
            }
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = e.Message;
        }
        return Redirect($"/admin/plans/{planSlug}{anchor}");
    }

    /// Runs a domain change unless the person saw an older version; a broken rule becomes a message on the field.
    private bool Apply(StrategicPlan plan, Guid seen, string field, Action change)
    {
        if (plan.Version != seen)
        {
            _conflict = true;
            ModelState.AddModelError("", ConflictMessage);
            return false;
        }
        try
        {
            change();
            return true;
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(field, e.Message);
            return false;
        }
    }

    /// Saves with the plan's version as the concurrency check: any change anywhere in the plan gives it a new version,
    /// so two administrators editing different parts of one plan still see each other's changes.
    private async Task<bool> SaveAsync(StrategicPlan plan, Guid seen, CancellationToken ct)
    {
        db.Entry(plan).Property(p => p.Version).OriginalValue = seen;
        plan.NewVersion();
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            _conflict = true;
            ModelState.AddModelError("", ConflictMessage);
            return false;
        }
    }

    private RedirectResult Saved(string planSlug, string message, string anchor = "")
    {
        TempData["Success"] = message;
        return Redirect($"/admin/plans/{planSlug}{anchor}");
    }

    private async Task<StrategicPlan?> ReloadAsync(string planSlug, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await LoadAsync(planSlug, ct);
    }

    /// After a conflict the form carries the other version's token, so saving again is a deliberate overwrite.
    private void TakeNewVersion() => ModelState.Remove("Form.Version");

    private TForm WithVersion<TForm>(TForm form, StrategicPlan plan)
    {
        if (_conflict)
        {
            switch (form)
            {
                case HorizonForm h:
                    h.Version = plan.Version;
                    break;
                case ThemeForm t:
                    t.Version = plan.Version;
                    break;
            }
        }
        return form;
    }

    /// The whole plan, tracked, for a change: one query per collection whatever the plan's size.
    private Task<StrategicPlan?> LoadAsync(string planSlug, CancellationToken ct) =>
        db.StrategicPlans
            .Where(p => p.TrustId == TrustId && p.Slug == planSlug)
            .Include(p => p.Horizons)
            .Include(p => p.Frameworks)
            .Include(p => p.Themes).ThenInclude(t => t.Aims).ThenInclude(a => a.Criteria)
            .Include(p => p.Themes).ThenInclude(t => t.Aims).ThenInclude(a => a.FrameworkTags)
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);

    private Task<List<PlanListRow>> ListAsync(CancellationToken ct) =>
        db.StrategicPlans.AsNoTracking().Where(p => p.TrustId == TrustId)
            .OrderBy(p => p.Status).ThenByDescending(p => p.StartYear).ThenBy(p => p.Title)
            .Select(p => new PlanListRow(p.Slug, p.Title, p.StartYear, p.EndYear, p.Status, p.Themes.SelectMany(t => t.Aims).Count(a => !a.IsRetired)))
            .ToListAsync(ct);

    private Task<List<PlanPeriod>> PublishedPeriodsAsync(int planId, CancellationToken ct) =>
        db.StrategicPlans.AsNoTracking().Where(p => p.TrustId == TrustId && p.Status == PlanStatus.Published && p.Id != planId)
            .Select(p => new PlanPeriod(p.Slug, p.Title, p.StartYear, p.EndYear)).ToListAsync(ct);

    private Task<bool> AnyProgressAsync(IEnumerable<int> criterionIds, CancellationToken ct)
    {
        var ids = criterionIds.ToList();
        return db.ProgressUpdates.AnyAsync(u => ids.Contains(u.SuccessCriterionId), ct);
    }

    private async Task<List<CriterionRevisionRow>> HistoryAsync(int criterionId, CancellationToken ct)
    {
        var rows = await db.CriterionRevisions.AsNoTracking().Where(r => r.SuccessCriterionId == criterionId)
            .Select(r => new CriterionRevisionRow(r.Text, r.MeasurableTarget, r.TargetDate, r.ReplacedBy, r.ReplacedAt))
            .ToListAsync(ct);
        // Sorted here: SQLite cannot order by a DateTimeOffset column.
        return rows.OrderByDescending(r => r.ReplacedAt).ToList();
    }

    private static (StrategicAim? Aim, SuccessCriterion? Criterion) FindCriterion(StrategicPlan? plan, int id)
    {
        var aim = plan?.Aims.FirstOrDefault(a => a.Criteria.Any(c => c.Id == id));
        return (aim, aim?.Criteria.First(c => c.Id == id));
    }

    private static T Find<T>(IEnumerable<T> items, Func<T, bool> match, string what) =>
        items.FirstOrDefault(match) ?? throw new DomainRuleException($"That {what} is no longer in the plan: another administrator may have removed it.");

    private void CheckChoices(AimForm form, PlanTheme? theme, PlanHorizon? horizon)
    {
        if (form.ThemeId is not null && theme is null)
        {
            ModelState.AddModelError("Form.ThemeId", "Choose one of the plan's themes");
        }
        if (form.HorizonId is not null && horizon is null)
        {
            ModelState.AddModelError("Form.HorizonId", "Choose one of the plan's horizons, or none");
        }
        if (form.Tags.Exists(t => FrameworkCatalogue.FindArea(t) is null))
        {
            ModelState.AddModelError("Form.Tags", "Choose framework areas from the list");
        }
    }

    private async Task<IActionResult> AimFailedAsync(string planSlug, StrategicPlan plan, AimForm form, int? aimId, CancellationToken ct)
    {
        AimSnapshot? current = null;
        if (_conflict)
        {
            var fresh = await ReloadAsync(planSlug, ct);
            if (fresh is null)
            {
                return NotFound();
            }
            plan = fresh;
            var aim = aimId is null ? null : plan.Aims.FirstOrDefault(a => a.Id == aimId);
            current = aim is null
                ? new AimSnapshot(0, "(this aim is not in the other version)", null, null, null, [])
                : new AimSnapshot(aim.Number, aim.Title, aim.Statement, plan.Themes.First(t => t.Aims.Contains(aim)).Title,
                    aim.Horizon?.Name, aim.FrameworkTags.Select(t => t.Code).ToList());
            form.Version = plan.Version;
            TakeNewVersion();
        }
        return View("Aim", AimView(plan, form, aimId, current));
    }

    private static AimFormViewModel AimView(StrategicPlan plan, AimForm form, int? aimId, AimSnapshot? current) => new(Header(plan), form, aimId,
        plan.Themes.OrderBy(t => t.Position).Select(t => new EditorTheme(t.Id, t.Title, [])).ToList(),
        plan.Horizons.OrderBy(h => h.Position).Select(h => new EditorHorizon(h.Id, h.Name)).ToList(),
        current);

    private static AimForm AimFormFrom(StrategicPlan plan, StrategicAim aim) => new()
    {
        Number = aim.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Title = aim.Title,
        Statement = aim.Statement,
        ThemeId = plan.Themes.First(t => t.Aims.Contains(aim)).Id,
        HorizonId = aim.HorizonId,
        Tags = aim.FrameworkTags.Select(t => t.Code).ToList(),
        Version = plan.Version,
    };

    private static PlanDetailsForm DetailsFormFrom(StrategicPlan plan) => new()
    {
        Title = plan.Title,
        StartYear = plan.StartYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        EndYear = plan.EndYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Introduction = plan.Introduction,
        Version = plan.Version,
    };

    private static PlanHeader Header(StrategicPlan plan) => new(plan.Slug, plan.Title, plan.Status, plan.Version);
}
