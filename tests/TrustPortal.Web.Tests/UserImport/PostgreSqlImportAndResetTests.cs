using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.UserImport;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.UserImport;

/// The import's and the reset's transactions on PostgreSQL, whose retrying execution strategy refuses a transaction
/// begun outside it (ADR 0130).
public sealed partial class PostgreSqlImportAndResetTests : IDisposable
{
    private readonly PostgresPortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [GeneratedRegex(@"/account/reset-password\?token=[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();

    [PostgresFact]
    public async Task An_import_is_written_and_its_invitations_sent_and_a_password_is_reset_on_postgresql()
    {
        var (admin, _, _, _) = await _factory.SignedInClientAsync(Roles.TrustAdmin);
        var (staffId, staffEmail, _) = await _factory.CreateUserAsync(Roles.Staff);
        var newEmail = $"pg-import-{Guid.NewGuid():N}@test.trustportal.test";
        using var upload = await admin.PostFormAsync("/admin/users/import", new Dictionary<string, string>
        {
            ["Form.Text"] = $"name,email,role\nPg Newcomer,{newEmail},staff\nPg Promoted,{staffEmail},trustee\n",
        });
        var preview = upload.Headers.Location!.OriginalString;
        using (var confirmed = await admin.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), preview))
        {
            Assert.Equal(preview + "/progress", confirmed.Headers.Location!.OriginalString);
        }
        Assert.Equal(1, await _factory.Services.GetRequiredService<InvitationSender>().SendPendingAsync(null, null, CancellationToken.None));
        Assert.Contains(_factory.Emails.Sent, m => m.To == newEmail && m.Body.Contains("/account/invitation/", StringComparison.Ordinal));
        using (var scope = _factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            Assert.Equal(Roles.Trustee, await db.UserRoles.Where(r => r.UserId == staffId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).SingleAsync());
        }

        var client = _factory.CreateSecureClient();
        using (var asked = await client.PostFormAsync("/account/forgotten-password", new Dictionary<string, string> { ["Email"] = staffEmail }))
        {
            Assert.True(asked.StatusCode == HttpStatusCode.OK, string.Join("\n", _factory.LogEvents.Snapshot()
                .Where(e => e.Level >= Serilog.Events.LogEventLevel.Error).Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " + e.Exception)));
        }
        var link = ResetLink().Match(_factory.Emails.Sent.Last(m => m.To == staffEmail).Body).Value;
        using var done = await client.PostFormAsync("/account/reset-password", new Dictionary<string, string>
        {
            ["Form.Token"] = link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..],
            ["Form.Password"] = "Postgres-chosen-passphrase",
            ["Form.ConfirmPassword"] = "Postgres-chosen-passphrase",
        }, link);
        Assert.Contains("Your password has been changed", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
