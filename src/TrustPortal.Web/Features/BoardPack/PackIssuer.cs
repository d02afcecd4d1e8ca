using TrustPortal.Domain;
using TrustPortal.Domain.Board;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.BoardPack;

/// Issues the current pack to a meeting: every format rendered once and frozen (ADR 0161). Used by the packs page and
/// by a board meeting's page, which also makes the pack one of the meeting's papers.
public sealed class PackIssuer(TrustPortalDbContext db, PackBuilder builder, TimeProvider clock)
{
    public static readonly IReadOnlyDictionary<string, (string ContentType, Func<PackModel, byte[]> Render)> Formats =
        new Dictionary<string, (string ContentType, Func<PackModel, byte[]> Render)>(StringComparer.Ordinal)
        {
            ["docx"] = (PackDocx.ContentType, PackDocx.Render),
            ["pdf"] = (PackPdf.ContentType, PackPdf.Render),
            ["xlsx"] = (PackXlsx.ContentType, PackXlsx.Render),
            ["csv"] = (PackCsv.ContentType, PackCsv.Render),
        };

    /// Said when there is no pack to issue: the trust has no plan to report on.
    public const string NothingToReport = "The trust has no plan to report on yet, so no pack can be issued.";

    /// The issued pack, added to the context for the caller's write (FormWrites) to save; null when the trust has no
    /// plan to report on. A broken rule throws with its field.
    public async Task<IssuedPack?> IssueAsync(TrustBrand trust, string meetingTitle, DateOnly meetingOn, PackScope scope, string by, BoardMeeting? meeting, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var pack = await builder.BuildAsync(trust, new PackRequest(null, null, null, scope, by, meetingTitle, meetingOn), ct);
        if (pack is null)
        {
            return null;
        }
        var issued = new IssuedPack(trust.Id, pack.CycleId ?? throw new DomainRuleException("The plan has no review cycle to report on yet."),
            meetingOn, meetingTitle, scope, by, clock.GetUtcNow());
        foreach (var (format, (contentType, render)) in Formats)
        {
            issued.Freeze(format, contentType, FileName(pack, format), render(pack));
        }
        if (meeting is not null)
        {
            issued.LinkTo(meeting);
        }
        db.IssuedPacks.Add(issued);
        return issued;
    }

    /// e.g. kestrel-ridge-learning-trust-board-pack-autumn-2026-2026-11-22.pdf: safe ASCII, no spaces.
    public static string FileName(PackModel pack, string format)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return $"{pack.Cover.TrustSlug}-board-pack-{Slugs.From(pack.Cover.CycleName)}-{(pack.Cover.MeetingOn ?? pack.Cover.PreparedOn).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}.{format}";
    }
}
