using Microsoft.AspNetCore.Mvc.ModelBinding;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Improvement;

namespace TrustPortal.Web.Features.BoardMeetings;

/// Reads the decision form's action rows and checks its choices against the trust's own lists, with a message beside
/// each input that is wrong. Blank rows are ignored.
public static class DecisionInput
{
    public static List<DecisionAction> Actions(RecordDecisionForm form, IReadOnlyList<PersonChoice> owners, ModelStateDictionary modelState)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(modelState);
        var actions = new List<DecisionAction>();
        for (var i = 0; i < form.Actions.Count; i++)
        {
            var row = form.Actions[i];
            if (row.IsBlank)
            {
                continue;
            }
            var key = $"Form.Actions[{i}]";
            var n = i + 1;
            if (string.IsNullOrWhiteSpace(row.Description))
            {
                modelState.AddModelError($"{key}.Description", $"Enter action {n}");
            }
            var owner = owners.FirstOrDefault(o => o.Id == row.OwnerId);
            if (owner is null)
            {
                modelState.AddModelError($"{key}.OwnerId", $"Choose who owns action {n}");
            }
            var due = row.DueOn.Read(modelState, $"{key}.DueOn", $"The due date of action {n}", required: true);
            if (owner is not null && due is { } d && !string.IsNullOrWhiteSpace(row.Description))
            {
                actions.Add(new DecisionAction(row.Description, new ActionOwner(owner.Id, owner.Name), d));
            }
        }
        return actions;
    }

    public static void Check(RecordDecisionForm form, DecideViewModel model, ModelStateDictionary modelState)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(modelState);
        if (form.CycleId is { } cycle && model.Cycles.All(c => c.Id != cycle))
        {
            modelState.AddModelError("Form.CycleId", "Choose one of the plan's review cycles");
        }
        if (form.Schools.Any(id => model.Schools.All(s => s.Id != id)))
        {
            modelState.AddModelError("Form.Schools", "Choose schools from the list");
        }
    }
}
