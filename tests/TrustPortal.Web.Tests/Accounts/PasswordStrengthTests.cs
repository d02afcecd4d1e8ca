using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// New passwords are checked against zxcvbn's lists of common and breached passwords and its patterns (issue 18, item 9).
[Collection(SharedPortal.Name)]
public sealed class PasswordStrengthTests(PortalFactory factory)
{
    [Theory]
    [InlineData("123456789012")]
    [InlineData("qwertyuiop123")]
    [InlineData("iloveyou1234")]
    [InlineData("liverpool2026")]
    [InlineData("passwordpassword")]
    public async Task A_common_or_patterned_password_of_twelve_characters_is_refused_with_a_reason(string password)
    {
        using var scope = factory.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        var (result, _) = await admin.CreateAsync($"weak-{Guid.NewGuid():N}@test.trustportal.test", "Weak Password", Roles.Staff,
            await factory.TrustIdAsync(), [], password, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("Password is too", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("marmalade tractor lighthouse")]
    [InlineData("Plenty-long-test-passphrase")]
    [InlineData("Demo-portal-2026")]
    public async Task A_pass_phrase_is_accepted(string password)
    {
        using var scope = factory.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        var (result, _) = await admin.CreateAsync($"strong-{Guid.NewGuid():N}@test.trustportal.test", "Strong Password", Roles.Staff,
            await factory.TrustIdAsync(), [], password, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
    }

    [Fact]
    public void The_persons_own_name_makes_a_password_guessable() =>
        Assert.True(DenyListPasswordValidator.IsGuessable("fitzgeraldine1", ["fitzgeraldine"]));
}
