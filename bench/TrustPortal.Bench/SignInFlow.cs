using System.Net;
using OtpNet;

namespace TrustPortal.Bench;

public sealed record SignInResult(bool Succeeded, string Message, string? TotpKey, bool Enrolled, int Requests);

/// Signs a person in the way a browser does: the sign-in form with its antiforgery token, then the code page when the
/// account has an authenticator, or the forced enrolment at first sign-in (reads the key printed on the page, answers
/// with a code, and returns the key so later sign-ins can compute codes).
public sealed class SignInFlow(PortalClient client)
{
    private const string SetupPath = "/account/mfa/setup";
    private int _requests;

    public static Task<SignInResult> SignInAsync(PortalClient client, string email, string password, string? totpKey, CancellationToken ct = default) =>
        new SignInFlow(client).RunAsync(email, password, totpKey, ct);

    private async Task<PortalResponse> Step(Task<PortalResponse> call)
    {
        _requests++;
        return await call.ConfigureAwait(false);
    }

    private async Task<SignInResult> RunAsync(string email, string password, string? totpKey, CancellationToken ct)
    {

        var form = await Step(client.GetAsync("/account/sign-in", ct)).ConfigureAwait(false);
        if (form.Status != HttpStatusCode.OK)
        {
            return Fail($"GET /account/sign-in answered {form.Problem()}");
        }
        var posted = await Step(client.SubmitAsync(form, "form[action^='/account/sign-in']",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = password }, ct)).ConfigureAwait(false);
        if (posted.Status == HttpStatusCode.TooManyRequests)
        {
            return Fail("sign-in refused with 429 Too Many Requests (Accounts:RateLimits)");
        }
        if (!posted.IsRedirect)
        {
            return Fail($"sign-in refused: {posted.Problem()}");
        }

        if (posted.Location!.StartsWith("/account/mfa", StringComparison.Ordinal))
        {
            if (totpKey is null)
            {
                return Fail("the account has an authenticator: give its key (--totp-key or the keys file)");
            }
            var codePage = await Step(client.GetAsync(posted.Location, ct)).ConfigureAwait(false);
            if (codePage.Status != HttpStatusCode.OK)
            {
                return Fail($"GET {posted.Location} answered {codePage.Problem()}");
            }
            // Each code is accepted once, within ±1 step of 30 s. If this step's code was used (by the enrolment or a
            // sign-in a moment ago) the next step's is tried; if both were used, the driver waits for the next step,
            // as a person waits for their app's next code. At most three wrong codes count towards the lockout.
            PortalResponse? answer = null;
            foreach (var code in CodesToTry(totpKey))
            {
                answer = await Step(client.SubmitAsync(codePage, "form[action^='/account/mfa']",
                    new Dictionary<string, string> { ["Code"] = await code.ConfigureAwait(false) }, ct)).ConfigureAwait(false);
                if (answer.IsRedirect)
                {
                    break;
                }
                codePage = answer;
            }
            if (answer is null || !answer.IsRedirect)
            {
                return Fail($"the authenticator code was refused: {answer?.Problem()}");
            }
            return await CheckSignedInAsync(answer.Location!, totpKey, ct).ConfigureAwait(false);
        }

        return await CheckSignedInAsync(posted.Location, totpKey, ct).ConfigureAwait(false);

        SignInResult Fail(string message) => new(false, message, totpKey, false, _requests);
    }

    private async Task<SignInResult> CheckSignedInAsync(string landing, string? key, CancellationToken ct)
    {
        var page = await Step(client.GetAsync(landing, ct)).ConfigureAwait(false);
        if (page.IsRedirect && page.Location!.StartsWith(SetupPath, StringComparison.Ordinal))
        {
            return await EnrolAsync(ct).ConfigureAwait(false);
        }
        if (page.IsRedirect && page.Location!.StartsWith("/account/sign-in", StringComparison.Ordinal))
        {
            return new(false, "signed in, but the next page sent the client back to sign-in (cookie not kept?)", key, false, _requests);
        }
        return page.IsSuccessOrRedirect
            ? new(true, "signed in", key, false, _requests)
            : new(false, $"signed in, but {landing} answered {page.Problem()}", key, false, _requests);
    }

    private async Task<SignInResult> EnrolAsync(CancellationToken ct)
    {
        var setup = await Step(client.GetAsync(SetupPath, ct)).ConfigureAwait(false);
        var keyText = setup.Document().QuerySelector("#authenticator-key")?.TextContent;
        if (keyText is null)
        {
            // No key yet: press "Create a key for my app", then read the page again.
            var created = await Step(client.SubmitAsync(setup, "form[action='/account/mfa/setup/key']", null, ct)).ConfigureAwait(false);
            if (!created.IsRedirect)
            {
                return new(false, $"creating an authenticator key failed: {created.Problem()}", null, false, _requests);
            }
            setup = await Step(client.GetAsync(SetupPath, ct)).ConfigureAwait(false);
            keyText = setup.Document().QuerySelector("#authenticator-key")?.TextContent;
        }
        if (keyText is null)
        {
            return new(false, $"the enrolment page shows no key: {setup.Problem()}", null, false, _requests);
        }
        var key = keyText.Replace(" ", "", StringComparison.Ordinal).Trim();
        var done = await Step(client.SubmitAsync(setup, "form[action='/account/mfa/setup']",
            new Dictionary<string, string> { ["Form.Code"] = Codes(key).First() }, ct)).ConfigureAwait(false);
        if (done.Status != HttpStatusCode.OK || done.Document().QuerySelector(".govuk-error-summary") is not null)
        {
            return new(false, $"enrolment refused the code: {done.Problem()}", key, false, _requests);
        }
        var me = await Step(client.GetAsync("/me", ct)).ConfigureAwait(false);
        return me.Status == HttpStatusCode.OK
            ? new(true, "signed in; authenticator enrolled", key, true, _requests)
            : new(false, $"enrolled, but /me answered {me.Problem()}", key, true, _requests);
    }

    private static IEnumerable<Task<string>> CodesToTry(string base32Key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(base32Key));
        var now = DateTime.UtcNow;
        yield return Task.FromResult(totp.ComputeTotp(now));
        yield return Task.FromResult(totp.ComputeTotp(now.AddSeconds(30)));
        yield return NextStepAsync(totp);
    }

    private static async Task<string> NextStepAsync(Totp totp)
    {
        await Task.Delay(TimeSpan.FromSeconds(totp.RemainingSeconds() + 1)).ConfigureAwait(false);
        return totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));
    }

    /// This step's code, then the next step's (accepted within ±1 step).
    public static IEnumerable<string> Codes(string base32Key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(base32Key));
        var now = DateTime.UtcNow;
        yield return totp.ComputeTotp(now);
        yield return totp.ComputeTotp(now.AddSeconds(30));
    }
}

/// Authenticator keys by e-mail address, one "email key" line each, so later runs can sign the same accounts in.
public sealed class KeyStore
{
    private readonly string? _path;
    private readonly Dictionary<string, string> _keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public KeyStore(string? path)
    {
        _path = path;
        if (path is not null && File.Exists(path))
        {
            foreach (var line in File.ReadAllLines(path))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2)
                {
                    _keys[parts[0]] = parts[1];
                }
            }
        }
    }

    public string? Find(string email)
    {
        lock (_gate)
        {
            return _keys.GetValueOrDefault(email);
        }
    }

    public void Save(string email, string key)
    {
        lock (_gate)
        {
            _keys[email] = key;
            if (_path is not null)
            {
                File.WriteAllLines(_path, _keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"));
            }
        }
    }
}
