using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.BoardPack;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.BoardMeetings;

/// The board's meetings (ADR 0153): who was present and whether the meeting was quorate, its papers (packs of record
/// issued to it), and the decisions it recorded with their tracked actions. Trustees and administrators read them and
/// record meetings and decisions; the central team sets the quorum and issues packs (ADR 0154).
[TrustMembersOnly]
[Authorize(Policy = Policies.ReviewPlan)]
[Route("{trustSlug:trust}/board/meetings")]
public sealed class BoardMeetingsController(TrustPortalDbContext db, MeetingReader reader, PackIssuer issuer, FormWrites writes, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var settings = await db.BoardSettings.AsNoTracking().Where(s => s.TrustId == trust.Id).Select(s => new { s.Quorum, s.Version }).FirstOrDefaultAsync(ct);
        var quorum = settings?.Quorum ?? BoardSettings.DefaultQuorum;
        return View(await IndexModelAsync(trust, new SetQuorumForm { Quorum = quorum, Version = settings?.Version ?? Guid.Empty }, quorum, ct));
    }

    /// The trust's quorum for its board meetings; a meeting keeps the quorum that applied when it was recorded.
    [HttpPost("quorum")]
    [Authorize(Policy = Policies.PreparePack)]
    public Task<IActionResult> SetQuorum(TrustBrand trust, [Bind(Prefix = "QuorumForm")] SetQuorumForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        return writes.RunAsync(this, new FormWrite<BoardSettings>
        {
            // The first save makes the trust's settings: there is no earlier version to compare with.
            Load = async c => await db.BoardSettings.SingleOrDefaultAsync(s => s.TrustId == trust.Id, c)
                ?? db.BoardSettings.Add(new BoardSettings(trust.Id, BoardSettings.DefaultQuorum)).Entity,
            Seen = form.Version == Guid.Empty ? null : form,
            Change = (settings, _) =>
            {
                settings.SetQuorum(form.Quorum!.Value);
                return FormWrites.Done($"The quorum is now {settings.Quorum} trustees. Meetings already recorded keep the quorum that applied then.");
            },
            FieldOf = _ => "QuorumForm.Quorum",
            Done = _ => $"/{trust.Slug}/board/meetings",
            FormAsync = async (settings, _) => View(nameof(Index), await IndexModelAsync(trust, form, settings.Quorum, ct)),
            VersionKey = "QuorumForm.Version",
        }, ct);
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(TrustBrand trust, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        return View(await NewModelAsync(trust, new NewMeetingForm { HeldOn = DateParts.From(Today), Kind = MeetingKind.FullBoard }, ct));
    }

    [HttpPost("new")]
    public async Task<IActionResult> Create(TrustBrand trust, [Bind(Prefix = "Form")] NewMeetingForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        var model = await NewModelAsync(trust, form, ct);
        var heldOn = form.HeldOn.Read(ModelState, "Form.HeldOn", "The date of the meeting", required: true);
        var present = form.Present.Distinct(StringComparer.Ordinal).Select(id => model.Trustees.FirstOrDefault(t => t.Id == id)).ToList();
        if (present.Any(p => p is null))
        {
            ModelState.AddModelError("Form.Present", "Choose trustees from the list");
        }
        BoardMeeting? meeting = null;
        return await writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Id == trust.Id, c),
            Change = (_, _) =>
            {
                meeting = new BoardMeeting(trust.Id, heldOn!.Value, form.Kind!.Value, form.Committee, model.Quorum, User.DisplayName(), clock.GetUtcNow());
                meeting.RecordAttendance(present.Select(p => new TrusteePresent(p!.Id, p.Name)));
                db.BoardMeetings.Add(meeting);
                return FormWrites.Done($"{meeting.Title} meeting on {PackModel.Date(meeting.HeldOn)} recorded: {(meeting.Quorate ? "quorate" : "not quorate")}.");
            },
            FieldOf = field => field switch
            {
                nameof(BoardMeeting.Committee) => "Form.Committee",
                nameof(BoardMeeting.Kind) => "Form.Kind",
                nameof(BoardMeeting.Attendees) => "Form.Present",
                _ => "Form.HeldOn",
            },
            Done = _ => $"/{trust.Slug}/board/meetings/{meeting!.Id}",
            Form = (_, _) => View(nameof(New), model),
        }, ct);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(TrustBrand trust, int id, CancellationToken ct) =>
        await reader.MeetingAsync(trust, id, MayPrepare, Today, ct) is { } model ? View(model) : NotFound();

    /// Makes an issued pack (not yet any meeting's) one of this meeting's papers.
    [HttpPost("{id:int}/papers")]
    [Authorize(Policy = Policies.PreparePack)]
    public async Task<IActionResult> AddPaper(TrustBrand trust, int id, [Bind(Prefix = "Paper")] AddPaperForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        var pack = form.PackId is { } packId ? await db.IssuedPacks.SingleOrDefaultAsync(p => p.Id == packId && p.TrustId == trust.Id, ct) : null;
        return await PapersButtonAsync(trust, id, pack is null ? "Choose one of the packs issued so far." : null, (meeting, _) =>
        {
            pack!.LinkTo(meeting);
            return FormWrites.Done($"The pack for {pack.MeetingTitle}, {PackModel.Date(pack.MeetingOn)}, is now one of this meeting's papers.");
        }, ct);
    }

    /// Issues the pack as it stands today to this meeting: frozen, and one of its papers.
    [HttpPost("{id:int}/issue")]
    [Authorize(Policy = Policies.PreparePack)]
    public Task<IActionResult> IssuePack(TrustBrand trust, int id, [Bind(Prefix = "Issue")] IssueToMeetingForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        return PapersButtonAsync(trust, id, null, async (meeting, c) =>
        {
            if (await issuer.IssueAsync(trust, meeting.Title, meeting.HeldOn, form.Scope, User.DisplayName(), meeting, c) is null)
            {
                ModelState.AddModelError("", "The trust has no plan to report on yet, so no pack can be issued.");
            }
            return "Pack issued to this meeting. Its files are now fixed.";
        }, ct);
    }

    [HttpGet("{id:int}/decisions/new")]
    public async Task<IActionResult> NewDecision(TrustBrand trust, int id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var cycle = await db.IssuedPacks.AsNoTracking().Where(p => p.BoardMeetingId == id && p.TrustId == trust.Id).OrderByDescending(p => p.IssuedAt)
            .Select(p => (int?)p.ReviewCycleId).FirstOrDefaultAsync(ct);
        var model = await DecideModelAsync(trust, id, new RecordDecisionForm { CycleId = cycle }.WithRows(), ct);
        return model is null ? NotFound() : View("Decide", model);
    }

    /// Records the board's decision; its actions become tracked improvement actions linked to it, saved with it.
    [HttpPost("{id:int}/decisions/new")]
    public async Task<IActionResult> RecordDecision(TrustBrand trust, int id, [Bind(Prefix = "Form")] RecordDecisionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        var model = await DecideModelAsync(trust, id, form.WithRows(), ct);
        if (model is null)
        {
            return NotFound();
        }
        var actions = DecisionInput.Actions(form, model.Owners, ModelState);
        DecisionInput.Check(form, model, ModelState);
        return await writes.RunAsync(this, new FormWrite<BoardMeeting>
        {
            Load = c => db.BoardMeetings.SingleOrDefaultAsync(m => m.Id == id && m.TrustId == trust.Id, c),
            Change = (meeting, _) =>
            {
                var decision = new BoardDecision(meeting, form.CycleId, form.Outcome!.Value, form.MinuteReference!, form.Notes, form.Schools, actions,
                    User.UserId()!, User.DisplayName(), clock.GetUtcNow());
                db.BoardDecisions.Add(decision);
                return FormWrites.Done($"Decision recorded: {BoardDecision.Label(decision.Outcome).ToLowerInvariant()}"
                    + (actions.Count == 0 ? "." : $", with {actions.Count} {(actions.Count == 1 ? "action" : "actions")} now tracked until done."));
            },
            FieldOf = DecisionField,
            Done = _ => $"/{trust.Slug}/board/meetings/{id}#decisions",
            Form = (_, _) => View("Decide", model),
        }, ct);
    }

    /// A button on the papers of one of this trust's meetings (404 for another's), through the one write shape; a
    /// problem, or <paramref name="refused"/>, goes back to the papers as the banner.
    private Task<IActionResult> PapersButtonAsync(TrustBrand trust, int id, string? refused, Func<BoardMeeting, CancellationToken, Task<string?>> change, CancellationToken ct) =>
        writes.RunAsync(this, new FormWrite<BoardMeeting>
        {
            Load = c => db.BoardMeetings.SingleOrDefaultAsync(m => m.Id == id && m.TrustId == trust.Id, c),
            Refuse = (_, _) => Task.FromResult<IActionResult?>(refused is null ? null : PapersProblem(trust, id, refused)),
            Change = change,
            Done = _ => PapersOf(trust, id),
        }, ct);

    private RedirectResult PapersProblem(TrustBrand trust, int id, string message)
    {
        TempData["Problem"] = message;
        return Redirect(PapersOf(trust, id));
    }

    private static string PapersOf(TrustBrand trust, int id) => $"/{trust.Slug}/board/meetings/{id}#papers";

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static string DecisionField(string? field) => field switch
    {
        nameof(BoardDecision.MinuteReference) => "Form.MinuteReference",
        nameof(BoardDecision.Notes) => "Form.Notes",
        BoardDecision.ActionsField => "Form.Actions[0].Description",
        _ => "Form.Outcome",
    };

    private bool MayPrepare => User.IsInRole(Roles.TrustAdmin);

    private async Task<MeetingsViewModel> IndexModelAsync(TrustBrand trust, SetQuorumForm form, int quorum, CancellationToken ct) =>
        new(trust, await reader.MeetingsAsync(trust.Id, ct), quorum, form, MayPrepare, await reader.EarlierSignOffsAsync(trust.Id, ct));

    private async Task<NewMeetingViewModel> NewModelAsync(TrustBrand trust, NewMeetingForm form, CancellationToken ct) =>
        new(trust, form, await reader.TrusteesAsync(trust.Id, ct), await reader.QuorumAsync(trust.Id, ct));

    private async Task<DecideViewModel?> DecideModelAsync(TrustBrand trust, int id, RecordDecisionForm form, CancellationToken ct)
    {
        var meeting = await db.BoardMeetings.AsNoTracking().Where(m => m.Id == id && m.TrustId == trust.Id)
            .Select(m => new { m.Kind, m.Committee, m.HeldOn }).SingleOrDefaultAsync(ct);
        return meeting is null ? null : new DecideViewModel(trust, id, BoardMeeting.TitleOf(meeting.Kind, meeting.Committee), meeting.HeldOn, form,
            await reader.CyclesAsync(trust.Id, ct), await reader.SchoolsAsync(trust.Id, ct), await reader.PeopleAsync(trust.Id, ct));
    }
}
