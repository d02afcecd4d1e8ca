using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.Progress;

/// What a progress form's idempotency key says about a post that carries it.
public enum FormReplay
{
    /// The key has not been recorded: this is the form's first save.
    New,
    /// The form was recorded already with exactly this content (double click, browser retry): nothing to do, "saved".
    SameContent,
    /// The form was recorded already with other content (back button, edit, save again): the edit is not saved and
    /// must be shown as a conflict beside what is saved, never answered "saved".
    DifferentContent,
}

/// Receipts of recorded progress forms (criteria and school priorities), each with a fingerprint of what was posted,
/// so a replay is answered "saved" only when its content is the same as the post that was recorded (docs/adr/0040).
public static class ProgressFormReceipts
{
    /// SHA-256 of what the person entered, for one criterion or priority of one school: the status, the confidence,
    /// the texts, the due date and the measure's current value as posted. Each part is length-prefixed, so no two different forms share a text.
    public static string Fingerprint(string subject, RecordProgressForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var text = new StringBuilder();
        foreach (var part in new[]
        {
            subject, form.Status?.ToString(), form.Confidence?.ToString(), form.WhatWasDone, form.Impact, form.Evidence,
            form.NextSteps, form.Owner, form.DueOn.Day?.Trim(), form.DueOn.Month?.Trim(), form.DueOn.Year?.Trim(),
        })
        {
            var value = part ?? "";
            text.Append(value.Length).Append(':').Append(value).Append('\n');
        }
        if (!string.IsNullOrWhiteSpace(form.MeasuredValue))
        {
            // Only when given, so that a form without a measure keeps the fingerprint it always had.
            var value = form.MeasuredValue.Trim();
            text.Append("value ").Append(value.Length).Append(':').Append(value).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// What the form's key says about this post. A receipt written before fingerprints were kept has none: the post
    /// then counts as the same content only if it matches what is saved now.
    public static async Task<FormReplay> CheckAsync(TrustPortalDbContext db, Guid key, string fingerprint, Func<Task<ProgressEntry?>> saved, RecordProgressForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(saved);
        if (key == Guid.Empty)
        {
            return FormReplay.New;
        }
        var receipt = await db.FormReceipts.AsNoTracking().Where(r => r.Key == key).Select(r => new { r.ContentHash }).SingleOrDefaultAsync(ct);
        if (receipt is null)
        {
            return FormReplay.New;
        }
        return Check(key, true, receipt.ContentHash, fingerprint, receipt.ContentHash is null ? await saved() : null, form);
    }

    /// The same answer from a receipt already read with other things (the recorder's admission query):
    /// <paramref name="found"/> whether the key was recorded, <paramref name="hash"/> its fingerprint, and
    /// <paramref name="saved"/> the entry saved now (compared only for a receipt that has no fingerprint).
    public static FormReplay Check(Guid key, bool found, string? hash, string fingerprint, ProgressEntry? saved, RecordProgressForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (key == Guid.Empty || !found)
        {
            return FormReplay.New;
        }
        var same = hash is not null
            ? string.Equals(hash, fingerprint, StringComparison.Ordinal)
            : saved is not null && Matches(saved, form);
        return same ? FormReplay.SameContent : FormReplay.DifferentContent;
    }

    public static FormReceipt For(Guid key, string userId, DateTimeOffset now, string fingerprint) =>
        new() { Key = key, UserId = userId, RecordedUtc = now.UtcDateTime, ContentHash = fingerprint };

    private static bool Matches(ProgressEntry saved, RecordProgressForm form)
    {
        var posted = RecordProgressForm.From(saved, null);
        return Fingerprint("", posted) == Fingerprint("", form);
    }
}
