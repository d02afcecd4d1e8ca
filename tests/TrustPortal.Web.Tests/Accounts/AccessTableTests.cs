using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// Every controller action of the portal against the role × action table. An action missing from the table fails.
[Collection(SharedPortal.Name)]
public sealed class AccessTableTests(PortalFactory factory)
{
    private enum Outcome { Allowed, Forbidden, SignIn }

    private const Outcome A = Outcome.Allowed, F = Outcome.Forbidden, S = Outcome.SignIn;
    private static readonly string[] Columns = ["Anonymous", Roles.Staff, Roles.Headteacher, Roles.Trustee, Roles.TrustAdmin];

    //                                                   Anonymous Staff Head Trustee Admin
    private static readonly Dictionary<string, Outcome[]> Table = new(StringComparer.Ordinal)
    {
        ["Home.Index"] = [A, A, A, A, A],
        ["Trusts.Show"] = [A, A, A, A, A],
        ["Trusts.About"] = [A, A, A, A, A],
        ["Trusts.BrandCss"] = [A, A, A, A, A],
        ["Schools.Index"] = [A, A, A, A, A],
        ["Schools.Show"] = [A, A, A, A, A],
        ["Plans.Index"] = [A, A, A, A, A],
        ["Plans.Show"] = [A, A, A, A, A],
        ["Messages.Index"] = [A, A, A, A, A],
        ["Messages.Show"] = [A, A, A, A, A],
        ["Errors.ServerError"] = [A, A, A, A, A],
        ["Errors.Status"] = [A, A, A, A, A],
        ["Account.SignIn"] = [A, A, A, A, A],
        ["Account.SignOutEverywhere"] = [A, A, A, A, A],
        ["Account.SignedOut"] = [A, A, A, A, A],
        ["Account.Mfa"] = [A, A, A, A, A],
        ["Account.Recovery"] = [A, A, A, A, A],
        ["Account.Invitation"] = [A, A, A, A, A],
        ["Account.Setup"] = [S, A, A, A, A],
        ["Account.CreateKey"] = [S, A, A, A, A],
        ["Me.Index"] = [S, A, A, A, A],
        ["Me.ChangeName"] = [S, A, A, A, A],
        ["Me.Password"] = [S, A, A, A, A],
        ["Me.ResetMfa"] = [S, A, A, A, A],
        ["Me.Export"] = [S, A, A, A, A],
        ["Staff.Index"] = [S, A, A, A, A],
        ["Users.Index"] = [S, F, F, F, A],
        ["Users.Invite"] = [S, F, F, F, A],
        ["Users.Edit"] = [S, F, F, F, A],
        ["Users.Disable"] = [S, F, F, F, A],
        ["Users.Enable"] = [S, F, F, F, A],
        ["Users.ResetMfa"] = [S, F, F, F, A],
        ["Users.StaffMfa"] = [S, F, F, F, A],
        ["Users.Export"] = [S, F, F, F, A],
        ["Users.Erase"] = [S, F, F, F, A],
        ["Audit.Index"] = [S, F, F, F, A],
        // Progress (school and trust scoping are resource checks inside the actions; see ProgressPagesTests)
        ["Progress.Index"] = [S, A, A, A, A],
        ["Progress.School"] = [S, A, A, A, A],
        ["Progress.Criterion"] = [S, A, A, A, A],
        ["Progress.Record"] = [S, F, A, F, F],
        ["Progress.Submit"] = [S, F, A, F, F],
        ["Progress.Reopen"] = [S, F, F, F, A],
        ["Progress.Summary"] = [S, A, A, A, A],
        ["Progress.Returns"] = [S, F, F, F, A],
        ["Progress.Remind"] = [S, F, F, F, A],
        ["Progress.RemindAll"] = [S, F, F, F, A],
        // plan administration (strategic plans and review cycles)
        ["PlanAdmin.Index"] = [S, F, F, F, A],
        ["PlanAdmin.Create"] = [S, F, F, F, A],
        ["PlanAdmin.Edit"] = [S, F, F, F, A],
        ["PlanAdmin.Details"] = [S, F, F, F, A],
        ["PlanAdmin.AddHorizon"] = [S, F, F, F, A],
        ["PlanAdmin.Horizon"] = [S, F, F, F, A],
        ["PlanAdmin.RemoveHorizon"] = [S, F, F, F, A],
        ["PlanAdmin.AddTheme"] = [S, F, F, F, A],
        ["PlanAdmin.Theme"] = [S, F, F, F, A],
        ["PlanAdmin.RemoveTheme"] = [S, F, F, F, A],
        ["PlanAdmin.AddAim"] = [S, F, F, F, A],
        ["PlanAdmin.Aim"] = [S, F, F, F, A],
        ["PlanAdmin.RemoveAim"] = [S, F, F, F, A],
        ["PlanAdmin.Renumber"] = [S, F, F, F, A],
        ["PlanAdmin.Move"] = [S, F, F, F, A],
        ["PlanAdmin.AddCriterion"] = [S, F, F, F, A],
        ["PlanAdmin.Criterion"] = [S, F, F, F, A],
        ["PlanAdmin.RemoveCriterion"] = [S, F, F, F, A],
        ["PlanAdmin.Publish"] = [S, F, F, F, A],
        ["PlanAdmin.Archive"] = [S, F, F, F, A],
        ["Cycles.Index"] = [S, F, F, F, A],
        ["Cycles.Add"] = [S, F, F, F, A],
        ["Cycles.Termly"] = [S, F, F, F, A],
        ["Cycles.Edit"] = [S, F, F, F, A],
        ["Cycles.Open"] = [S, F, F, F, A],
        ["Cycles.Close"] = [S, F, F, F, A],
        // Trustees' review: dashboard, drill-downs, board pack, exports, sign-off; challenge log
        ["Board.Index"] = [S, F, F, A, A],
        ["Board.Exceptions"] = [S, F, F, A, A],
        ["Board.School"] = [S, F, F, A, A],
        ["Board.Aim"] = [S, F, F, A, A],
        ["Board.Criterion"] = [S, F, F, A, A],
        ["Board.Pack"] = [S, F, F, A, A],
        ["Board.PackDocx"] = [S, F, F, A, A],
        ["Board.ProgressXlsx"] = [S, F, F, A, A],
        ["Board.ProgressCsv"] = [S, F, F, A, A],
        ["Board.SignOff"] = [S, F, F, A, A],
        ["Challenges.Index"] = [S, F, A, A, A],
        ["Challenges.Show"] = [S, F, A, A, A],
        ["Challenges.Reply"] = [S, F, A, A, A],
        ["Challenges.EditMessage"] = [S, F, A, A, A],
        ["Challenges.New"] = [S, F, F, A, A],
        ["Challenges.Resolve"] = [S, F, F, A, A],
        ["Challenges.Reopen"] = [S, F, F, A, A],
        // School administration and the GIAS import
        ["SchoolAdmin.Index"] = [S, F, F, F, A],
        ["SchoolAdmin.Add"] = [S, F, F, F, A],
        ["SchoolAdmin.Show"] = [S, F, F, F, A],
        ["SchoolAdmin.Edit"] = [S, F, F, F, A],
        ["SchoolAdmin.Archive"] = [S, F, F, F, A],
        ["SchoolAdmin.Restore"] = [S, F, F, F, A],
        ["SchoolAdmin.AddReportCard"] = [S, F, F, F, A],
        ["SchoolAdmin.AddPreviousJudgement"] = [S, F, F, F, A],
        ["SchoolAdmin.RemoveInspection"] = [S, F, F, F, A],
        ["SchoolAdmin.ConfirmRemoveInspection"] = [S, F, F, F, A],
        ["SchoolImport.Index"] = [S, F, F, F, A],
        ["SchoolImport.Upload"] = [S, F, F, F, A],
        ["SchoolImport.Preview"] = [S, F, F, F, A],
        ["SchoolImport.Report"] = [S, F, F, F, A],
        ["SchoolImport.Confirm"] = [S, F, F, F, A],
        // admin content and branding
        ["AdminContent.Index"] = [S, F, F, F, A],
        ["AdminContent.New"] = [S, F, F, F, A],
        ["AdminContent.Edit"] = [S, F, F, F, A],
        ["AdminContent.Move"] = [S, F, F, F, A],
        ["AdminContent.Remove"] = [S, F, F, F, A],
        ["AdminContent.RemoveConfirmed"] = [S, F, F, F, A],
        ["AdminContent.History"] = [S, F, F, F, A],
        ["AdminContent.Version"] = [S, F, F, F, A],
        ["AdminContent.Restore"] = [S, F, F, F, A],
        ["AdminContent.Publish"] = [S, F, F, F, A],
        ["AdminContent.Unpublish"] = [S, F, F, F, A],
        ["Branding.Index"] = [S, F, F, F, A],
        ["Branding.Logo"] = [S, F, F, F, A],
        ["Branding.RemoveLogo"] = [S, F, F, F, A],
        ["Branding.ShowLogo"] = [A, A, A, A, A],
        // progress evidence and priorities (school scoping and the staff evidence flag are checked inside the actions)
        ["Progress.Download"] = [S, A, A, A, A],
        ["Progress.RemoveFile"] = [S, F, A, F, F],
        ["Progress.StaffEvidence"] = [S, F, F, F, A],
        ["Progress.NewPriority"] = [S, F, A, F, F],
        ["Progress.AddPriority"] = [S, F, A, F, F],
        ["Progress.EditPriority"] = [S, F, A, F, F],
        ["Progress.SavePriority"] = [S, F, A, F, F],
        ["Progress.RetirePriority"] = [S, F, A, F, F],
        ["Progress.Priority"] = [S, A, A, A, A],
        ["Progress.RecordPriority"] = [S, F, A, F, F],
    };

