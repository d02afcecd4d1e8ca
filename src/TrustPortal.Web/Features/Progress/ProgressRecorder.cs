using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Files;

namespace TrustPortal.Web.Features.Progress;

/// What a progress form is recorded against: a success criterion of the plan, or one of the school's own priorities.
public abstract record ProgressSubject(int SchoolId)
{
    /// Names the subject in a receipt's fingerprint, so one form's key never matches another subject's post.
    public abstract string ReceiptName { get; }

    /// In one query: the trust's open cycle (ProgressReader.OpenCycles), the subject's words when it is current in
    /// that cycle's plan (null when retired or another plan's), the school's return for the cycle and the school's
    /// record for the subject (tracked, to be changed); beside them the school itself and the receipt of the form's
    /// <paramref name="key"/> (see <see cref="Admission"/>).
    internal abstract Task<Admission?> AdmissionAsync(TrustPortalDbContext db, IQueryable<ReviewCycle> openCycles, Guid key, CancellationToken ct);

    /// Loads the record's evidence files, to attach one (criteria only).
    internal virtual Task LoadFilesAsync(TrustPortalDbContext db, ProgressRecord record, CancellationToken ct) =>
        throw new DomainRuleException(nameof(ProgressUpdate.Files), "Evidence files are added to success criteria only.");

    /// The school's record for the subject in the cycle, for a replay's comparison with what is saved.
    internal abstract Task<ProgressEntry?> SavedEntryAsync(TrustPortalDbContext db, int cycleId, CancellationToken ct);

    internal abstract ProgressRecord Add(TrustPortalDbContext db, int cycleId, ProgressEntry entry, string by, DateTimeOffset at);

    /// The measure a value is recorded against (criteria only; null when there is none).
    internal virtual Task<CriterionMeasure?> MeasureAsync(TrustPortalDbContext db, CancellationToken ct) => Task.FromResult<CriterionMeasure?>(null);
}

public sealed record CriterionSubject(int SchoolId, int CriterionId) : ProgressSubject(SchoolId)
{
    public override string ReceiptName => $"criterion:{SchoolId}:{CriterionId}";

    internal override async Task<Admission?> AdmissionAsync(TrustPortalDbContext db, IQueryable<ReviewCycle> openCycles, Guid key, CancellationToken ct) =>
        // The school is a cross join (one row, not correlated with the cycle): SQLite has no APPLY for a subquery.
        await openCycles.SelectMany(c => db.Schools.Where(s => s.Id == SchoolId), (c, school) => new Admission(c,
                (from s in db.SuccessCriteria
                 join a in db.StrategicAims on s.StrategicAimId equals a.Id
                 join t in db.PlanThemes on a.PlanThemeId equals t.Id
                 where s.Id == CriterionId && !s.IsRetired && t.StrategicPlanId == c.StrategicPlanId
                 select s.Text).FirstOrDefault(),
                db.SchoolReturns.FirstOrDefault(r => r.SchoolId == SchoolId && r.ReviewCycleId == c.Id),
                db.ProgressUpdates.FirstOrDefault(u => u.SchoolId == SchoolId && u.ReviewCycleId == c.Id && u.SuccessCriterionId == CriterionId))
            {
                School = school,
                HasReceipt = db.FormReceipts.Any(r => r.Key == key),
                ReceiptHash = db.FormReceipts.Where(r => r.Key == key).Select(r => r.ContentHash).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);

    internal override Task LoadFilesAsync(TrustPortalDbContext db, ProgressRecord record, CancellationToken ct) =>
        db.Entry((ProgressUpdate)record).Collection(u => u.Files).LoadAsync(ct);

    internal override async Task<ProgressEntry?> SavedEntryAsync(TrustPortalDbContext db, int cycleId, CancellationToken ct) =>
        (await db.ProgressUpdates.AsNoTracking().SingleOrDefaultAsync(u => u.SchoolId == SchoolId && u.ReviewCycleId == cycleId && u.SuccessCriterionId == CriterionId, ct))?.Entry;

    internal override ProgressRecord Add(TrustPortalDbContext db, int cycleId, ProgressEntry entry, string by, DateTimeOffset at) =>
        db.ProgressUpdates.Add(new ProgressUpdate(SchoolId, CriterionId, cycleId, entry, by, at)).Entity;

    internal override async Task<CriterionMeasure?> MeasureAsync(TrustPortalDbContext db, CancellationToken ct)
    {
        var row = await db.SuccessCriteria.AsNoTracking().Where(c => c.Id == CriterionId)
            .Select(c => new { c.MeasureBaseline, c.MeasureTarget, c.MeasureUnit, c.MeasureDirection, c.MeasureTargetDate, c.MeasureIsExample })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : SuccessCriterion.FromColumns(row.MeasureBaseline, row.MeasureTarget, row.MeasureUnit, row.MeasureDirection, row.MeasureTargetDate, row.MeasureIsExample);
    }
}

public sealed record PrioritySubject(int SchoolId, int PriorityId) : ProgressSubject(SchoolId)
{
    public override string ReceiptName => $"priority:{SchoolId}:{PriorityId}";

