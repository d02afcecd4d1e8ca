using Microsoft.EntityFrameworkCore;

namespace TrustPortal.Web.Data;

/// Saves a change made by "find it, else add it" (a trust's account settings row, its allowed tenants and domains).
/// Two requests at the same moment — two administrators, or one with two tabs — may both add the same row, and the
/// second save then breaks its unique key. That is no fault of the person's: the change is made again, on what the
/// other request saved, up to three times. Lost updates of edited content are a different matter (FormWrites).
public static class SaveRetryingClashes
{
    public static async Task SaveAsync(TrustPortalDbContext db, Func<CancellationToken, Task> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            await change(ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
