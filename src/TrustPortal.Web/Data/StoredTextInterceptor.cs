using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;

namespace TrustPortal.Web.Data;

/// The last gate of the portal's text rule (StoredText, docs/adr/0092): every string property of every added or
/// changed row (a progress entry's narrative included) is cleaned before it is written, whatever wrote it — a form,
/// the command line, the GIAS import, the demo loader — so nothing stored can break an export. Forms meet the rule
/// earlier, at binding.
public sealed class StoredTextInterceptor : BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            foreach (var property in RowValues.Of(entry))
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
