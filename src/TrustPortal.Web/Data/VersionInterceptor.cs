using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;

namespace TrustPortal.Web.Data;

/// Gives every modified versioned entity a new concurrency token, so a save that started from an older
/// version fails on all three providers (SQLite has no rowversion). A change inside a complex property (a progress
/// entry) marks its row Modified like any other change.
public sealed class VersionInterceptor : BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.NewVersion();
            }
        }
    }
}
