using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Accounts;

/// Settings under "Accounts:RateLimits".
public sealed class SignInRateLimits
{
    /// A school's whole staff share its one NAT address and sign in together at the Monday briefing: the
    /// per-address limit must let the largest school (about 250 staff) in within a minute. The per-account limit and
    /// the lockout protect each account (ADR 0075).
    public const int DefaultPerAddressPerMinute = 300;

    public int PerAddressPerMinute { get; set; } = DefaultPerAddressPerMinute;
    public int PerAccountPerMinute { get; set; } = 10;
}

/// Limits sign-in attempts per typed e-mail address; the per-address (IP) limit is the framework's policy.
public sealed class SignInAccountLimiter(SignInRateLimits limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.PerAccountPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// Whether another attempt for this address fits in the window; when not, how long until the window ends.
    public bool TryAcquire(string email, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var lease = _limiter.AttemptAcquire(email.Trim().ToUpperInvariant());
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    /// The Retry-After header value (whole seconds, at least one) for a wait.
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _limiter.Dispose();
}

public static class AccountsSetup
{
    public const string CookieName = "__Host-TrustPortal";
    public const string SignInRateLimitPolicy = "sign-in";

    /// Accounts:Cookies:Secure (default true): Secure, __Host- cookies that need HTTPS. Only local development over
    /// plain http (the README's `dotnet run`) turns it off; PortalHost refuses that outside Development.
    public static bool SecureCookies(IConfiguration configuration) => configuration.GetValue("Accounts:Cookies:Secure", true);

    public static IServiceCollection AddTrustPortalAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        var secure = SecureCookies(configuration);
        // The __Host- prefix is only accepted by browsers on a Secure cookie.
        var cookieName = secure ? CookieName : "TrustPortal";
        var securePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddHttpContextAccessor();
        services.AddSingleton<IInterceptor, AuditInterceptor>();
        services.Configure<SessionOptions>(configuration.GetSection("Accounts:Sessions"));
        var limits = configuration.GetSection("Accounts:RateLimits").Get<SignInRateLimits>() ?? new SignInRateLimits();
        services.AddSingleton(limits);
        services.AddSingleton<SignInAccountLimiter>();
        services.Configure<PasswordWorkOptions>(configuration.GetSection("Accounts:PasswordWork"));
        services.AddSingleton<PasswordWorkGate>();
        var email = configuration.GetSection("Email").Get<EmailOptions>() ?? new EmailOptions();
        services.AddSingleton(email);
        if (string.Equals(email.Sender, "Smtp", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, FolderEmailSender>();
        }

        services.AddIdentity<PortalUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                // NCSC / ASVS 5.0: length, no composition rules; the deny list is DenyListPasswordValidator.
                o.Password.RequiredLength = Domain.Accounts.PasswordRules.MinimumLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                // No hard lock that an attacker could trigger: Identity only counts failures, and SignInThrottle makes
                // the account wait longer and longer between checks (issue 18, item 5).
                o.Lockout.MaxFailedAccessAttempts = int.MaxValue;
                o.Lockout.DefaultLockoutTimeSpan = SignInThrottle.MaxDelay;
                o.Lockout.AllowedForNewUsers = true;
                o.Tokens.AuthenticatorTokenProvider = TotpTokenProvider.Name;
            })
            .AddEntityFrameworkStores<TrustPortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddTokenProvider<TotpTokenProvider>(TotpTokenProvider.Name)
            .AddPasswordValidator<DenyListPasswordValidator>();
        // After AddEntityFrameworkStores: MFA secrets encrypted and hashed at rest.
        services.AddScoped<IUserStore<PortalUser>, PortalUserStore>();

        services.AddScoped<SignInThrottle>();
        services.AddScoped<EqualTimeWork>();
        services.AddScoped<SessionStore>();
        services.AddScoped<MfaPolicy>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<InvitationMail>();
        PasswordResets.AddTo(services, configuration);
        Features.UserImport.UserImportSetup.AddTo(services, configuration);
        services.AddScoped<SubjectAccessExport>();
        services.AddScoped<Erasure>();
        services.AddScoped<DemoAccounts>();
        services.AddSingleton(LogHashKey.From(configuration));
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<OutgoingMail>();
        services.AddSingleton<SecurityEvents>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = cookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = securePolicy;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.Path = "/";
            // The absolute limit; the idle limit is checked on the server-side session (SessionStore).
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = false;
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/error/403";
            o.Events.OnValidatePrincipal = SessionStore.ValidatePrincipalAsync;
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<SecurityEvents>().Forbidden(context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, IdentityConstants.TwoFactorUserIdScheme })
        {
            // Cookie expiry follows the same clock as the sessions (a fake one in tests).
            services.AddOptions<CookieAuthenticationOptions>(scheme).Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);
        }
        foreach (var (scheme, name) in new[]
        {
            (IdentityConstants.TwoFactorUserIdScheme, cookieName + ".Mfa"),
            (IdentityConstants.TwoFactorRememberMeScheme, cookieName + ".MfaRemember"),
            (IdentityConstants.ExternalScheme, cookieName + ".External"),
        })
        {
            services.Configure<CookieAuthenticationOptions>(scheme, o =>
            {
                o.Cookie.Name = name;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = securePolicy;
                // The external cookie is written in answer to the identity provider's cross-site form post and read on
                // the redirects that follow it, which end on the code page: browsers withhold Strict cookies along a
                // chain that began on another site. Both are short-lived and only complete a sign-in already begun.
                o.Cookie.SameSite = scheme == IdentityConstants.TwoFactorRememberMeScheme ? SameSiteMode.Strict : SameSiteMode.Lax;
                o.Cookie.Path = "/";
            });
        }
        // TempData (the one-line success banners) travels in a cookie: the same Secure, __Host- treatment as the others.
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = cookieName + ".TempData";
            o.Cookie.SecurePolicy = securePolicy;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.HttpOnly = true;
            o.Cookie.Path = "/";
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = cookieName + ".Antiforgery";
            o.Cookie.SecurePolicy = securePolicy;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.Path = "/";
        });

        ExternalProviders.AddTrustPortalSingleSignOn(services, configuration, secure);
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme, o => o.ExpireTimeSpan = TimeSpan.FromMinutes(5));

        services.AddScoped<IAuthorizationHandler, SchoolAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, TrustAuthorizationHandler>();
        services.AddAuthorization(Policies.Add);

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                // Tell a well-behaved client (and the person, through the page) when the window ends.
                context.HttpContext.Response.Headers.RetryAfter = SignInAccountLimiter.RetryAfterSeconds(
                    context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1));
                context.HttpContext.RequestServices.GetRequiredService<SecurityEvents>().RateLimited(context.HttpContext.Request.Path, "address");
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(SignInRateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }
}
