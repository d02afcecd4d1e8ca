using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Messages;

[AllowAnonymous]
[OutputCache(PolicyName = PublicPageCache.PolicyName)]
[Route("{trustSlug:trust}/messages")]
public sealed class MessagesController(TrustPortalDbContext db, TrustPageCache reads) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, CancellationToken ct)
    {
        var memberOf = User.MemberOf();
        var model = await reads.GetOrLoadAsync("messages", trust.Slug, memberOf, c => LoadListAsync(trust, memberOf, c), ct);
        return model is null ? NotFound() : View(model);
    }

    private async Task<MessageListViewModel?> LoadListAsync(TrustBrand trust, int? memberOf, CancellationToken ct)
    {
        var messages = await db.CeoMessages.AsNoTracking()
            .Where(m => m.TrustId == trust.Id && m.IsPublished).Where(Audiences.SeenBy<CeoMessage>(memberOf))
            .OrderByDescending(m => m.PublishedOn)
            .Select(m => new MessageRow(m.Slug, m.Title, m.Author, m.PublishedOn, m.DateIsInvented, m.Audience))
            .ToListAsync(ct);
        return new MessageListViewModel(trust, messages);
    }

    [HttpGet("{messageSlug}")]
    public async Task<IActionResult> Show(TrustBrand trust, string messageSlug, CancellationToken ct)
    {
        var memberOf = User.MemberOf();
        var model = await reads.GetOrLoadAsync("message:" + messageSlug, trust.Slug, memberOf, c => LoadMessageAsync(trust, messageSlug, memberOf, c), ct);
        return model is null ? NotFound() : View(model);
    }

    private async Task<MessageViewModel?> LoadMessageAsync(TrustBrand trust, string messageSlug, int? memberOf, CancellationToken ct)
    {
        var message = await db.CeoMessages.AsNoTracking()
            .Where(m => m.TrustId == trust.Id && m.Slug == messageSlug && m.IsPublished).Where(Audiences.SeenBy<CeoMessage>(memberOf))
            .Select(m => new MessageDetails(m.Title, m.TitleIsInvented, m.Author, m.AuthorRole, m.AuthorRoleIsInvented, m.PublishedOn, m.DateIsInvented, m.Body, m.Audience))
            .SingleOrDefaultAsync(ct);
        return message is null ? null : new MessageViewModel(trust, message);
    }

}

public sealed record MessageRow(string Slug, string Title, string Author, DateOnly? PublishedOn, bool DateIsInvented, Audience Audience)
{
    public bool StaffOnly => Audiences.IsStaffOnly(Audience);
}

public sealed record MessageListViewModel(TrustBrand Trust, IReadOnlyList<MessageRow> Messages) : ITrustPage
{
    public TrustSection Section => TrustSection.Messages;
}

public sealed record MessageDetails(string Title, bool TitleIsInvented, string Author, string? AuthorRole, bool AuthorRoleIsInvented,
    DateOnly? PublishedOn, bool DateIsInvented, string Body, Audience Audience)
{
    public bool StaffOnly => Audiences.IsStaffOnly(Audience);
}

public sealed record MessageViewModel(TrustBrand Trust, MessageDetails Message) : ITrustPage
{
    public TrustSection Section => TrustSection.Messages;
}
