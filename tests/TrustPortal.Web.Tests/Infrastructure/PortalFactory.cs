using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace TrustPortal.Web.Tests.Infrastructure;

/// The portal on a fresh SQLite file with the five demo trusts, shared by every HTTP test in the run
/// (one host per process keeps the suite fast; tests that change data create their own rows).
public class PortalFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trustportal-tests", Guid.NewGuid().ToString("N"));

    public QueryCounter Queries { get; } = new();

    /// Settings a derived factory may change, e.g. another provider.
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:TrustPortal"] = $"Data Source={Path.Combine(_folder, "portal.db")}",
        ["Database:SeedDemoData"] = "true",
        ["Database:MigrateOnStartup"] = "true",
        ["Database:SeedDemoAccounts"] = "true",
        ["Files:Root"] = Path.Combine(_folder, "files"),
        // Many tests sign in from the same (test server) address; the limiter has its own factory and tests.
        ["Accounts:RateLimits:PerAddressPerMinute"] = "100000",
        ["Accounts:RateLimits:PerAccountPerMinute"] = "100000",
        // Likewise for reset links; PasswordResetRateLimitTests has its own factory with low limits.
        ["Accounts:PasswordReset:PerEmailPerHour"] = "100000",
        ["Accounts:PasswordReset:PerClientPerHour"] = "100000",
        // The retention job would run mid-run on the moved clock; its tests call RunOnceAsync.
        ["Retention:Enabled"] = "false",
        // Likewise the weekly action digest; its tests call RunOnceAsync.
        ["Actions:Digest:Enabled"] = "false",
        // The bulk import's invitation sender polls the database: its queries would land in the query-count tests'
        // windows. UserImportPortalFactory turns it on.
        ["UserImport:SenderEnabled"] = "false",
    };

    /// The portal's clock: real time plus an offset that a test may move forward.
    public TestClock Clock { get; } = new();

    /// E-mail the portal sent, instead of SMTP or a folder.
    public CapturingEmailSender Emails { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IInterceptor>(Queries);
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<TrustPortal.Web.Infrastructure.IEmailSender>(Emails);
            services.AddSingleton<Serilog.Core.ILogEventSink>(LogEvents);
        });
    }

    /// Every Serilog event the portal writes (Serilog reads sinks from the services), newest last.
    public CapturedLog LogEvents { get; } = new();

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// A client on https://localhost, so its cookie container keeps and sends the portal's Secure (__Host-) cookies.
    public HttpClient CreateSecureClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by the OS is left in the temp folder; nothing depends on it.
            }
        }
    }
}

/// Real time plus an adjustable offset, so session timeouts can be tested without waiting.
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

public sealed class CapturingEmailSender : TrustPortal.Web.Infrastructure.IEmailSender
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<TrustPortal.Web.Infrastructure.EmailMessage> _sent = new();

    public IReadOnlyList<TrustPortal.Web.Infrastructure.EmailMessage> Sent => [.. _sent];

    public Task SendAsync(TrustPortal.Web.Infrastructure.EmailMessage message, CancellationToken ct)
    {
        _sent.Enqueue(message);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SharedPortal : ICollectionFixture<PortalFactory>
{
    public const string Name = "portal";
}

/// Counts the SQL commands the portal sends, so tests can assert a page's query count is bounded.
public sealed class QueryCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _commands = new();

    /// The start of each command counted since the last reset, to say in a failure what the round trips were.
    public IReadOnlyList<string> Commands => [.. _commands];

    private readonly System.Collections.Concurrent.ConcurrentQueue<CapturedCommand> _captured = new();

    /// Keep each command whole with copies of its parameters (for EXPLAIN); off unless a test turns it on.
    public bool CaptureWhole { get; set; }

    /// The whole commands since the last reset while <see cref="CaptureWhole"/> was on.
    public IReadOnlyList<CapturedCommand> Captured => [.. _captured];

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        _commands.Clear();
        _captured.Clear();
    }

    private void Add(DbCommand command)
    {
        Interlocked.Increment(ref _count);
        _commands.Enqueue(command.CommandText.Length <= 160 ? command.CommandText : command.CommandText[..160]);
        if (CaptureWhole)
        {
            _captured.Enqueue(new CapturedCommand(command.CommandText,
                [.. command.Parameters.Cast<DbParameter>().Select(p => p is ICloneable c ? (DbParameter)c.Clone() : p)]));
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Add(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return ValueTask.FromResult(result);
    }
}

/// A command as the portal sent it: its SQL and copies of its bound parameters.
public sealed record CapturedCommand(string Sql, IReadOnlyList<DbParameter> Parameters);

/// A Serilog sink that keeps the last events in memory for tests to read.
public sealed class CapturedLog : Serilog.Core.ILogEventSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Serilog.Events.LogEvent> _events = new();

    public void Emit(Serilog.Events.LogEvent logEvent)
    {
        _events.Enqueue(logEvent);
        while (_events.Count > 10_000 && _events.TryDequeue(out _))
        {
        }
    }

    public IReadOnlyList<Serilog.Events.LogEvent> Snapshot() => [.. _events];
}
