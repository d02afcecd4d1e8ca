using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Infrastructure;

/// A posted form that carries the version of the entity the person saw.
public interface IVersionedForm
{
    Guid Version { get; set; }
}

/// One write, described rather than hand-written (ADR 0135): what to load, what to check, the domain call, where to go.
/// <see cref="FormWrites.RunAsync{TEntity}"/> runs every write the same way:
/// load (404 when gone) → checks → version check → domain call → save → redirect with one success message; or the
/// form again with the field errors; or, when someone else saved first, the form again with both versions.
/// <code>
/// [HttpPost("{planSlug}/horizons/new")]
/// public Task&lt;IActionResult&gt; AddHorizon(string planSlug, [Bind(Prefix = "Form")] HorizonForm form, CancellationToken ct) =>
///     writes.RunAsync(this, new FormWrite&lt;StrategicPlan&gt;
///     {
///         Load = c => plans.LoadAsync(planSlug, c),      // tracked; null answers 404
///         Seen = form,                                    // IVersionedForm: the version the person saw (omit: no check)
///         Change = (plan, _) => Done(plan.AddHorizon(form.Name!), "Horizon added"),
///         FieldOf = _ => "Form.Name",                     // where a DomainRuleException is shown, by its Field
///         Done = plan => $"/admin/plans/{plan.Slug}",
///         Form = (plan, theirs) => View("Horizon", ...),  // the form again; theirs is the other version after a conflict
///     }, ct);
/// </code>
/// A button (no form page of its own) leaves <see cref="Form"/> and <see cref="FormAsync"/> null: a problem or a conflict goes back to
/// <see cref="Done"/> as the "Problem" banner.
public sealed class FormWrite<TEntity> where TEntity : class
{
    /// The entity to change, tracked; null answers 404. Called again after a conflict, to show the other version.
    public required Func<CancellationToken, Task<TEntity?>> Load { get; init; }

    /// What to answer when <see cref="Load"/> finds nothing (default 404; e.g. 403 for another trust's).
    public Func<CancellationToken, Task<IActionResult>>? Missing { get; init; }

    /// An answer other than the write for the loaded entity (a version that does not exist: 404; a move of what
    /// cannot move: 400), or null to go on.
    public Func<TEntity, CancellationToken, Task<IActionResult?>>? Refuse { get; init; }

    /// Only show the form again with what was posted (a preview): nothing is changed or saved.
    public bool ShowOnly { get; init; }

    /// The version the person saw; null when the write is not version-checked (e.g. adding a message).
    public IVersionedForm? Seen { get; init; }

    /// A version check of the write's own, for what is not versioned by a token (trust content has numbered
    /// versions): true when someone else saved since the person loaded the form. Used instead of <see cref="Seen"/>.
    /// A save that clashes although this is still false was about something else of the same root: it is tried
    /// again (up to three times) rather than shown as a conflict.
    public Func<TEntity, CancellationToken, Task<bool>>? SavedSince { get; init; }

    /// After a conflict found by <see cref="SavedSince"/>: put the other version's mark in the form, so saving again
    /// is deliberate.
    public Func<TEntity, CancellationToken, Task>? TakeTheirs { get; init; }

    /// A save the database refused for a rule of its own (a unique index: someone added the same school a moment
    /// ago): the form key and message to show with the form again, or null to let the error through.
    public Func<DbUpdateException, (string Key, string Message)?>? SaveRefused { get; init; }

    /// The row is found or added (a trust's settings row: no row until its first setting is saved). Two first saves at
    /// once both add it and the second breaks its unique key: no fault of the person's, and nothing they saw can be
    /// overwritten, so such a clash is made again on what the other request saved (up to three times, then
    /// <see cref="ClashMessage"/>) rather than shown as a conflict.
    public bool RetryClashes { get; init; }

    /// Said when every try clashed with other saves of the same root that were not about this item.
    public string ClashMessage { get; init; } = "Someone else was saving at the same moment, so your change was not saved. Save again.";

