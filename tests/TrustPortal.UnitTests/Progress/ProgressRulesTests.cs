using TrustPortal.Domain.Plans;
using System.Reflection;
using TrustPortal.Domain;
using TrustPortal.Domain.Progress;

namespace TrustPortal.UnitTests.Progress;

public sealed class ProgressRulesTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static ReviewCycle OpenCycle(int id = 7)
    {
        var cycle = new ReviewCycle(1, "Autumn 2026", new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 11));
        typeof(ReviewCycle).GetProperty(nameof(ReviewCycle.Id))!.SetValue(cycle, id); // as the database would
        cycle.Open(PlanStatus.Published);
        return cycle;
    }

    private static ProgressEntry Entry(ProgressStatus status = ProgressStatus.OnTrack, string? done = "Phonics training for all KS1 staff") =>
        new(status, Confidence.Medium, done, null, null, null, "Deputy head", null);

    [Fact]
    public void A_cycle_closes_on_or_after_it_opens()
    {
        Assert.Throws<DomainRuleException>(() => new ReviewCycle(1, "Spring 2027", new DateOnly(2027, 3, 1), new DateOnly(2027, 2, 1)));
    }

    [Fact]
    public void A_cycle_goes_planned_open_closed_and_never_reopens()
    {
        var cycle = new ReviewCycle(1, "Autumn 2026", new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 11));
        Assert.False(cycle.AcceptsUpdates);
        Assert.Throws<DomainRuleException>(cycle.Close);
        cycle.Open(PlanStatus.Published);
        Assert.True(cycle.AcceptsUpdates);
        cycle.Close();
        Assert.False(cycle.AcceptsUpdates);
        Assert.Throws<DomainRuleException>(() => cycle.Open(PlanStatus.Published));
        Assert.Throws<DomainRuleException>(() => cycle.Reschedule(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31)));
    }

    [Fact]
    public void An_open_cycle_past_its_closing_date_is_overdue()
    {
        var cycle = OpenCycle();
        Assert.False(cycle.IsOverdue(new DateOnly(2026, 12, 11)));
        Assert.True(cycle.IsOverdue(new DateOnly(2026, 12, 12)));
    }

    [Fact]
    public void Every_change_is_kept_and_a_repeated_submission_records_once()
    {
        var update = new ProgressUpdate(1, 2, 7, Entry(ProgressStatus.AtRisk), "head@school", Monday);
        Assert.False(update.Record(Entry(ProgressStatus.AtRisk), "head@school", Monday.AddSeconds(1)));
        Assert.True(update.Record(Entry(ProgressStatus.OnTrack), "deputy@school", Monday.AddDays(1)));
        Assert.Equal([ProgressStatus.AtRisk, ProgressStatus.OnTrack], update.Revisions.Select(r => r.Entry.Status));
        Assert.Equal("deputy@school", update.UpdatedBy);
        Assert.Equal(ProgressStatus.OnTrack, update.Entry.Status);
    }

    [Fact]
    public void Text_is_trimmed_and_bounded()
    {
        var update = new ProgressUpdate(1, 2, 7, Entry(done: "  Done.  "), "head", Monday);
        Assert.Equal("Done.", update.Entry.WhatWasDone);
        var ex = Assert.Throws<DomainRuleException>(() => update.Record(Entry(done: new string('x', ProgressEntry.TextLimit + 1)), "head", Monday));
        Assert.Contains("What was done", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_status_is_refused() =>
        Assert.Throws<DomainRuleException>(() => new ProgressUpdate(1, 2, 7, Entry((ProgressStatus)42), "head", Monday));

    [Fact]
    public void Statuses_are_named_in_words_and_exceptions_are_off_track_and_at_risk()
    {
        Assert.Equal(["Not started", "Off track", "At risk", "On track", "Achieved"], Enum.GetValues<ProgressStatus>().Select(ProgressText.Label));
        Assert.Equal([ProgressStatus.OffTrack, ProgressStatus.AtRisk], Enum.GetValues<ProgressStatus>().Where(ProgressText.IsException));
    }

    [Fact]
    public void A_return_is_submitted_only_when_every_criterion_has_an_update()
    {
        var cycle = OpenCycle();
        var schoolReturn = new SchoolReturn(1, cycle.Id);
        var ex = Assert.Throws<DomainRuleException>(() => schoolReturn.Submit(cycle, 28, 27, "head", Monday));
        Assert.Contains("1 success criterion has no update yet", ex.Message, StringComparison.Ordinal);
        schoolReturn.Submit(cycle, 28, 28, "head", Monday);
        Assert.Equal(ReturnState.Submitted, schoolReturn.State);
    }

    [Fact]
    public void A_school_with_no_return_yet_is_admitted_into_a_new_draft_of_the_open_cycle()
    {
        var cycle = OpenCycle();
        var admitted = SchoolReturn.Admit(null, 3, cycle);
        Assert.Equal((3, cycle.Id, ReturnState.Draft), (admitted.SchoolId, admitted.ReviewCycleId, admitted.State));
        Assert.Same(admitted, SchoolReturn.Admit(admitted, 3, cycle));
        Assert.True(SchoolReturn.Admits(CycleState.Open, null));
        Assert.True(SchoolReturn.Admits(CycleState.Open, ReturnState.Draft));
    }

    [Fact]
    public void A_submitted_return_is_locked_until_reopened_with_a_reason_and_a_closed_cycle_is_read_only()
    {
        var cycle = OpenCycle();
        var schoolReturn = new SchoolReturn(1, cycle.Id);
        schoolReturn.Submit(cycle, 1, 1, "head", Monday);
        var locked = Assert.Throws<DomainRuleException>(() => SchoolReturn.Admit(schoolReturn, 1, cycle));
        Assert.Contains("Ask a trust administrator to reopen it", locked.Message, StringComparison.Ordinal);
        Assert.False(SchoolReturn.Admits(CycleState.Open, ReturnState.Submitted));
        var noReason = Assert.Throws<DomainRuleException>(() => schoolReturn.Reopen(cycle, "  ", "ceo", Monday.AddDays(1)));
        Assert.Equal(nameof(SchoolReturn.ReopenReason), noReason.Field);
        schoolReturn.Reopen(cycle, "Aim 2's evidence is missing", "ceo", Monday.AddDays(1));
        Assert.Equal("Aim 2's evidence is missing", schoolReturn.ReopenReason);
        SchoolReturn.Admit(schoolReturn, 1, cycle);

        cycle.Close();
        var closed = Assert.Throws<DomainRuleException>(() => SchoolReturn.Admit(schoolReturn, 1, cycle));
        Assert.Contains("closed", closed.Message, StringComparison.Ordinal);
        Assert.False(SchoolReturn.Admits(CycleState.Closed, null));
        Assert.False(SchoolReturn.Admits(CycleState.Planned, null));
    }

    [Fact]
    public void A_planned_cycle_admits_no_one()
    {
        var planned = new ReviewCycle(1, "Spring 2027", new DateOnly(2027, 1, 4), new DateOnly(2027, 3, 26));
        var ex = Assert.Throws<DomainRuleException>(() => SchoolReturn.Admit(null, 1, planned));
        Assert.Contains("not open yet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_return_of_another_cycle_or_school_is_refused()
    {
        Assert.Throws<DomainRuleException>(() => SchoolReturn.Admit(new SchoolReturn(1, 99), 1, OpenCycle(7)));
        Assert.Throws<DomainRuleException>(() => SchoolReturn.Admit(new SchoolReturn(2, 7), 1, OpenCycle(7)));
    }

    [Fact]
    public void Only_a_submitted_return_can_be_reopened()
    {
        var cycle = OpenCycle();
        Assert.Throws<DomainRuleException>(() => new SchoolReturn(1, cycle.Id).Reopen(cycle, "Evidence missing", "ceo", Monday));
    }

    [Fact]
    public void Progress_entities_keep_their_setters_private()
    {
        foreach (var type in new[] { typeof(ProgressUpdate), typeof(ProgressRevision), typeof(SchoolReturn), typeof(ReviewCycle) })
        {
            var publicSetters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true).Select(p => p.Name).ToList();
            Assert.True(publicSetters.Count == 0, $"{type.Name} has public setters: {string.Join(", ", publicSetters)}");
        }
    }
}