    public static IEnumerable<(Type Controller, MethodInfo Action)> Actions() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ControllerBase).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.GetCustomAttribute<NonActionAttribute>() is null)
                .Select(m => (t, m)));

    private static string Key(Type controller, MethodInfo action) => $"{controller.Name[..^"Controller".Length]}.{action.Name}";

    [Fact]
    public void Every_action_is_in_the_table_and_the_table_has_no_stale_rows()
    {
        var keys = Actions().Select(a => Key(a.Controller, a.Action)).ToHashSet();
        Assert.True(keys.Count > 30, "Reflection found too few actions.");
        var missing = keys.Where(k => !Table.ContainsKey(k)).ToList();
        var stale = Table.Keys.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "Actions missing from the table: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Table rows with no action: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_action_allows_forbids_or_sends_to_sign_in_as_the_table_says()
    {
        using var scope = factory.Services.CreateScope();
        var policies = scope.ServiceProvider.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var failures = new List<string>();
        foreach (var (controller, action) in Actions())
        {
            var key = Key(controller, action);
            if (!Table.TryGetValue(key, out var expected))
            {
                failures.Add($"{key}: not in the table");
                continue;
            }
            var attributes = controller.GetCustomAttributes(true).Concat(action.GetCustomAttributes(true)).ToList();
            var anonymousAllowed = attributes.OfType<IAllowAnonymous>().Any();
            var policy = await AuthorizationPolicy.CombineAsync(policies, attributes.OfType<IAuthorizeData>())
                ?? await policies.GetFallbackPolicyAsync();
            for (var i = 0; i < Columns.Length; i++)
            {
                var principal = i == 0 ? new ClaimsPrincipal(new ClaimsIdentity()) : Principal(Columns[i]);
                Outcome actual;
                if (anonymousAllowed || policy is null || (await authorization.AuthorizeAsync(principal, policy)).Succeeded)
                {
                    actual = A;
                }
                else
                {
                    actual = i == 0 ? S : F;
                }
                if (actual != expected[i])
                {
                    failures.Add($"{key} as {Columns[i]}: expected {expected[i]}, got {actual}");
                }
            }
        }
        Assert.Empty(failures);
    }

    private static ClaimsPrincipal Principal(string role) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()),
        new Claim(ClaimTypes.Role, role),
        new Claim(PortalClaims.TrustId, "1"),
    ], "Test"));
}