    /// The save and <see cref="AfterSave"/> in one transaction, inside the execution strategy (ADR 0130): for a new
    /// row whose id a second row needs. A retry replays the whole write from an empty change tracker.
    public bool InOneTransaction { get; init; }

    /// The entity that carries the version, when it is not the one loaded (default: the loaded entity).
    public Func<TEntity, IVersioned>? Root { get; init; }

    /// Checks beyond the form's attributes that need the entity (a choice must be one of the plan's …): add to ModelState.
    public Func<TEntity, CancellationToken, Task>? Check { get; init; }

    /// The domain call; returns the success message (null: none).
    public required Func<TEntity, CancellationToken, Task<string?>> Change { get; init; }

    /// Work after the save that needs what the save gave (a new id: an e-mail with a link); returns a success message
    /// to say instead of the change's, or null to keep it.
    public Func<TEntity, CancellationToken, Task<string?>>? AfterSave { get; init; }

    /// The form key that shows a broken domain rule, from the rule's Field (ADR 0133); default: the summary only.
    public Func<string?, string>? FieldOf { get; init; }

    /// Where to go after the save (and, for a button, after a problem).
    public required Func<TEntity, string> Done { get; init; }

    /// The form page again: the entity, and true when it is the other person's version after a conflict.
    public Func<TEntity, bool, IActionResult>? Form { get; init; }

    /// The same as <see cref="Form"/>, for a page whose model needs a query.
    public Func<TEntity, bool, Task<IActionResult>>? FormAsync { get; init; }

    internal bool HasForm => Form is not null || FormAsync is not null;

    /// Said at the top of the form when someone else saved first.
    public string ConflictMessage { get; init; } = FormWrites.ConflictMessage;

    /// Said as the banner when a button found that someone else saved first.
    public string ConflictButtonMessage { get; init; } = FormWrites.ConflictButtonMessage;

    /// The ModelState key of the posted version, renewed after a conflict so that saving again is deliberate.
    public string VersionKey { get; init; } = "Form.Version";
}

/// Runs every write of the portal in one shape; the only place that sets a concurrency token's original value.
public sealed class FormWrites(TrustPortalDbContext db)
{
    public const string ConflictMessage =
        "Someone else saved a change while you were editing: theirs is shown below and your changes are kept in the form. Check both, then save again to keep yours.";

    public const string ConflictButtonMessage =
        "Someone else saved a change since you opened the page, so nothing was changed. The page now shows their version: try again if you still need to.";

    /// A domain call that has nothing to await.
    public static Task<string?> Done(string? message) => Task.FromResult(message);

