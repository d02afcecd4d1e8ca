using Microsoft.AspNetCore.DataProtection;
using TrustPortal.Web.Features.Progress;
using Microsoft.AspNetCore.Mvc;
using Serilog;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Infrastructure.Caching;
using TrustPortal.Web.Infrastructure.Telemetry;

using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web;

/// The composition root, shared by the web server and the command line so both run on the same configuration.
public static class PortalHost
{
    public static WebApplicationBuilder AddTrustPortalServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Serilog from configuration (appsettings.{Environment}.json): console in Development, rolling JSON files
        // in Production. No static bootstrap logger, so several test hosts can share one process.
        // preserveStaticLogger: each host keeps its own logger instead of replacing the static Log.Logger, so
        // events never cross between hosts (the tests run several in one process).
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(services.GetRequiredService<IConfiguration>())
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            // Last, so it sees every property: no invitation token, reset token or SSO code reaches a log line.
            .Enrich.With<SecretRedactingEnricher>(), preserveStaticLogger: true);

        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddTrustPortalForwardedHeaders(builder.Configuration);
        builder.Services.AddTrustPortalDatabase(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<Features.SchoolImport.GiasUploadStore>();
        builder.Services.AddSingleton<Infrastructure.Files.IFileStore, Infrastructure.Files.FileSystemFileStore>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<Features.Board.BoardData>();
        builder.Services.AddScoped<Features.BoardPack.PackBuilder>();
        builder.Services.AddScoped<Features.BoardPack.PackIssuer>();
        builder.Services.AddScoped<Features.BoardMeetings.MeetingReader>();
        builder.Services.AddScoped<Features.Challenges.ChallengeNotifier>();
        builder.Services.AddScoped<FormWrites>();
        builder.Services.AddScoped<Features.SelfEvaluation.SelfEvaluationReader>();
        builder.Services.AddScoped<Features.TrustReview.TrustReviewReader>();
        builder.Services.AddScoped<Features.BoardPack.PackImprovement>();
        builder.Services.AddScoped<Features.Common.EvidenceAttachments>();
        builder.Services.Configure<RouteOptions>(o =>
        {
            o.LowercaseUrls = true;
            o.ConstraintMap[TrustSlugConstraint.Name] = typeof(TrustSlugConstraint);
        });
        if (!Accounts.AccountsSetup.SecureCookies(builder.Configuration) && !builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException("Accounts:Cookies:Secure=false is only for local development over plain http; serve the portal over HTTPS.");
        }
        PortalAddress.Apply(builder.Configuration, builder.Environment);
        builder.Services.AddTrustPortalAccounts(builder.Configuration);
        builder.Services.AddProgressFeature();
        builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection("Retention"));
        builder.Services.AddSingleton<RetentionJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        builder.Services.Configure<Features.Actions.ActionDigestOptions>(builder.Configuration.GetSection("Actions:Digest"));
        builder.Services.AddSingleton<Features.Actions.ActionDigestJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Features.Actions.ActionDigestJob>());
        builder.AddTrustPortalTelemetry();
        builder.Services.AddPublicPageCache(builder.Configuration);
        builder.Services
            .AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add<MfaEnrolmentFilter>();
                o.Filters.Add<AntiforgeryFailureLogger>();
                // The trust's front door, in two steps that run in this order for every page under /{trustSlug}:
                // its status first — an unknown trust's 404 page, a suspended trust's 503 page, also for its people's
                // /admin, /me and /start (ADR 0150), from what the stamp poller already holds, so no SQL — then the
                // trust resolved once for the action and membership checked (ADR 0134).
                o.Filters.Add<Features.Errors.TrustStatusFilter>();
                o.Filters.Add<Authorization.TrustFrontDoor>();
                o.ModelBinderProviders.Insert(0, new Authorization.ResolvedTrustBinderProvider());
                o.ModelBinderProviders.Insert(0, new Authorization.SchoolOfTrustBinderProvider());
                // First, so that every bound string follows the portal's text rule (ADR 0092).
                o.ModelBinderProviders.Insert(0, new StoredTextModelBinderProvider());
            })
            .AddRazorOptions(o => o.ViewLocationExpanders.Add(new FeatureFolderViewLocations()));
        // After MVC's own set-up, so the humane messages replace the defaults and see every attribute.
        builder.Services.PostConfigure<MvcOptions>(HumaneValidationMessages.Configure);
        builder.Services.AddHealthChecks().AddDbContextCheck<TrustPortal.Web.Data.TrustPortalDbContext>("database", tags: ["ready"]);
        // Keys in the database: every instance reads the same key ring, and a restart signs nobody out.
        // Encrypted with the certificate from settings (refused outside Development and Testing without one).
        builder.Services.AddDataProtection()
            .SetApplicationName("TrustPortal")
            .PersistKeysToDbContext<TrustPortal.Web.Data.TrustPortalDbContext>()
            .ProtectKeys(builder.Configuration, builder.Environment);
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        return builder;
    }

    public static WebApplication UseTrustPortalPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Only when telemetry is on (ADR 0170): the database time of each request, error pages included.
        app.UseTrustPortalTelemetry();
        // First, so that HSTS, cookies, antiforgery, the rate limiter and the logs see the client's address and scheme.
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Outside the error handling: one line per request with the status the client really got (a database outage
        // is logged as the 503 it answers, not as a 500 and then again as /error). The exception itself is logged by
        // the exception handler and ErrorsController.
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.EnrichDiagnosticContext = (diagnostics, http) => diagnostics.Set("CorrelationId", http.TraceIdentifier);
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            // The error page gets fresh services: the failed request's DbContext and its cached (failed) sign-in
            // check are not reused, so the page can render while the database is down (see SessionStore).
            CreateScopeForErrors = true,
        });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        // After routing (the cached actions carry the policy) and before authentication: a cache hit for an anonymous
        // visitor runs no authentication, authorisation, MVC or database work. Correlation id and security headers are
        // set by middleware before this one on every response, a cached one included.
        app.UseOutputCache();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        // live: the process answers; ready: it can also reach its database (load balancers use this one).
        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapControllers();
        // An address that matches nothing is a 404 for everyone; without this endpoint the fallback (sign-in)
        // policy would send anonymous visitors of a mistyped URL to the sign-in page.
        app.MapFallback("{*path}", () => Results.NotFound()).AllowAnonymous();
        return app;
    }
}
