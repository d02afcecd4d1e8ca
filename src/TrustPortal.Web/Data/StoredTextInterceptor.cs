using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TrustPortal.Domain;

namespace TrustPortal.Web.Data;

/// The last gate of the portal's text rule (StoredText, docs/adr/0092): every string property of every added or
/// changed row is cleaned before it is written, whatever wrote it — a form, the command line, the GIAS import, the
/// demo loader — so nothing stored can break an export. Forms meet the rule earlier, at binding.
public sealed class StoredTextInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Clean(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Clean(eventData.Context);
        return ValueTask.FromResult(result);
    }

    internal static void Clean(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string value && (entry.State == EntityState.Added || property.IsModified)
                    && !StoredText.IsClean(value))
                {
                    property.CurrentValue = StoredText.Clean(value);
                }
            }
        }
    }
}
