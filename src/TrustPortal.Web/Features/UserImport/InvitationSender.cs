using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.UserImport;

/// Settings under "UserImport".
public sealed class UserImportOptions
{
    /// Whether this instance runs the background sender (the command line sends its own batch in the foreground).
    public bool SenderEnabled { get; set; } = true;

    /// How often the sender looks for invitations queued by another instance or left by a restart.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// How long a claimed invitation is left to its instance before another may take it over.
    public TimeSpan ClaimFor { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxAttempts { get; set; } = 5;
}

/// Wakes the background sender at once when a batch is confirmed on this instance.
public sealed class InvitationSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}

/// Sends queued invitations: claims a few at a time with an expiry (so two instances never send the same one and a
/// crashed instance's claims are taken over), sends each through the invitation e-mail, and records the outcome.
public sealed class InvitationSender(IServiceScopeFactory scopes, UserImportOptions options, TimeProvider clock, ILogger<InvitationSender> logger)
{
    private const int ChunkSize = 25;

    /// Sends every invitation waiting (of one batch, or of all); returns how many were sent.
    public async Task<int> SendPendingAsync(int? batchId, Func<int, Task>? progress, CancellationToken ct)
    {
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            var sent = await SendChunkAsync(batchId, ct);
            if (sent < 0)
            {
                break;
            }
            total += sent;
            if (progress is not null)
            {
                await progress(total);
            }
        }
        return total;
    }

    /// One claimed chunk; -1 when nothing was left to claim.
    private async Task<int> SendChunkAsync(int? batchId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid().ToString("N");
        var candidates = await db.PendingInvitations
            .Where(p => p.SentUtc == null && p.FailedUtc == null && (p.ClaimedUntilUtc == null || p.ClaimedUntilUtc < now) && (batchId == null || p.BatchId == batchId))
            .OrderBy(p => p.Id).Select(p => p.Id).Take(ChunkSize).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return -1;
        }
        var until = now + options.ClaimFor;
        await db.PendingInvitations
            .Where(p => candidates.Contains(p.Id) && p.SentUtc == null && (p.ClaimedUntilUtc == null || p.ClaimedUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ClaimToken, token).SetProperty(p => p.ClaimedUntilUtc, until), ct);
        var claimed = await db.PendingInvitations.AsNoTracking().Where(p => p.ClaimToken == token)
            .Join(db.UserImportBatches, p => p.BatchId, b => b.Id, (p, b) => new { p.Id, p.UserId, p.Role, p.AddressInUse, p.Attempts, b.TrustId, b.UploadedByUserId, b.UploadedByName, b.BaseUrl })
            .ToListAsync(ct);
        var trustIds = claimed.Select(c => c.TrustId).Distinct().ToList();
        var trustNames = await db.Trusts.AsNoTracking().Where(t => trustIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var invitations = scope.ServiceProvider.GetRequiredService<InvitationMail>();
        var email = scope.ServiceProvider.GetRequiredService<OutgoingMail>();
        var sent = 0;
        foreach (var item in claimed)
        {
            var actorName = $"import by {item.UploadedByName}";
            using var actor = AuditActor.Use(actorName.Length > Domain.Limits.Name ? actorName[..Domain.Limits.Name] : actorName);
            try
            {
                var user = await users.FindByIdAsync(item.UserId);
                if (user is null || user.IsDisabled || string.IsNullOrEmpty(user.Email))
                {
                    // Erased, disabled or removed since the import: nobody to invite.
                    await db.PendingInvitations.Where(p => p.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.FailedUtc, clock.GetUtcNow().UtcDateTime), ct);
                    continue;
                }
                if (item.AddressInUse)
                {
                    await email.SendAsync(AddressInUseMessage(user.Email), ct);
                }
                else
                {
                    await invitations.SendAsync(user, item.Role, trustNames.GetValueOrDefault(item.TrustId, "Your trust"), item.UploadedByUserId, item.UploadedByName, item.BaseUrl, ct);
                }
                await db.PendingInvitations.Where(p => p.Id == item.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.SentUtc, clock.GetUtcNow().UtcDateTime).SetProperty(p => p.ClaimToken, (string?)null), ct);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var attempts = item.Attempts + 1;
                var later = clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(attempts);
                DateTime? failed = attempts >= options.MaxAttempts ? clock.GetUtcNow().UtcDateTime : null;
                logger.LogWarning(e, "Invitation {PendingId} for {UserId} not sent (attempt {Attempts})", item.Id, item.UserId, attempts);
                await db.PendingInvitations.Where(p => p.Id == item.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.Attempts, attempts)
                    .SetProperty(p => p.ClaimToken, (string?)null)
                    .SetProperty(p => p.ClaimedUntilUtc, later)
                    .SetProperty(p => p.FailedUtc, failed), ct);
            }
        }
        return sent;
    }

    /// What the invite page sends when the address already has an account elsewhere (one address, one account).
    public static EmailMessage AddressInUseMessage(string to) => new(to, "An invitation to TrustPortal could not be made",
        "Hello,\n\nA trust administrator tried to invite this e-mail address to the TrustPortal staff portal, but the address " +
        "already has a TrustPortal account with another organisation, and one address can have only one account.\n\n" +
        "Ask the person who invited you to use a different e-mail address for you (for example your address at that trust).\n");
}

/// The background sender: runs on every instance; wakes when a batch is confirmed here, and otherwise looks every few
/// seconds, so a batch confirmed on another instance or interrupted by a restart is finished.
public sealed class InvitationWorker(InvitationSignal queue, InvitationSender sender, UserImportOptions options, ILogger<InvitationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sender.SendPendingAsync(null, null, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be down for a while (a 503 for people): try again at the next look.
                logger.LogWarning(e, "The invitation sender could not run");
            }
            try
            {
                await queue.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class UserImportSetup
{
    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("UserImport").Get<UserImportOptions>() ?? new UserImportOptions();
        services.AddSingleton(options);
        services.AddSingleton<InvitationSignal>();
        services.AddSingleton<InvitationSender>();
        services.AddScoped<UserImporter>();
        if (options.SenderEnabled)
        {
            services.AddHostedService<InvitationWorker>();
        }
    }
}
