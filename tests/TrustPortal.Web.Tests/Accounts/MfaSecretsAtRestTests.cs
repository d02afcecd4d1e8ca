using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// A copy of the database does not defeat MFA: authenticator keys are encrypted, recovery codes hashed, and rows from
/// before are converted (issue 18, item 3).
[Collection(SharedPortal.Name)]
public sealed class MfaSecretsAtRestTests(PortalFactory factory)
{
    private static Task<string?> StoredAsync(TrustPortalDbContext db, string userId, string name) =>
        db.UserTokens.AsNoTracking().Where(t => t.UserId == userId && t.LoginProvider == PortalUserStore.IdentityProvider && t.Name == name)
            .Select(t => t.Value).SingleOrDefaultAsync();

    [Fact]
    public async Task The_authenticator_key_is_stored_encrypted_and_sign_in_with_it_still_works()
    {
        var (_, id, _, key) = await factory.SignedInClientAsync(Roles.Trustee);

        using var scope = factory.Services.CreateScope();
        var stored = await StoredAsync(scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>(), id, PortalUserStore.AuthenticatorKeyName);
        Assert.StartsWith(AuthenticatorSecrets.KeyPrefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(key!, stored!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recovery_codes_are_stored_only_as_hashes_and_each_works_once()
    {
        var (id, _, _) = await factory.CreateUserAsync(Roles.Trustee);
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByIdAsync(id))!;
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();

        var stored = await StoredAsync(scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>(), id, PortalUserStore.RecoveryCodesName);
        Assert.StartsWith(AuthenticatorSecrets.CodesPrefix, stored, StringComparison.Ordinal);
        Assert.All(codes, c => Assert.DoesNotContain(c, stored!, StringComparison.OrdinalIgnoreCase));
        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[3])).Succeeded);
        Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[3])).Succeeded);
        Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(user, "not-a-code")).Succeeded);
        Assert.Equal(9, await users.CountRecoveryCodesAsync(user));
    }

    [Fact]
    public async Task Secrets_stored_in_clear_before_are_encrypted_and_hashed_at_start_up_and_still_work()
    {
        var (id, _, _) = await factory.CreateUserAsync(Roles.Trustee, enrolMfa: false);
        const string plainKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ";
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        db.UserTokens.Add(new IdentityUserToken<string> { UserId = id, LoginProvider = PortalUserStore.IdentityProvider, Name = PortalUserStore.AuthenticatorKeyName, Value = plainKey });
        db.UserTokens.Add(new IdentityUserToken<string> { UserId = id, LoginProvider = PortalUserStore.IdentityProvider, Name = PortalUserStore.RecoveryCodesName, Value = "AAAAA-BBBBB;CCCCC-DDDDD" });
        await db.SaveChangesAsync();

        var converted = await AuthenticatorSecrets.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>(), CancellationToken.None);

        Assert.True(converted >= 2);
        Assert.DoesNotContain(plainKey, await StoredAsync(db, id, PortalUserStore.AuthenticatorKeyName), StringComparison.Ordinal);
        Assert.DoesNotContain("AAAAA-BBBBB", await StoredAsync(db, id, PortalUserStore.RecoveryCodesName), StringComparison.Ordinal);
        Assert.Equal(0, await AuthenticatorSecrets.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>(), CancellationToken.None));
        using var fresh = factory.Services.CreateScope();
        var users = fresh.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByIdAsync(id))!;
        Assert.Equal(plainKey, await users.GetAuthenticatorKeyAsync(user));
        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(user, "CCCCC-DDDDD")).Succeeded);
    }

    [Fact]
    public async Task The_demo_accounts_published_key_is_encrypted_too_and_still_gives_the_codes_people_compute()
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var trustee = (await users.FindByEmailAsync("trustee@demo.trustportal.test"))!;
        var stored = await StoredAsync(scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>(), trustee.Id, PortalUserStore.AuthenticatorKeyName);
        Assert.StartsWith(AuthenticatorSecrets.KeyPrefix, stored, StringComparison.Ordinal);
        Assert.Equal(DemoAccounts.AuthenticatorKey, await users.GetAuthenticatorKeyAsync(trustee));
    }
}
