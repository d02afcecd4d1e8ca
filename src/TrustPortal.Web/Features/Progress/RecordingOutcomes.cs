using Microsoft.AspNetCore.Mvc.ModelBinding;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;

namespace TrustPortal.Web.Features.Progress;

/// Shows a progress form again after a save that did not go through, the same way for criteria and priorities: the
/// person's input is kept; a conflict shows the saved entry beside it; a refusal says why beside its field.
public static class RecordingOutcomes
{
    public static TPage Show<TPage>(ModelStateDictionary modelState, RecordOutcome outcome, IRecordingPage<TPage> page, RecordProgressForm form)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(form);
        if (outcome.Result is Recorded.Conflict or Recorded.ReplayConflict)
        {
            // Show the other person's saved entry beside the user's input, which is kept; saving again now replaces
            // theirs on purpose (the form carries the version just shown) and is a new decision, with a new key.
            modelState.Clear();
            modelState.AddModelError("", outcome.Result == Recorded.ReplayConflict
                ? ReplayConflictMessage(page.Current)
                : $"{page.Current?.UpdatedBy ?? "Someone else"} saved this {page.Noun} while you were editing it. Compare their entry with yours below, then save yours again or change it{(page.Noun == "criterion" ? " (choose any file again too)" : "")}");
            form.Version = page.Current?.Version;
            form.IdempotencyKey = Guid.NewGuid();
            return page.WithForm(form, page.Current);
        }
        if (outcome.Message is not null)
        {
            modelState.AddModelError(outcome.Field, outcome.Message);
        }
        if (form.IdempotencyKey == Guid.Empty)
        {
            form.IdempotencyKey = Guid.NewGuid();
        }
        return page.WithForm(form, null);
    }

    /// The form's own checks failed (a status not chosen …): the due date's problem is said too, so that the person
    /// puts everything right at once. Nothing is recorded.
    public static RecordOutcome NotValid(ModelStateDictionary modelState, RecordProgressForm form)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(form);
        if (form.ParseDueOn().Error is { } dateError)
        {
            modelState.AddModelError(RecordProgressForm.DueOnKey, dateError);
        }
        try
        {
            MeasureNumber.Parse(form.MeasuredValue, "The current value", "Form." + nameof(form.MeasuredValue));
        }
        catch (DomainRuleException e)
        {
            modelState.AddModelError(e.Field ?? "", e.Message);
        }
        return new RecordOutcome(Recorded.Refused);
    }

    /// Said when a form that was saved already comes back with other answers, e.g. after the browser's back button.
    public static string ReplayConflictMessage(SavedEntry? saved) =>
        $"This form was saved already{(saved is null ? "" : $" (by {saved.UpdatedBy})")}, with different answers from the ones you have just sent, so your changes have not been saved. Compare the saved entry with yours below, then save yours again or change it";
}
