using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace TrustPortal.Web.Accounts;

/// Settings under "Accounts:PasswordWork".
public sealed class PasswordWorkOptions
{
    /// How many password hashes may be computed at once; by default half the processors (at least one), so the
    /// rest stay free for everyone else's pages when a whole staff room signs in at the same minute.
    public int MaxConcurrent { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// How long a sign-in may queue for its turn before it is told to try again (503 with Retry-After).
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(30);
}

/// Password hashing (PBKDF2, deliberately slow) is the costliest thing the portal does. Thirty simultaneous
/// sign-ins used to take both cores and held every other page for seconds (docs/performance.md); this gate queues
/// them, first come first served, so they take turns on part of the machine (docs/adr/0090).
public sealed class PasswordWorkGate : IDisposable
{
    private readonly IOptions<PasswordWorkOptions> _options;
    private readonly SemaphoreSlim _slots;

    public PasswordWorkGate(IOptions<PasswordWorkOptions> options, Infrastructure.Telemetry.PortalMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _slots = new(options.Value.MaxConcurrent, options.Value.MaxConcurrent);
        Capacity = options.Value.MaxConcurrent;
        // The queue operators watch during a staff briefing: sign-ins waiting for a turn, and turns in use.
        metrics?.Meter.CreateObservableGauge("trustportal.password_work.queue_length", () => Waiting, "{request}",
            "Sign-ins and password changes waiting for a turn to hash a password.");
        metrics?.Meter.CreateObservableGauge("trustportal.password_work.in_use", () => Capacity - Free, "{slot}",
            "Password hashes being computed now.");
    }

    public int Capacity { get; }

    private int _waiting;

    /// Slots free right now (for tests and diagnostics).
    public int Free => _slots.CurrentCount;

    /// Requests queued for a slot right now (for tests and diagnostics).
    public int Waiting => Volatile.Read(ref _waiting);

    /// Waits for a slot; null when none came free within MaxWait. Dispose the result to give the slot back.
    public async Task<IDisposable?> EnterAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            return await _slots.WaitAsync(_options.Value.MaxWait, ct) ? new Slot(_slots) : null;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}

/// On an action that hashes a password (sign-in, setting or changing a password): the action runs only with a slot
/// of the PasswordWorkGate. Runs after model binding and validation, so an empty form never queues.
[AttributeUsage(AttributeTargets.Method)]
public sealed class PasswordWorkAttribute : Attribute, IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!context.ModelState.IsValid)
        {
            await next();
            return;
        }
        var http = context.HttpContext;
        using var slot = await http.RequestServices.GetRequiredService<PasswordWorkGate>().EnterAsync(http.RequestAborted);
        if (slot is null)
        {
            http.RequestServices.GetRequiredService<ILogger<PasswordWorkGate>>().LogWarning("Password work queue full on {Path}", http.Request.Path);
            http.Response.Headers.RetryAfter = "5";
            context.Result = new StatusCodeResult(StatusCodes.Status503ServiceUnavailable);
            return;
        }
        await next();
    }
}
