using OtpNet;
using TrustPortal.Domain.Accounts;

namespace TrustPortal.UnitTests.Accounts;

public sealed class TotpTests
{
    private static readonly byte[] Key = KeyGeneration.GenerateRandomKey(20);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 15, 10, TimeSpan.Zero);

    private static string OtpNetCode(DateTimeOffset at) => new OtpNet.Totp(Key).ComputeTotp(at.UtcDateTime);

    [Fact]
    public void Our_codes_match_an_independent_implementation()
    {
        Assert.Equal(OtpNetCode(Now), Domain.Accounts.Totp.Code(Key, Domain.Accounts.Totp.TimeStep(Now)));
    }

    [Theory]
    [InlineData(-30, true)]
    [InlineData(0, true)]
    [InlineData(30, true)]
    [InlineData(-60, false)]
    [InlineData(60, false)]
    public void Window_is_one_step_either_side(int seconds, bool accepted)
    {
        var code = OtpNetCode(Now.AddSeconds(seconds));
        var collides = !accepted && new[] { -30, 0, 30 }.Any(s => OtpNetCode(Now.AddSeconds(s)) == code);
        if (!collides)
        {
            Assert.Equal(accepted, Domain.Accounts.Totp.Verify(Key, code, Now, null) is not null);
        }
    }

    [Fact]
    public void A_step_at_or_before_the_last_accepted_one_is_refused()
    {
        var step = Domain.Accounts.Totp.Verify(Key, OtpNetCode(Now), Now, null);
        Assert.NotNull(step);
        Assert.Null(Domain.Accounts.Totp.Verify(Key, OtpNetCode(Now), Now, step));
        Assert.NotNull(Domain.Accounts.Totp.Verify(Key, OtpNetCode(Now.AddSeconds(30)), Now, step));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("abcdef")]
    [InlineData("1234567")]
    public void Malformed_codes_are_refused(string code) => Assert.Null(Domain.Accounts.Totp.Verify(Key, code, Now, null));

    [Fact]
    public void Base32_decodes_as_authenticator_apps_encode() =>
        Assert.Equal(Base32Encoding.ToBytes("JBSWY3DPEHPK3PXP"), Domain.Accounts.Totp.DecodeBase32("jbsw y3dp ehpk 3pxp"));
}

public sealed class PasswordRulesTests
{
    [Fact]
    public void The_shipped_list_has_hundreds_of_common_passwords() => Assert.True(PasswordRules.CommonPasswordCount >= 300);

    [Theory]
    [InlineData("short")]
    [InlineData("elevenchars")]
    public void Under_twelve_characters_is_refused(string password) => Assert.NotEmpty(PasswordRules.Check(password, []));

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD 1234")]
    [InlineData("qwertyuiop12")]
    [InlineData("Welcome2026!")]
    public void Common_passwords_are_refused_ignoring_case_and_spaces(string password) =>
        Assert.Contains(PasswordRules.Check(password, []), p => p.Contains("too common", StringComparison.Ordinal));

    [Fact]
    public void The_trust_and_school_names_are_refused()
    {
        Assert.NotEmpty(PasswordRules.Check("Greenfield Primary 99", ["Greenfield Primary"]));
        Assert.NotEmpty(PasswordRules.Check("xx-oaktrust-2026", ["Oak Trust"]));
    }

    [Fact]
    public void A_long_uncommon_pass_phrase_with_no_composition_rules_is_accepted() =>
        Assert.Empty(PasswordRules.Check("marmalade tractor lighthouse", ["Oak Trust"]));
}
