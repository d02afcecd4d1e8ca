using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;
using OtpNet;
using TrustPortal.BrowserTests.Infrastructure;
using TrustPortal.Web;

namespace TrustPortal.BrowserTests.Journeys;

/// Issue 22, done when: from a fresh database (no demo data) the command line makes the service operator; the operator
/// creates a trust in the browser and invites its administrator; the administrator accepts (the e-mail is read from
/// the mail folder), completes the guided set-up with a pasted seed document and publishes; a member of staff sees
/// the trust's home. axe on every page; screenshots at desktop and phone widths.
public sealed partial class NewTrustJourneyTests(FreshBrowserPortal portal) : IClassFixture<FreshBrowserPortal>
{
    private const string Password = "A-long-pass-phrase-for-2026";

    [Fact]
    public async Task From_nothing_the_operator_hands_a_trust_to_its_administrator_who_sets_it_up_from_its_own_documents()
    {
        var (code, output) = await CommandLineAsync(Password + "\n", "users", "add", "--email", "olive@service.example.org", "--name", "Olive Operator", "--role", "ServiceOperator");
        Assert.True(code == 0, output);

        var page = await portal.NewPageAsync();
        try
        {
            await page.OpenAsync("/");
            await page.ExpectPageAsync("Our trusts");
            Assert.Contains("No trust is set up here yet", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

            await SignInFirstTimeAsync(page, "olive@service.example.org");
            await page.OpenAsync("/operator");
            await page.ExpectPageAsync("Trusts on this installation");
            await page.FollowAsync("Add a trust");
            await page.ExpectPageAsync("Add a trust");
            await page.GetByLabel("Name", new() { Exact = true }).First.FillAsync("Create Partnership Trust");
            await page.Locator("#AdministratorName").FillAsync("Mark Example");
            await page.GetByLabel("E-mail address").FillAsync("mark@create.example.org");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add the trust and send the invitation" }).ClickAsync();
            await page.WaitForURLAsync("**/operator");
            await page.ExpectPageAsync("Trusts on this installation");
            await page.FollowAsync("Create Partnership Trust");
            await page.ExpectPageAsync("Create Partnership Trust");
            await page.ScreenshotsAsync("new-trust-operator-trust");
        }
        finally
        {
            await page.CloseContextAsync();
        }

        // The administrator, in a browser of their own, follows the link in the e-mail.
        var admin = await portal.NewPageAsync();
        try
        {
            await admin.OpenAsync(InvitationPath("mark@create.example.org"));
            await admin.ExpectPageAsync("Set your password");
            await admin.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
            await admin.GetByLabel("Password again").FillAsync(Password);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
            await admin.ExpectPageAsync("Your password is set");
            await SignInFirstTimeAsync(admin, "mark@create.example.org");

            // /admin is the set-up until the trust is published.
            await admin.OpenAsync("/admin");
            Assert.EndsWith("/admin/set-up", admin.Url, StringComparison.Ordinal);
            await admin.ExpectPageAsync("Set up Create Partnership Trust", startsWith: true);
            await admin.ScreenshotsAsync("new-trust-set-up");

            await admin.FollowAsync("Vision, values and what the trust stands for");
            await admin.ExpectPageAsync("Your vision, values and what the trust stands for", startsWith: true);
            await admin.GetByLabel("Paste the text of your document").FillAsync(Seed("000"));
            await admin.GetByRole(AriaRole.Button, new() { Name = "Propose the structure" }).ClickAsync();
            await admin.Locator("#proposal-preview").WaitForAsync();
            await admin.ExpectPageAsync("Your vision, values and what the trust stands for", startsWith: true);
            await admin.ScreenshotsAsync("new-trust-proposal");
            // One correction: the sign-off is not part of the trust's page.
            await admin.GetByLabel("What the portal makes of line 25").SelectOptionAsync("LeftOut");
            await admin.GetByLabel("What the portal makes of line 26").SelectOptionAsync("LeftOut");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Update the proposal" }).ClickAsync();
            await admin.Locator("#corrections").WaitForAsync();
            Assert.Contains("You have changed 2 of 26 lines", await admin.Locator("#corrections").InnerTextAsync(), StringComparison.Ordinal);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Accept and put it on the trust's page" }).ClickAsync();
            await admin.WaitForURLAsync("**/admin/set-up");

            await admin.FollowAsync("Strategic plan");
            await admin.GetByLabel("Paste the text of your plan").FillAsync(Seed("004"));
            await admin.GetByRole(AriaRole.Button, new() { Name = "Propose the structure" }).ClickAsync();
            await admin.Locator("#proposal-preview").WaitForAsync();
            await admin.ExpectPageAsync("Your strategic plan", startsWith: true);
            Assert.Contains("7 aims and 28 success criteria", await admin.Locator("#proposal-preview").InnerTextAsync(), StringComparison.Ordinal);
            await admin.ScreenshotsAsync("new-trust-plan-proposal");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Accept and save as a draft plan" }).ClickAsync();
            await admin.WaitForURLAsync("**/admin/set-up");
            await admin.ExpectPageAsync("Set up Create Partnership Trust", startsWith: true);
            Assert.Equal("You have done 2 of 6 steps.", (await admin.Locator("#set-up-progress").InnerTextAsync()).Trim());

            // People: a member of staff.
            await admin.FollowAsync("People");
            await admin.ExpectPageAsync("Invite a user");
            await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("Nia Teacher");
            await admin.GetByLabel("E-mail address").FillAsync("nia@create.example.org");
            await admin.GetByLabel("Staff", new() { Exact = true }).CheckAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await admin.WaitForURLAsync("**/admin/users");

            await admin.OpenAsync("/admin/set-up");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Publish the trust" }).ClickAsync();
            await admin.WaitForURLAsync("**/admin");
            await admin.ExpectPageAsync("What needs doing");
        }
        finally
        {
            await admin.CloseContextAsync();
        }

        var staff = await portal.NewPageAsync();
        try
        {
            await staff.OpenAsync(InvitationPath("nia@create.example.org"));
            await staff.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
            await staff.GetByLabel("Password again").FillAsync(Password);
            await staff.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
            await staff.ExpectPageAsync("Your password is set");
            await staff.OpenAsync("/account/sign-in");
            await staff.GetByLabel("E-mail address").FillAsync("nia@create.example.org");
            await staff.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
            await staff.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await staff.WaitForURLAsync("**/create-partnership-trust");
            await staff.ExpectPageAsync("Create Partnership Trust", startsWith: true);
            await staff.ScreenshotsAsync("new-trust-staff-home");
            await staff.FollowAsync("Vision and values");
            var text = await staff.Locator("main").InnerTextAsync();
            Assert.Contains("At Create Partnership Trust, we aim to create the best possible education for disadvantaged children in Birmingham.", text, StringComparison.Ordinal);
            Assert.Contains("We want to be a trusted organisation, so we value Integrity.", text, StringComparison.Ordinal);
            await staff.ScreenshotsAsync("new-trust-vision-and-values");
        }
        finally
        {
            await staff.CloseContextAsync();
        }
    }

    /// Signs in with the password, sets up the authenticator app the portal asks for, and returns with it turned on.
    private static async Task SignInFirstTimeAsync(IPage page, string email)
    {
        await page.OpenAsync("/account/sign-in");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/account/mfa/setup");
        await page.ExpectPageAsync("Set up your authenticator app");
        // The key is made at the first sign-in; the button is there only when it was not.
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create a key for my app" });
        if (await create.CountAsync() > 0)
        {
            await create.ClickAsync();
        }
        await page.Locator("#authenticator-key").WaitForAsync();
        var key = (await page.Locator("#authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await page.GetByLabel("Code from your app").FillAsync(new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await page.ExpectPageAsync("Your authenticator app is set up");
    }

    /// The invitation link in the newest e-mail to the address, as a path on the portal.
    private string InvitationPath(string email)
    {
        var mail = Directory.GetFiles(portal.MailFolder, "*.eml").Select(File.ReadAllText)
            .Last(m => m.Contains($"To: {email}", StringComparison.Ordinal));
        return InvitationLink().Match(mail).Value;
    }

    private async Task<(int Code, string Output)> CommandLineAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, input, output, error, builder =>
        {
            // As on a production server: the Production environment and the settings it requires.
            builder.Environment.EnvironmentName = "Production";
            builder.Environment.ContentRootPath = AppContext.BaseDirectory;
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:TrustPortal"] = $"Data Source={portal.DatabasePath}",
                ["Portal:BaseUrl"] = portal.BaseUrl,
                ["DataProtection:AllowUnprotectedKeys"] = "true",
                ["Serilog:MinimumLevel:Default"] = "Warning",
            });
        });
        return (code, output + error.ToString());
    }

    private static string Seed(string prefix)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "shared", "seeds");
            if (Directory.Exists(folder))
            {
                return File.ReadAllText(Directory.GetFiles(folder, prefix + "_*.txt").Single());
            }
        }
        throw new InvalidOperationException("The seed documents were not found: put the shared folder beside the repository (../shared/seeds).");
    }

    [GeneratedRegex(@"/account/invitation/[A-Za-z0-9_\-]+")]
    private static partial Regex InvitationLink();
}
