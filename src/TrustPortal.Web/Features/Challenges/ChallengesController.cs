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

namespace TrustPortal.Web.Features.Challenges;

/// The challenge log: trustees ask, heads of the school (or trust administrators) answer, the thread is kept.
/// Trustees and administrators see every challenge of their trust; a head sees only those about their schools.
[Authorize(Policy = Policies.TakePartInChallenges)]
[Route("{trustSlug:trust}/challenges")]
public sealed class ChallengesController(TrustPortalDbContext db, ChallengeNotifier notifier, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string trustSlug, CancellationToken ct)
    {
        var trust = await TrustAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        if (User.TrustId() != trust.Id)
        {
            return Forbid();
        }
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
    public async Task<IActionResult> New(string trustSlug, int? school, int? aim, int? update, CancellationToken ct)
    {
        var trust = await TrustAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        if (User.TrustId() != trust.Id)
        {
            return Forbid();
        }
        var form = new RaiseChallengeForm { SchoolUrn = school, AimNumber = aim, UpdateId = update };
        return View(await NewModelAsync(trust, form, ct));
    }

    [Authorize(Policy = Policies.ReviewPlan)]
    [HttpPost("new")]
    public async Task<IActionResult> New(string trustSlug, [Bind(Prefix = "Form")] RaiseChallengeForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var trust = await TrustAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        if (User.TrustId() != trust.Id)
        {
            return Forbid();
        }
        var model = await NewModelAsync(trust, form, ct);
        var schoolId = form.SchoolUrn is null ? null : model.Schools.FirstOrDefault(s => s.Urn == form.SchoolUrn)?.Id;
        var aimId = form.AimNumber is null ? null : model.Aims.FirstOrDefault(a => a.Number == form.AimNumber)?.Id;
        if (form.SchoolUrn is not null && schoolId is null)
        {
            ModelState.AddModelError("Form.SchoolUrn", "Choose one of the trust's schools.");
        }
        if (form.AimNumber is not null && aimId is null)
        {
            ModelState.AddModelError("Form.AimNumber", "Choose one of the plan's aims.");
        }
        if (form.SchoolUrn is null && form.AimNumber is null)
        {
            ModelState.AddModelError("Form.SchoolUrn", "Choose the school or the aim (or both) the challenge is about.");
        }
        int? updateId = null;
        if (form.UpdateId is { } u)
        {
            updateId = await db.ProgressUpdates.Where(p => p.Id == u && p.SchoolId == schoolId).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
            if (updateId is null)
            {
                ModelState.AddModelError("Form.SchoolUrn", "The update challenged is not one of this school's updates.");
            }
        }
        if (!ModelState.IsValid)
        {
            return View(model);
        }
        try
        {
            var challenge = new Challenge(trust.Id, schoolId, aimId, updateId, User.UserId()!, DisplayName, form.Question!, clock.GetUtcNow());
            db.Challenges.Add(challenge);
            await db.SaveChangesAsync(ct);
            if (await notifier.NotifyAsync(challenge, trust.Slug, ChallengeSide.Board, BaseUrl, ct))
            {
                TempData["Success"] = "Challenge raised. The school's leaders have been told by e-mail.";
            }
            else
            {
                TempData["Success"] = "Challenge raised.";
                TempData["Problem"] = NotSent;
            }
            return Redirect($"/{trust.Slug}/challenges/{challenge.Id}");
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("Form.Question", e.Message);
            return View(model);
        }
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(string trustSlug, int id, CancellationToken ct)
    {
        var (result, trust, challenge) = await LoadAsync(trustSlug, id, ct);
        return result ?? View(await ShowModelAsync(trust!, challenge!, new ReplyToChallengeForm(), ct));
    }

    [HttpPost("{id:int}/messages")]
    public async Task<IActionResult> Reply(string trustSlug, int id, [Bind(Prefix = "Form")] ReplyToChallengeForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (result, trust, challenge) = await LoadAsync(trustSlug, id, ct);
        if (result is not null)
        {
            return result;
        }
        var side = SideOf(challenge!);
        if (side == ChallengeSide.School && !User.IsInRole(Roles.Headteacher) && !User.IsInRole(Roles.TrustAdmin))
        {
            return Forbid();
        }
        if (ModelState.IsValid)
        {
            try
            {
                challenge!.AddMessage(side, User.UserId()!, DisplayName, form.Body!, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                if (await notifier.NotifyAsync(challenge, trust!.Slug, side, BaseUrl, ct))
                {
                    TempData["Success"] = side == ChallengeSide.School ? "Answer posted. The trustee who raised the challenge has been told." : "Follow-up posted. The school's leaders have been told.";
                }
                else
                {
                    TempData["Success"] = side == ChallengeSide.School ? "Answer posted." : "Follow-up posted.";
                    TempData["Problem"] = NotSent;
                }
                return Redirect($"/{trust.Slug}/challenges/{id}");
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError("Form.Body", e.Message);
            }
        }
        return View("Show", await ShowModelAsync(trust!, challenge!, form, ct));
    }

    [Authorize(Policy = Policies.ReviewPlan)]
    [HttpPost("{id:int}/resolve")]
    public Task<IActionResult> Resolve(string trustSlug, int id, CancellationToken ct) =>
        ChangeStateAsync(trustSlug, id, c => c.Resolve(User.UserId()!, DisplayName, MayResolveAny, clock.GetUtcNow()), "Challenge marked resolved.", ct);

    [Authorize(Policy = Policies.ReviewPlan)]
    [HttpPost("{id:int}/reopen")]
    public Task<IActionResult> Reopen(string trustSlug, int id, CancellationToken ct) =>
        ChangeStateAsync(trustSlug, id, c => c.Reopen(User.UserId()!, MayResolveAny), "Challenge reopened.", ct);

    [HttpGet("{id:int}/messages/{messageId:int}/edit")]
    public async Task<IActionResult> EditMessage(string trustSlug, int id, int messageId, CancellationToken ct)
    {
        var (result, trust, challenge) = await LoadAsync(trustSlug, id, ct);
        if (result is not null)
        {
            return result;
        }
        var message = challenge!.Messages.FirstOrDefault(m => m.Id == messageId);
        if (message is null)
        {
            return NotFound();
        }
        if (message.AuthorId != User.UserId())
        {
            return Forbid();
        }
        return View(new EditMessageViewModel(trust!, challenge.Id, messageId, new EditChallengeMessageForm { Body = message.Body }));
    }

    [HttpPost("{id:int}/messages/{messageId:int}/edit")]
    public async Task<IActionResult> EditMessage(string trustSlug, int id, int messageId, [Bind(Prefix = "Form")] EditChallengeMessageForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (result, trust, challenge) = await LoadAsync(trustSlug, id, ct);
        if (result is not null)
        {
            return result;
        }
        var message = challenge!.Messages.FirstOrDefault(m => m.Id == messageId);
        if (message is null)
        {
            return NotFound();
        }
        if (message.AuthorId != User.UserId())
        {
            return Forbid();
        }
        if (ModelState.IsValid)
        {
            try
            {
                challenge.EditMessage(messageId, User.UserId()!, form.Body!, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                TempData["Success"] = "Message changed.";
                return Redirect($"/{trust!.Slug}/challenges/{id}");
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError("Form.Body", e.Message);
            }
        }
        return View(new EditMessageViewModel(trust!, challenge.Id, messageId, form));
    }

    private const string NotSent = "The e-mail notification could not be sent. The challenge is saved and listed on the challenges page; let the people concerned know another way.";

    private bool IsBoard => User.IsInRole(Roles.Trustee) || User.IsInRole(Roles.TrustAdmin);

    private bool IsHeadOnly => !IsBoard;

    private bool MayResolveAny => IsBoard;

    private string DisplayName => User.FindFirst(PortalClaims.DisplayName)?.Value is { Length: > 0 } n ? n : User.Identity?.Name ?? "Unknown";

    private string BaseUrl => $"{Request.Scheme}://{Request.Host}";

    /// The raiser and other trustees follow up for the board; heads of the school and administrators answer for the school.
    private ChallengeSide SideOf(Challenge challenge) =>
        challenge.RaisedById == User.UserId() || User.IsInRole(Roles.Trustee) ? ChallengeSide.Board : ChallengeSide.School;

    private async Task<IActionResult> ChangeStateAsync(string trustSlug, int id, Action<Challenge> change, string success, CancellationToken ct)
    {
        var (result, trust, challenge) = await LoadAsync(trustSlug, id, ct);
        if (result is not null)
        {
            return result;
        }
        try
        {
            change(challenge!);
            await db.SaveChangesAsync(ct);
            TempData["Success"] = success;
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = e.Message;
        }
        return Redirect($"/{trust!.Slug}/challenges/{id}");
    }

    private Task<TrustBrand?> TrustAsync(string slug, CancellationToken ct) => db.Trusts.FindBrandAsync(slug, ct);

    /// Loads the challenge for a change or a read, after checking trust and (for heads) school.
    private async Task<(IActionResult? Result, TrustBrand? Trust, Challenge? Challenge)> LoadAsync(string trustSlug, int id, CancellationToken ct)
    {
        var trust = await TrustAsync(trustSlug, ct);
        if (trust is null)
        {
            return (NotFound(), null, null);
        }
        if (User.TrustId() != trust.Id)
        {
            return (Forbid(), null, null);
        }
        var challenge = await db.Challenges.Include(c => c.Messages).SingleOrDefaultAsync(c => c.Id == id && c.TrustId == trust.Id, ct);
        if (challenge is null)
        {
            return (NotFound(), null, null);
        }
        if (IsHeadOnly)
        {
            var userId = User.UserId();
            var mine = challenge.SchoolId is { } schoolId && await db.UserSchools.AnyAsync(l => l.UserId == userId && l.SchoolId == schoolId, ct);
            if (!mine)
            {
                return (Forbid(), null, null);
            }
        }
        return (null, trust, challenge);
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
                            select new UpdateSummary(c.Id, c.Text, r.Name, p.Status)).FirstOrDefaultAsync(ct);
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

public sealed record ChallengeListViewModel(TrustBrand Trust, IReadOnlyList<ChallengeRow> Challenges, bool IsBoard) : ITrustPage
{
    public TrustSection Section => TrustSection.Challenges;
}

public sealed record RaiseChallengeViewModel(TrustBrand Trust, RaiseChallengeForm Form, IReadOnlyList<SchoolInfo> Schools, IReadOnlyList<AimInfo> Aims,
    string? Update) : ITrustPage
{
    public TrustSection Section => TrustSection.Challenges;
}

public sealed record UpdateSummary(int CriterionId, string Criterion, string Cycle, ProgressStatus Status);

public sealed record MessageView(int Id, ChallengeSide Side, string AuthorName, string Body, DateTimeOffset At, DateTimeOffset? EditedAt, bool CanEdit);

public sealed record ChallengeViewModel(TrustBrand Trust, int Id, string Question, string RaisedBy, DateTimeOffset RaisedAt, ChallengeStatus Status,
    DateTimeOffset? ResolvedAt, string? ResolvedBy, SchoolInfo? School, AimInfo? Aim, UpdateSummary? Update, IReadOnlyList<MessageView> Messages,
    ReplyToChallengeForm Form, bool MayReply, ChallengeSide ReplySide, bool MayResolve, string? Problem) : ITrustPage
{
    public TrustSection Section => TrustSection.Challenges;
}

public sealed record EditMessageViewModel(TrustBrand Trust, int ChallengeId, int MessageId, EditChallengeMessageForm Form) : ITrustPage
{
    public TrustSection Section => TrustSection.Challenges;
}

public sealed class RaiseChallengeForm
{
    public int? SchoolUrn { get; set; }
    public int? AimNumber { get; set; }
    public int? UpdateId { get; set; }

    [Required(ErrorMessage = "Enter your question.")]
    [StringLength(Challenge.QuestionLimit, ErrorMessage = "The question must be 4000 characters or fewer.")]
    public string? Question { get; set; }
}

public sealed class ReplyToChallengeForm
{
    [Required(ErrorMessage = "Enter your message.")]
    [StringLength(Challenge.QuestionLimit, ErrorMessage = "The message must be 4000 characters or fewer.")]
    public string? Body { get; set; }
}

public sealed class EditChallengeMessageForm
{
    [Required(ErrorMessage = "Enter your message.")]
    [StringLength(Challenge.QuestionLimit, ErrorMessage = "The message must be 4000 characters or fewer.")]
    public string? Body { get; set; }
}