    internal override async Task<Admission?> AdmissionAsync(TrustPortalDbContext db, IQueryable<ReviewCycle> openCycles, Guid key, CancellationToken ct) =>
        // The school is a cross join (one row, not correlated with the cycle): SQLite has no APPLY for a subquery.
        await openCycles.SelectMany(c => db.Schools.Where(s => s.Id == SchoolId), (c, school) => new Admission(c,
                db.SchoolPriorities.Where(p => p.Id == PriorityId && p.SchoolId == SchoolId && !p.IsRetired).Select(p => p.Title).FirstOrDefault(),
                db.SchoolReturns.FirstOrDefault(r => r.SchoolId == SchoolId && r.ReviewCycleId == c.Id),
                db.PriorityUpdates.FirstOrDefault(u => u.SchoolPriorityId == PriorityId && u.ReviewCycleId == c.Id))
            {
                School = school,
                HasReceipt = db.FormReceipts.Any(r => r.Key == key),
                ReceiptHash = db.FormReceipts.Where(r => r.Key == key).Select(r => r.ContentHash).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);

    internal override async Task<ProgressEntry?> SavedEntryAsync(TrustPortalDbContext db, int cycleId, CancellationToken ct) =>
        (await db.PriorityUpdates.AsNoTracking().SingleOrDefaultAsync(u => u.SchoolPriorityId == PriorityId && u.ReviewCycleId == cycleId, ct))?.Entry;

    internal override ProgressRecord Add(TrustPortalDbContext db, int cycleId, ProgressEntry entry, string by, DateTimeOffset at) =>
        db.PriorityUpdates.Add(new PriorityUpdate(PriorityId, cycleId, entry, by, at)).Entity;
}

/// What a recording needs to know before it changes anything, read in one query (tracked: the return and the record
/// are the ones saved). <paramref name="Title"/> is null when the subject is not current in the cycle's plan.
public sealed record Admission(ReviewCycle Cycle, string? Title, SchoolReturn? Return, ProgressRecord? Record)
{
    /// The school, tracked but never changed: the audit trail and the cache stamp find its trust in the context
    /// rather than asking the database for it (two round trips fewer a save).
    public School? School { get; init; }

    /// Whether the form's key was recorded already, and the fingerprint it was recorded with (null before fingerprints).
    public bool HasReceipt { get; init; }