    public async Task<IActionResult> RunAsync<TEntity>(Controller controller, FormWrite<TEntity> write, CancellationToken ct) where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(write);
        if (!write.InOneTransaction)
        {
            return await RunOnceAsync(controller, write, 1, ct);
        }
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await RunOnceAsync(controller, write, 1, ct);
            if (controller.ModelState.IsValid && result is RedirectResult)
            {
                await transaction.CommitAsync(ct);
            }
            return result;
        });
    }

    private async Task<IActionResult> RunOnceAsync<TEntity>(Controller controller, FormWrite<TEntity> write, int attempt, CancellationToken ct) where TEntity : class
    {
        var entity = await write.Load(ct);
        if (entity is null)
        {
            return write.Missing is null ? controller.NotFound() : await write.Missing(ct);
        }
        if (write.Refuse is not null && await write.Refuse(entity, ct) is { } refusal)
        {
            return refusal;
        }
        var state = controller.ModelState;
        if (write.Check is not null)
        {
            await write.Check(entity, ct);
        }
        if (write.ShowOnly && state.IsValid)
        {
            return await FormAsync(write, entity, false);
        }
        var conflict = false;
        if (state.IsValid)
        {
            if (await IsStaleAsync(write, entity, ct))
            {
                conflict = true;
            }
            else
            {
                var (saved, message) = await ChangeAndSaveAsync(controller, write, entity, ct);
                if (saved)
                {
                    if (write.AfterSave is not null)
                    {
                        message = await write.AfterSave(entity, ct) ?? message;
                    }
                    if (message is not null)
                    {
                        controller.TempData["Success"] = message;
                    }
                    return controller.Redirect(write.Done(entity));
                }
                conflict = message is null && state.IsValid;
            }
        }
        if (conflict)
        {
            db.ChangeTracker.Clear();
            entity = await write.Load(ct);
            if (entity is null)
            {
                return controller.NotFound();
            }
            if (write.RetryClashes || (write.SavedSince is not null && !await write.SavedSince(entity, ct)))
            {
                // The clash was another save of the same root, not of what this person saw: nothing of theirs was
                // overwritten, so try again.
                if (attempt < 3)
                {
                    db.ChangeTracker.Clear();
                    return await RunOnceAsync(controller, write, attempt + 1, ct);
                }
                state.AddModelError("", write.ClashMessage);
                conflict = false;
            }
            else if (write.HasForm)
            {
                state.AddModelError("", write.ConflictMessage);
                await TakeTheirsAsync(controller, write, entity, ct);
            }
        }
        if (!write.HasForm)
        {
            controller.TempData["Problem"] = conflict ? write.ConflictButtonMessage
                : state.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault();
            return controller.Redirect(write.Done(entity));
        }
        return await FormAsync(write, entity, conflict);
    }

    private static Task<IActionResult> FormAsync<TEntity>(FormWrite<TEntity> write, TEntity entity, bool theirs) where TEntity : class =>
        write.FormAsync is not null ? write.FormAsync(entity, theirs) : Task.FromResult(write.Form!(entity, theirs));

    private static async Task<bool> IsStaleAsync<TEntity>(FormWrite<TEntity> write, TEntity entity, CancellationToken ct) where TEntity : class =>
        write.SavedSince is not null ? await write.SavedSince(entity, ct)
        : write.Seen is { } seen && RootOf(write, entity).Version != seen.Version;

    private static async Task TakeTheirsAsync<TEntity>(Controller controller, FormWrite<TEntity> write, TEntity entity, CancellationToken ct) where TEntity : class
    {
        if (write.TakeTheirs is not null)
        {
            await write.TakeTheirs(entity, ct);
        }
        else if (write.Seen is { } seen)
        {
            seen.Version = RootOf(write, entity).Version;
        }
        controller.ModelState.Remove(write.VersionKey);
    }

    /// (true, message) when saved; (false, null) on a conflict; (false, "") when a rule was broken (in ModelState).
    private async Task<(bool Saved, string? Message)> ChangeAndSaveAsync<TEntity>(Controller controller, FormWrite<TEntity> write, TEntity entity, CancellationToken ct)
        where TEntity : class
    {
        string? message;
        try
        {
            message = await write.Change(entity, ct);
        }
        catch (DomainRuleException e)
        {
            controller.ModelState.AddModelError(write.FieldOf?.Invoke(e.Field) ?? "", e.Message);
            return (false, "");
        }
        if (!controller.ModelState.IsValid)
        {
            return (false, "");
        }
        if (write.Seen is { } seen)
        {
            // The version the person saw is what the database compares; a new one is written even when only a child
            // of the root changed, so two people editing different parts of one plan still see each other's changes.
            var root = RootOf(write, entity);
            db.Entry(root).Property(nameof(IVersioned.Version)).OriginalValue = seen.Version;
            root.NewVersion();
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return (true, message);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || write.SavedSince is not null || write.RetryClashes)
        {
            // With a version check of its own, a unique version number refusing the save is the same clash; a row
            // found or added, a unique key broken by the same row added a moment ago.
            return (false, null);
        }
        catch (DbUpdateException e) when (write.SaveRefused?.Invoke(e) is { } refused)
        {
            controller.ModelState.AddModelError(refused.Key, refused.Message);
            return (false, "");
        }
    }

    private static IVersioned RootOf<TEntity>(FormWrite<TEntity> write, TEntity entity) where TEntity : class =>
        write.Root?.Invoke(entity) ?? entity as IVersioned
        ?? throw new InvalidOperationException($"A version-checked write needs an IVersioned entity; {typeof(TEntity).Name} is not one: set Root.");
}
