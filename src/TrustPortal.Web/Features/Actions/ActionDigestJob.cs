using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustPortal.Domain.Improvement;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Actions;

/// Settings under "Actions:Digest".
public sealed class ActionDigestOptions : IPeriodicJobOptions
{
    public bool Enabled { get; set; } = true;
    /// How often each instance looks for owners still to be sent this week's digest.
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan FirstRunDelay { get; set; } = TimeSpan.FromMinutes(2);
}

/// The weekly e-mail to each owner of actions that are due (within 14 days) or overdue. Every instance of the portal
/// runs it; each owner's e-mail for a week is claimed by inserting an <see cref="ActionDigestReceipt"/> under a unique
/// (week, user) index before it is sent, so exactly one instance sends it (ADR 0166). No lock is held and no instance
/// waits for another; a run that fails part-way leaves the rest for the next run.
public sealed class ActionDigestJob(IServiceScopeFactory scopes, IOptions<ActionDigestOptions> options, TimeProvider clock, IConfiguration configuration, ILogger<ActionDigestJob> logger)
    : PeriodicJob<ActionDigestOptions>(options, clock, logger)
{
    protected override string Name => "Action digest";

    protected override Task RunAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// The ISO week a moment falls in, e.g. "2026-W49": the digest's interval.
    public static string WeekOf(DateTimeOffset at)
    {
        var day = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}");
    }

    /// Sends this week's digest to every owner who has due or overdue actions and has not had it yet; the number sent.
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var week = WeekOf(now);
        var horizon = today.AddDays(ImprovementAction.DueWithinDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var mail = scope.ServiceProvider.GetRequiredService<OutgoingMail>();
        var rows = await (from a in db.ImprovementActions.AsNoTracking()
                          join u in db.Users on a.OwnerId equals u.Id
                          join t in db.Trusts on a.TrustId equals t.Id
                          where (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueOn <= horizon
                              && !u.IsDisabled && u.Email != null
                              && !db.ActionDigestReceipts.Any(r => r.Week == week && r.UserId == a.OwnerId)
                          orderby a.DueOn, a.Id
                          select new { a.OwnerId, u.Email, u.DisplayName, t.Slug, a.Description, a.DueOn, a.Status })
            .ToListAsync(ct);
        var baseUrl = (configuration[PortalAddress.BaseUrlSetting] ?? "").TrimEnd('/');
        var sent = 0;
        foreach (var owner in rows.GroupBy(r => r.OwnerId))
        {
            var receipt = new ActionDigestReceipt { Week = week, UserId = owner.Key, SentAt = now };
            db.ActionDigestReceipts.Add(receipt);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance claimed this owner's digest for the week first.
                db.Entry(receipt).State = EntityState.Detached;
                continue;
            }
            var first = owner.First();
            var lines = owner.Select(a => $"- {(ImprovementAction.Timing(a.Status, a.DueOn, today) == ActionTiming.Overdue ? "OVERDUE" : "Due")} {a.DueOn.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}: {a.Description}");
            var body = $"Hello {first.DisplayName},\n\nThese actions of yours are due within two weeks or overdue:\n\n{string.Join('\n', lines)}\n\n" +
                $"See and update them in My actions: {baseUrl}/{first.Slug}/actions/mine\n";
            try
            {
                await mail.SendAsync(new EmailMessage(first.Email!, "Your actions due this week", body), ct);
                sent++;
            }
#pragma warning disable CA1031 // One owner's failed e-mail must not stop the others; their claim is released for the next run.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Logger.LogWarning(e, "Action digest for {UserId} not sent; it is tried again at the next run", owner.Key);
                db.ActionDigestReceipts.Remove(receipt);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        if (sent > 0)
        {
            Logger.LogInformation("Action digest for {Week} sent to {Owners} owners", week, sent);
        }
        return sent;
    }
}
