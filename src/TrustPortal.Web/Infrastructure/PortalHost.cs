using Microsoft.AspNetCore.Mvc;
using Serilog;
using TrustPortal.Web.Accounts;

namespace TrustPortal.Web.Infrastructure;

/// The composition root, shared by the web server and the command line so both run on the same configuration.
public static class PortalHost
{
    public static WebApplicationBuilder AddTrustPortalServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Serilog from configuration (appsettings.{Environment}.json): console in Development, rolling JSON files
        // in Production. No static bootstrap logger, so several test hosts can share one process.
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(services.GetRequiredService<IConfiguration>())
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());

        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddTrustPortalDatabase(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<Files.IFileStore, Files.FileSystemFileStore>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<RouteOptions>(o =>
        {
            o.LowercaseUrls = true;
            o.ConstraintMap[TrustSlugConstraint.Name] = typeof(TrustSlugConstraint);
        });
        builder.Services.AddTrustPortalAccounts(builder.Configuration);
        builder.Services
            .AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add<MfaEnrolmentFilter>();
                o.Filters.Add<AntiforgeryFailureLogger>();
            })
            .AddRazorOptions(o => o.ViewLocationExpanders.Add(new FeatureFolderViewLocations()));
        builder.Services.AddHealthChecks();
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
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSerilogRequestLogging(o => o.EnrichDiagnosticContext = (diagnostics, http) =>
            diagnostics.Set("CorrelationId", http.TraceIdentifier));
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live").AllowAnonymous();
        app.MapControllers();
        // An address that matches nothing is a 404 for everyone; without this endpoint the fallback (sign-in)
        // policy would send anonymous visitors of a mistyped URL to the sign-in page.
        app.MapFallback("{*path}", () => Results.NotFound()).AllowAnonymous();
        return app;
    }
}
