using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Accounts;

/// The one way a settings page gets its trust's <see cref="TrustAccountPolicy"/> to change it: a trust has no row until
/// its first setting is saved (staff MFA, staff evidence, sign-in settings). Find it in the Load of a FormWrite that sets
/// RetryClashes, so two first saves at once both land: the second is made again on the row the first added.
public static class TrustAccountPolicies
{
    public static async Task<TrustAccountPolicy> FindOrAddAsync(TrustPortalDbContext db, int trustId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.TrustAccountPolicies.SingleOrDefaultAsync(p => p.TrustId == trustId, ct) is { } policy)
        {
            return policy;
        }
        var made = new TrustAccountPolicy { TrustId = trustId };
        db.TrustAccountPolicies.Add(made);
        return made;
    }
}
