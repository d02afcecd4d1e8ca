using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Board;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Challenges;

/// The challenge log: trustees ask, heads of the school (or trust administrators) answer, the thread is kept.
/// Trustees and administrators see every challenge of their trust; a head sees only those about their schools.
[TrustMembersOnly]
[Authorize(Policy = Policies.TakePartInChallenges)]
[Route("{trustSlug:trust}/challenges")]
public sealed class ChallengesController(TrustPortalDbContext db, ChallengeNotifier notifier, IAuthorizationService authz, FormWrites writes, TimeProvider clock)
    : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, CancellationToken ct)
    {
        var query = db.Challenges.AsNoTracking().Where(c => c.TrustId == trust.Id);
        if (IsHeadOnly)
        {
            var userId = User.UserId();
            query = query.Where(c => c.SchoolId != null && db.UserSchools.Any(l => l.UserId == userId && l.SchoolId == c.SchoolId));
        }
        var rows = await query
            .OrderBy(c => c.Status == ChallengeStatus.Resolved ? 1 : 0).ThenByDescending(c => c.RaisedAt)
            .Select(c => new ChallengeRow(c.Id, c.SchoolId, db.Schools.Where(s => s.Id == c.SchoolId).Select(s => s.Name).FirstOrDefault(),
                db.StrategicAims.Where(a => a.Id == c.StrategicAimId).Select(a => (int?)a.Number).FirstOrDefault(),
                c.Question, c.RaisedByName, c.RaisedAt, c.Status, c.Messages.Count))
            .ToListAsync(ct);
        return View(new ChallengeListViewModel(trust, rows, IsBoard));
    }

    [Authorize(Policy = Policies.ReviewPlan)]
    [HttpGet("new")]
    public async Task<IActionResult> New(TrustBrand trust, int? school, int? aim, int? update, CancellationToken ct) =>
        View(await NewModelAsync(trust, new RaiseChallengeForm { SchoolUrn = school, AimNumber = aim, UpdateId = update }, ct));

    [Authorize(Policy = Policies.ReviewPlan)]
    [HttpPost("new")]
    public Task<IActionResult> New(TrustBrand trust, [Bind(Prefix = "Form")] RaiseChallengeForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var about = new ChallengeSubject();
        Challenge? raised = null;
        return writes.RunAsync(this, new FormWrite<RaiseChallengeViewModel>
        {
            Load = async c => await NewModelAsync(trust, form, c),
            Check = (model, c) => CheckSubjectAsync(model, form, about, c),
            Change = (_, _) =>
            {
                raised = new Challenge(trust.Id, about.SchoolId, about.AimId, about.UpdateId, User.UserId()!, DisplayName, form.Question!, clock.GetUtcNow());
                db.Challenges.Add(raised);
                return FormWrites.Done("Challenge raised.");
            },
            AfterSave = async (_, c) => await NotifiedAsync(raised!, trust, ChallengeSide.Board, c) ? "Challenge raised. The school's leaders have been told by e-mail." : null,
            FieldOf = _ => "Form.Question",
            Done = _ => $"/{trust.Slug}/challenges/{raised!.Id}",
            Form = (model, _) => View(model),
        }, ct);
    }

    [HttpGet("{id:int}")]
    public Task<IActionResult> Show(TrustBrand trust, int id, CancellationToken ct) =>
        OnChallengeAsync(trust, id, async challenge => View(await ShowModelAsync(trust, challenge, new ReplyToChallengeForm(), ct)), ct);

    [HttpPost("{id:int}/messages")]
    public Task<IActionResult> Reply(TrustBrand trust, int id, [Bind(Prefix = "Form")] ReplyToChallengeForm form, CancellationToken ct) =>
        OnChallengeAsync(trust, id, challenge =>
        {
            ArgumentNullException.ThrowIfNull(form);
            var side = SideOf(challenge);
            if (side == ChallengeSide.School && !User.IsInRole(Roles.Headteacher) && !User.IsInRole(Roles.TrustAdmin))
            {
                return Task.FromResult<IActionResult>(Forbid());
            }
            return writes.RunAsync(this, new FormWrite<Challenge>
            {
                Load = _ => Task.FromResult<Challenge?>(challenge),
                Change = (c, _) =>
                {
                    c.AddMessage(side, User.UserId()!, DisplayName, form.Body!, clock.GetUtcNow());
                    return FormWrites.Done(side == ChallengeSide.School ? "Answer posted." : "Follow-up posted.");
                },
                AfterSave = async (c, t) => await NotifiedAsync(c, trust, side, t)
                    ? side == ChallengeSide.School ? "Answer posted. The trustee who raised the challenge has been told." : "Follow-up posted. The school's leaders have been told."
                    : null,
                FieldOf = _ => "Form.Body",
                Done = _ => $"/{trust.Slug}/challenges/{id}",
                FormAsync = async (c, _) => View("Show", await ShowModelAsync(trust, c, form, ct)),
            }, ct);
        }, ct);

    [Authorize(Policy = Policies.ReviewPlan)]
    [HttpPost("{id:int}/resolve")]
    public Task<IActionResult> Resolve(TrustBrand trust, int id, CancellationToken ct) =>
        ChangeStateAsync(trust, id, c => c.Resolve(User.UserId()!, DisplayName, MayResolveAny, clock.GetUtcNow()), "Challenge marked resolved.", ct);

    [Authorize(Policy = Policies.ReviewPlan)]
    [HttpPost("{id:int}/reopen")]
    public Task<IActionResult> Reopen(TrustBrand trust, int id, CancellationToken ct) =>
        ChangeStateAsync(trust, id, c => c.Reopen(User.UserId()!, MayResolveAny), "Challenge reopened.", ct);

    [HttpGet("{id:int}/messages/{messageId:int}/edit")]
    public Task<IActionResult> EditMessage(TrustBrand trust, int id, int messageId, CancellationToken ct) =>
        OnOwnMessageAsync(trust, id, messageId, (challenge, message) => Task.FromResult<IActionResult>(
            View(new EditMessageViewModel(trust, challenge.Id, messageId, new EditChallengeMessageForm { Body = message.Body }))), ct);

    [HttpPost("{id:int}/messages/{messageId:int}/edit")]
    public Task<IActionResult> EditMessage(TrustBrand trust, int id, int messageId, [Bind(Prefix = "Form")] EditChallengeMessageForm form, CancellationToken ct) =>
        OnOwnMessageAsync(trust, id, messageId, (challenge, _) => writes.RunAsync(this, new FormWrite<Challenge>
        {
            Load = _ => Task.FromResult<Challenge?>(challenge),
            Change = (c, _) =>
            {
                c.EditMessage(messageId, User.UserId()!, form.Body!, clock.GetUtcNow());
                return FormWrites.Done("Message changed.");
            },
            FieldOf = _ => "Form.Body",
            Done = _ => $"/{trust.Slug}/challenges/{id}",
            Form = (c, _) => View(new EditMessageViewModel(trust, c.Id, messageId, form)),
        }, ct), ct);

    private const string NotSent = "The e-mail notification could not be sent. The challenge is saved and listed on the challenges page; let the people concerned know another way.";

    private bool IsBoard => User.IsInRole(Roles.Trustee) || User.IsInRole(Roles.TrustAdmin);

    private bool IsHeadOnly => !IsBoard;

    private bool MayResolveAny => IsBoard;

    private string DisplayName => User.FindFirst(PortalClaims.DisplayName)?.Value is { Length: > 0 } n ? n : User.Identity?.Name ?? "Unknown";

    private string BaseUrl => $"{Request.Scheme}://{Request.Host}";

    /// The raiser and other trustees follow up for the board; heads of the school and administrators answer for the school.
    private ChallengeSide SideOf(Challenge challenge) =>
        challenge.RaisedById == User.UserId() || User.IsInRole(Roles.Trustee) ? ChallengeSide.Board : ChallengeSide.School;

    private Task<IActionResult> ChangeStateAsync(TrustBrand trust, int id, Action<Challenge> change, string success, CancellationToken ct) =>
        OnChallengeAsync(trust, id, challenge => writes.RunAsync(this, new FormWrite<Challenge>
        {
            Load = _ => Task.FromResult<Challenge?>(challenge),
            Change = (c, _) =>
            {
                change(c);
                return FormWrites.Done(success);
            },
            Done = _ => $"/{trust.Slug}/challenges/{id}",
        }, ct), ct);

    private async Task<bool> NotifiedAsync(Challenge challenge, TrustBrand trust, ChallengeSide side, CancellationToken ct)
    {
        if (await notifier.NotifyAsync(challenge, trust.Slug, side, BaseUrl, ct))
        {
            return true;
        }
        TempData["Problem"] = NotSent;
        return false;
    }

    /// The challenge, to read or change, when the person may follow it: the trust's leaders any of the trust's; a head
    /// only those about a school of theirs (SchoolOperations.Discuss). 404 when it is not the trust's, 403 when not theirs.
    private async Task<IActionResult> OnChallengeAsync(TrustBrand trust, int id, Func<Challenge, Task<IActionResult>> page, CancellationToken ct)
    {
        var challenge = await db.Challenges.Include(c => c.Messages).SingleOrDefaultAsync(c => c.Id == id && c.TrustId == trust.Id, ct);
        if (challenge is null)
        {
            return NotFound();
        }
        var access = challenge.SchoolId is { } schoolId
            ? await authz.AuthorizeAsync(User, new SchoolResource(schoolId, trust.Id), SchoolOperations.Discuss)
            : await authz.AuthorizeAsync(User, trust.AsResource(), TrustOperations.Lead);
        return access.Succeeded ? await page(challenge) : Forbid();
    }

    /// A message of the challenge that the person wrote themselves (only its author may change it).
    private Task<IActionResult> OnOwnMessageAsync(TrustBrand trust, int id, int messageId, Func<Challenge, ChallengeMessage, Task<IActionResult>> page, CancellationToken ct) =>
        OnChallengeAsync(trust, id, async challenge => challenge.Messages.FirstOrDefault(m => m.Id == messageId) is not { } message ? NotFound()
            : message.AuthorId != User.UserId() ? Forbid()
            : await page(challenge, message), ct);

    /// Which school, aim and update a new challenge is about, each checked to be the trust's.
    private async Task CheckSubjectAsync(RaiseChallengeViewModel model, RaiseChallengeForm form, ChallengeSubject about, CancellationToken ct)
    {
        about.SchoolId = form.SchoolUrn is null ? null : model.Schools.FirstOrDefault(s => s.Urn == form.SchoolUrn)?.Id;
        about.AimId = form.AimNumber is null ? null : model.Aims.FirstOrDefault(a => a.Number == form.AimNumber)?.Id;
        if (form.SchoolUrn is not null && about.SchoolId is null)
        {
            ModelState.AddModelError("Form.SchoolUrn", "Choose one of the trust's schools.");
        }
        if (form.AimNumber is not null && about.AimId is null)
        {
            ModelState.AddModelError("Form.AimNumber", "Choose one of the plan's aims.");
        }
        if (form.SchoolUrn is null && form.AimNumber is null)
        {
            ModelState.AddModelError("Form.SchoolUrn", "Choose the school or the aim (or both) the challenge is about.");
        }
        if (form.UpdateId is { } u)
        {
            about.UpdateId = await db.ProgressUpdates.Where(p => p.Id == u && p.SchoolId == about.SchoolId).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
            if (about.UpdateId is null)
            {
                ModelState.AddModelError("Form.SchoolUrn", "The update challenged is not one of this school's updates.");
            }
        }
    }

    private sealed class ChallengeSubject
    {
        public int? SchoolId { get; set; }
        public int? AimId { get; set; }
        public int? UpdateId { get; set; }
    }

    private async Task<RaiseChallengeViewModel> NewModelAsync(TrustBrand trust, RaiseChallengeForm form, CancellationToken ct)
    {
        var schools = await db.Schools.AsNoTracking().Where(s => s.TrustId == trust.Id && !s.IsArchived).OrderBy(s => s.Name)
            .Select(s => new SchoolInfo(s.Id, s.Urn, s.Name, s.Phase)).ToListAsync(ct);
        var aims = await (from a in db.StrategicAims.AsNoTracking()
                          join t in db.PlanThemes on a.PlanThemeId equals t.Id
                          join p in db.StrategicPlans on t.StrategicPlanId equals p.Id
                          where p.TrustId == trust.Id && p.Status != Domain.Plans.PlanStatus.Archived
                          orderby a.Number
                          select new AimInfo(a.Id, t.Id, a.Position, a.Number, a.Title)).ToListAsync(ct);
        string? update = null;
        if (form.UpdateId is { } u)
        {
            update = await (from p in db.ProgressUpdates.AsNoTracking()
                            join c in db.SuccessCriteria on p.SuccessCriterionId equals c.Id
                            join r in db.ReviewCycles on p.ReviewCycleId equals r.Id
                            join s in db.Schools on p.SchoolId equals s.Id
                            where p.Id == u && s.TrustId == trust.Id
                            select r.Name + ": " + c.Text).FirstOrDefaultAsync(ct);
        }
        return new RaiseChallengeViewModel(trust, form, schools, aims, update);
    }

    private async Task<ChallengeViewModel> ShowModelAsync(TrustBrand trust, Challenge challenge, ReplyToChallengeForm form, CancellationToken ct)
    {
        var school = challenge.SchoolId is null ? null
            : await db.Schools.AsNoTracking().Where(s => s.Id == challenge.SchoolId).Select(s => new SchoolInfo(s.Id, s.Urn, s.Name, s.Phase)).FirstOrDefaultAsync(ct);
        var aim = challenge.StrategicAimId is null ? null
            : await db.StrategicAims.AsNoTracking().Where(a => a.Id == challenge.StrategicAimId).Select(a => new AimInfo(a.Id, a.PlanThemeId, a.Position, a.Number, a.Title)).FirstOrDefaultAsync(ct);
        UpdateSummary? update = null;
        if (challenge.ProgressUpdateId is { } updateId)
        {
            update = await (from p in db.ProgressUpdates.AsNoTracking()
                            join c in db.SuccessCriteria on p.SuccessCriterionId equals c.Id
                            join r in db.ReviewCycles on p.ReviewCycleId equals r.Id
                            where p.Id == updateId
                            select new UpdateSummary(c.Id, c.Text, r.Name, p.Entry.Status)).FirstOrDefaultAsync(ct);
        }
        var userId = User.UserId()!;
        var now = clock.GetUtcNow();
        var messages = challenge.Messages.OrderBy(m => m.At).ThenBy(m => m.Id)
            .Select(m => new MessageView(m.Id, m.Side, m.AuthorName, m.Body, m.At, m.EditedAt,
                m.AuthorId == userId && challenge.Status != ChallengeStatus.Resolved && m.CanBeEditedAt(now))).ToList();
        var side = SideOf(challenge);
        var mayReply = challenge.Status != ChallengeStatus.Resolved
            && (side == ChallengeSide.Board || User.IsInRole(Roles.Headteacher) || User.IsInRole(Roles.TrustAdmin));
        return new ChallengeViewModel(trust, challenge.Id, challenge.Question, challenge.RaisedByName, challenge.RaisedAt, challenge.Status,
            challenge.ResolvedAt, challenge.ResolvedBy, school, aim, update, messages, form, mayReply, side,
            IsBoard && (MayResolveAny || challenge.RaisedById == userId), TempData["Problem"] as string);
    }
}

