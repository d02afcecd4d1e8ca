using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Serilog;
using TrustPortal.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

// Serilog from configuration (appsettings.{Environment}.json): console in Development, rolling JSON files
// in Production. No static bootstrap logger, so several test hosts can share one process.
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(services.GetRequiredService<IConfiguration>())
    .ReadFrom.Services(services)
    .Enrich.FromLogContext());

builder.Services.AddTrustPortalDatabase(builder.Configuration, builder.Environment);
builder.Services.AddSingleton<MarkdownRenderer>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.Configure<RouteOptions>(o =>
{
    o.LowercaseUrls = true;
    o.ConstraintMap[TrustSlugConstraint.Name] = typeof(TrustSlugConstraint);
});
builder.Services
    .AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()))
    .AddRazorOptions(o => o.ViewLocationExpanders.Add(new FeatureFolderViewLocations()));
builder.Services.AddHealthChecks();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}
app.UseMiddleware<CorrelationIdMiddleware>();
app.UseExceptionHandler("/error");
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseSerilogRequestLogging(o => o.EnrichDiagnosticContext = (diagnostics, http) =>
    diagnostics.Set("CorrelationId", http.TraceIdentifier));
app.UseStaticFiles();
app.UseRouting();
app.UseAuthorization();
app.MapHealthChecks("/health/live");
app.MapControllers();

await app.RunAsync();

/// Entry point type, visible to WebApplicationFactory in the tests.
public partial class Program;
