using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Tests.Infrastructure;

/// The loop the retention job and the action digest share: runs after the first delay, a failed run is logged and the
/// job goes on, a job switched off never runs, and stopping is not a fault.
public sealed class PeriodicJobTests
{
    [Fact]
    public async Task A_failed_run_is_logged_with_the_jobs_name_and_the_job_goes_on_until_stopped()
    {
        var logger = new ListLogger();
        using var job = new FailingJob(new Schedule { Enabled = true, FirstRunDelay = TimeSpan.Zero, Interval = TimeSpan.FromHours(1) }, logger);
        await job.StartAsync(CancellationToken.None);
        await job.FirstRun.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await job.StopAsync(CancellationToken.None);
        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(1, job.Runs);
        var error = Assert.Single(logger.Errors);
        Assert.Equal("Failing run failed; it runs again in 01:00:00", error);
    }

    [Fact]
    public async Task A_job_switched_off_never_runs()
    {
        using var job = new FailingJob(new Schedule { Enabled = false, FirstRunDelay = TimeSpan.Zero, Interval = TimeSpan.FromHours(1) }, new ListLogger());
        await job.StartAsync(CancellationToken.None);
        await job.ExecuteTask!;
        await job.StopAsync(CancellationToken.None);
        Assert.Equal(0, job.Runs);
    }

    private sealed class Schedule : IPeriodicJobOptions
    {
        public bool Enabled { get; init; }
        public TimeSpan FirstRunDelay { get; init; }
        public TimeSpan Interval { get; init; }
    }

    private sealed class FailingJob(Schedule schedule, ILogger logger) : PeriodicJob<Schedule>(Options.Create(schedule), TimeProvider.System, logger)
    {
        public TaskCompletionSource FirstRun { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Runs { get; private set; }

        protected override string Name => "Failing";

        protected override Task RunAsync(CancellationToken ct)
        {
            Runs++;
            FirstRun.TrySetResult();
            throw new InvalidOperationException("The database is down");
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error)
            {
                lock (Errors)
                {
                    Errors.Add(formatter(state, exception));
                }
            }
        }
    }
}
