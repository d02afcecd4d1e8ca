using Microsoft.Extensions.Options;

namespace TrustPortal.Web.Infrastructure;

/// When a <see cref="PeriodicJob{TOptions}"/> runs: switched on, the wait after start-up, and the interval.
public interface IPeriodicJobOptions
{
    bool Enabled { get; }
    TimeSpan FirstRunDelay { get; }
    TimeSpan Interval { get; }
}

/// A background job every instance runs: after its first delay, once every interval until the portal stops. A run
/// that fails (the database briefly down) is logged and tried again at the next interval; stopping is not a fault.
public abstract class PeriodicJob<TOptions>(IOptions<TOptions> options, TimeProvider clock, ILogger logger) : BackgroundService
    where TOptions : class, IPeriodicJobOptions
{
    /// The job's settings, clock and logger, for its runs too.
    protected TOptions Settings => options.Value;
    protected TimeProvider Clock => clock;
    protected ILogger Logger => logger;

    /// The job's name in the log, e.g. "Retention".
    protected abstract string Name { get; }

    /// One run; the public RunOnceAsync of each job, which tests call directly.
    protected abstract Task RunAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = Settings;
        if (!settings.Enabled)
        {
            return;
        }
        try
        {
            await Task.Delay(settings.FirstRunDelay, clock, stoppingToken);
            using var timer = new PeriodicTimer(settings.Interval, clock);
            do
            {
                try
                {
                    await RunAsync(stoppingToken);
                }
#pragma warning disable CA1031 // A failed run (database briefly down) is logged and tried again at the next interval.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    logger.LogError(e, "{Job} run failed; it runs again in {Interval}", Name, settings.Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