    public string? ReceiptHash { get; init; }
}

/// How a recording ended; the controller turns it into a redirect or the form again.
public enum Recorded
{
    /// Saved now.
    Saved,
    /// A replay of a form already saved with the same answers: nothing recorded, and "saved" is the truth.
    AlreadySaved,
    /// A form already saved comes back with other answers (the back button): not saved; show both.
    ReplayConflict,
    /// Someone saved the subject after the form was rendered: not saved; show both.
    Conflict,
    /// A rule refused it (no open cycle, a submitted return, a date that is not a date, a file too many).
    Refused,
    /// The subject is not part of the school's current return.
    NotFound,
}

/// <param name="Title">The criterion's or priority's words, when the save read them.</param>
public sealed record RecordOutcome(Recorded Result, string Field = "", string? Message = null, string? FileName = null, string? Title = null);

/// The one way progress is recorded, for success criteria and school priorities alike: the idempotency receipt, the
/// return rule (SchoolReturn.Admit), the version check, the domain call, the evidence file, the saved draft's removal
/// and one SaveChanges (docs/adr/0140). It reads only what the save needs, never the page the form came from.
public sealed class ProgressRecorder(TrustPortalDbContext db, ProgressReader reader, IFileStore files, TimeProvider clock)
{
    private const string FormPrefix = "Form.";

