namespace TrustPortal.Bench;

/// `submit`: signs a person in, opens a page, changes one field of its form and submits it as a browser would; used by
/// the scale-out drill to edit content through one instance and look for it through another.
public static class SubmitCommand
{
    public const string Usage = """
          submit --base URL --email E --path PATH --field NAME --value TEXT --password-stdin [--form SELECTOR] [--keys FILE] [--cert PEM]
              Opens PATH signed in as E, sets NAME to TEXT in the page's form (default "main form[method=post]") and
              submits it; exit 0 when the portal answers with a redirect (saved), 1 otherwise.
        """;

    public static async Task<int> RunAsync(Options options)
    {
        var common = Common.Read(options);
        var email = options.Required("email");
        var path = options.Required("path");
        var field = options.Required("field");
        var value = options.Required("value");
        var selector = options.Text("form") ?? "main form[method=post]";
        options.RejectUnknown();
        var password = await common.ReadPasswordAsync();
        using var client = new PortalClient(common.Base, common.Trust);
        var signIn = await SignInFlow.SignInAsync(client, email, password, common.Keys.Find(email));
        if (signIn.Enrolled && signIn.TotpKey is not null)
        {
            common.Keys.Save(email, signIn.TotpKey);
        }
        if (!signIn.Succeeded)
        {
            await Console.Error.WriteLineAsync($"{email}: {signIn.Message}");
            return 1;
        }
        var page = await client.GetAsync(path);
        if (page.Status != System.Net.HttpStatusCode.OK)
        {
            await Console.Error.WriteLineAsync($"GET {path}: {page.Problem()}");
            return 1;
        }
        var saved = await client.SubmitAsync(page, selector, new Dictionary<string, string> { [field] = value });
        if (!saved.IsRedirect)
        {
            await Console.Error.WriteLineAsync($"POST {path}: not saved: {saved.Problem()}");
            return 1;
        }
        await Console.Out.WriteLineAsync($"saved; redirected to {saved.Location}");
        return 0;
    }
}
