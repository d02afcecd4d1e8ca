using System.Linq.Expressions;

namespace TrustPortal.Domain;

/// Trust content that says who may read it.
public interface IHasAudience
{
    int TrustId { get; }
    Audience Audience { get; }
}

/// The audience rule, written once: public content is for everyone; staff-only content is for the signed-in people
/// of its own trust. <c>memberOf</c> is the trust of the person reading (null for a visitor, or for someone signed in
/// who belongs to no trust, like the service operator).
public static class Audiences
{
    public static bool Sees(Audience audience, int trustId, int? memberOf) =>
        audience == Audience.Public || trustId == memberOf;

    /// The same rule for a query: <c>db.CeoMessages.Where(Audiences.SeenBy&lt;CeoMessage&gt;(memberOf))</c>, or inside a
    /// projection <c>t.Values.AsQueryable().Where(Audiences.SeenBy&lt;TrustValue&gt;(memberOf))</c>.
    public static Expression<Func<T, bool>> SeenBy<T>(int? memberOf) where T : class, IHasAudience =>
        item => item.Audience == Audience.Public || item.TrustId == memberOf;

    /// Shown with a "staff only" tag to those who may see it.
    public static bool IsStaffOnly(Audience audience) => audience == Audience.Staff;
}