    public async Task<RecordOutcome> RecordAsync(int trustId, ProgressSubject subject, RecordProgressForm form, EvidenceUpload? upload, string userId, string userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(form);
        var fingerprint = ProgressFormReceipts.Fingerprint(subject.ReceiptName, form);
        // One query answers the receipt and the admission; with no open cycle the receipt is asked for alone.
        var admission = await subject.AdmissionAsync(db, reader.OpenCycles(trustId, tracked: true), form.IdempotencyKey, ct);
        var replay = admission is null
            ? await ReplayAsync(trustId, subject, form, fingerprint, ct)
            : Outcome(ProgressFormReceipts.Check(form.IdempotencyKey, admission.HasReceipt, admission.ReceiptHash, fingerprint, admission.Record?.Entry, form));
        if (replay is not null)
        {
            db.ChangeTracker.Clear();
            return replay;
        }
        var (dueOn, dateError) = form.ParseDueOn();
        if (dateError is not null)
        {
            return new RecordOutcome(Recorded.Refused, RecordProgressForm.DueOnKey, dateError);
        }
        if (form.IdempotencyKey == Guid.Empty)
        {
            return new RecordOutcome(Recorded.Refused, "", "The form was incomplete; check your entry and save again");
        }
        decimal? value = null;
        if (!string.IsNullOrWhiteSpace(form.MeasuredValue))
        {
            // Read only when a value is given: most criteria have no measure, and their saves stay as they were.
            var valueField = FormPrefix + nameof(form.MeasuredValue);
            var measure = await subject.MeasureAsync(db, ct);
            try
            {
                value = measure is null
                    ? throw new DomainRuleException(valueField, "This criterion has no measure any more, so it takes no value: clear the current value and save")
                    : measure.CheckValue(MeasureNumber.Parse(form.MeasuredValue, "The current value", valueField, measure.Unit)!.Value, valueField);
            }
            catch (DomainRuleException e)
            {
                return new RecordOutcome(Recorded.Refused, valueField, e.Message.TrimEnd('.'));
            }
        }
        if (admission is null)
        {
            return new RecordOutcome(Recorded.Refused, "", "No review cycle is open, so progress cannot be recorded");
        }
        var (cycle, title, existing, record) = admission;
        if (title is null)
        {
            return new RecordOutcome(Recorded.NotFound);
        }
        if (record is not null ? form.Version != record.Version : form.Version is not null && form.Version != Guid.Empty)
        {
            return new RecordOutcome(Recorded.Conflict);
        }
        if (upload is not null && record is not null)
        {
            await subject.LoadFilesAsync(db, record, ct);
        }
        var now = clock.GetUtcNow();
        var stored = upload is null ? null : await StoreAsync(upload, userName, now, ct);
        try
        {
            var admitted = SchoolReturn.Admit(existing, subject.SchoolId, cycle);
            if (existing is null)
            {
                db.SchoolReturns.Add(admitted);
            }
            var entry = new ProgressEntry(form.Status!.Value, form.Confidence, form.WhatWasDone, form.Impact, form.Evidence, form.NextSteps, form.Owner, dueOn, value);
            if (record is null)
            {
                record = subject.Add(db, cycle.Id, entry, userName, now);
            }
            else if (record is ProgressUpdate criterionUpdate)
            {
                // A change to what the trust received with a submitted return says why; the next board pack shows it.
                var reason = admitted.ReasonForChange(entry.Validated() != criterionUpdate.Entry, form.ChangeReason);
                db.Entry(record).Property(nameof(ProgressRecord.Version)).OriginalValue = form.Version!.Value;
                criterionUpdate.Record(entry, userName, now, reason);
            }
            else
            {
                db.Entry(record).Property(nameof(ProgressRecord.Version)).OriginalValue = form.Version!.Value;
                record.Record(entry, userName, now);
            }
            if (stored is not null)
            {
                if (record is not ProgressUpdate update)
                {
                    throw new DomainRuleException(nameof(ProgressUpdate.Files), "Evidence files are added to success criteria only.");
                }
                update.AttachFile(stored);
            }
        }
        catch (DomainRuleException e)
        {
            await ForgetAsync(stored);
            db.ChangeTracker.Clear();
            return new RecordOutcome(Recorded.Refused, e.Field switch
            {
                nameof(ProgressUpdate.Files) => ProgressEvidenceController.EvidenceFileField,
                SchoolReturn.ChangeReasonField => FormPrefix + nameof(form.ChangeReason),
                _ => "",
            }, e.Message.TrimEnd('.'));
        }
        db.FormReceipts.Add(ProgressFormReceipts.For(form.IdempotencyKey, userId, now, fingerprint));
        if (form.Draft is not null)
        {
            // The draft kept when the session ended is spent once its form is saved.
            var draft = await db.SavedDrafts.SingleOrDefaultAsync(d => d.Token == form.Draft && d.UserId == userId, ct);
            if (draft is not null)
            {
                db.SavedDrafts.Remove(draft);
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Either the same form arrived twice at once (its receipt is now in), or someone else saved first.
            db.ChangeTracker.Clear();
            await ForgetAsync(stored);
            return await ReplayAsync(trustId, subject, form, fingerprint, ct) ?? new RecordOutcome(Recorded.Conflict);
        }
        return new RecordOutcome(Recorded.Saved, FileName: stored?.OriginalName, Title: title);
    }

    /// What the form's receipt says: null for a new form, else the outcome of a replay.
    private async Task<RecordOutcome?> ReplayAsync(int trustId, ProgressSubject subject, RecordProgressForm form, string fingerprint, CancellationToken ct)
    {
        var replay = await ProgressFormReceipts.CheckAsync(db, form.IdempotencyKey, fingerprint, async () =>
        {
            var cycle = await reader.OpenCycleAsync(trustId, ct);
            return cycle is null ? null : await subject.SavedEntryAsync(db, cycle.Id, ct);
        }, form, ct);
        return Outcome(replay);
    }

    private static RecordOutcome? Outcome(FormReplay replay) => replay switch
    {
        FormReplay.SameContent => new RecordOutcome(Recorded.AlreadySaved),
        FormReplay.DifferentContent => new RecordOutcome(Recorded.ReplayConflict),
        _ => null,
    };

    private async Task<EvidenceFile> StoreAsync(EvidenceUpload upload, string userName, DateTimeOffset now, CancellationToken ct)
    {
        string key;
        await using (var stream = upload.File.OpenReadStream())
        {
            key = await files.SaveAsync(stream, upload.Extension, ct);
        }
        return new EvidenceFile(key, EvidenceFiles.SafeName(upload.File.FileName, upload.Extension), upload.ContentType, upload.File.Length, userName, now);
    }

    /// Deletes a stored file whose record was not saved.
    private async Task ForgetAsync(EvidenceFile? stored)
    {
        if (stored is not null)
        {
            await files.DeleteAsync(stored.StoredKey, CancellationToken.None);
        }
    }
}
