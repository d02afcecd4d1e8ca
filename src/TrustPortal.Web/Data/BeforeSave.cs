using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TrustPortal.Web.Data;

/// A SaveChanges interceptor whose work is done on the tracked rows just before each save, the same for a synchronous
/// and an asynchronous save (the text rule, the audit trail, the version stamp).
public abstract class BeforeSaveInterceptor : SaveChangesInterceptor
{
    public sealed override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context)
        {
            BeforeSave(context);
        }
        return result;
    }

    public sealed override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavingChanges(eventData, result));

    protected abstract void BeforeSave(DbContext context);
}

/// The stored values of a tracked row, as the interceptors read and clean them: the row's own properties and those
/// inside its complex properties (a progress entry, docs/adr/0173), each under its own name, as its column is named.
public static class RowValues
{
    public static IEnumerable<PropertyEntry> Of(EntityEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Properties.Concat(entry.ComplexProperties.SelectMany(Inside));
    }

    private static IEnumerable<PropertyEntry> Inside(ComplexPropertyEntry complex) =>
        complex.Properties.Concat(complex.ComplexProperties.SelectMany(Inside));
}
