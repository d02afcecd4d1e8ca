using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Progress;

/// A change to what the trust received with a submitted return says why (ADR 0161): the head's form asks, refuses a
/// change without a reason, and keeps the reason with the change for the next board pack.
[Collection(SharedPortal.Name)]
public sealed class LateChangeReasonTests(PortalFactory factory)
{
    [Fact]
    public async Task After_a_reopened_return_a_corrected_status_needs_a_reason_which_is_kept_with_the_change()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        await factory.RecordAllButAsync(schoolId, cycle, 0);
        await factory.SubmitReturnAsync(schoolId, cycle.CycleId);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var ret = await db.SchoolReturns.SingleAsync(r => r.SchoolId == schoolId && r.ReviewCycleId == cycle.CycleId);
            ret.Reopen(await db.ReviewCycles.SingleAsync(c => c.Id == cycle.CycleId), "Aim 1 needs its evidence", "Test admin", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        var (head, _, _, _) = await factory.HeadOfAsync(DemoAccounts.TrustSlug, schoolId);
        var url = $"/{DemoAccounts.TrustSlug}/progress/{urn}/criteria/{cycle.CriterionIds[0]}";
        var form = await head.GetDocumentAsync(url);
        Assert.NotNull(form.QuerySelector("textarea[name='Form.ChangeReason']"));

        using (var refused = await head.PostFormAsync(url, FormFields(form, Entry(status: "OffTrack"))))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Say why you are changing it", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(ProgressStatus.OnTrack, (await factory.UpdatesAsync(schoolId)).Single(u => u.SuccessCriterionId == cycle.CriterionIds[0]).Entry.Status);

        var fields = FormFields(await head.GetDocumentAsync(url), Entry(status: "OffTrack"));
        fields["Form.ChangeReason"] = "The autumn data was entered against the wrong year group";
        using (var saved = await head.PostFormAsync(url, fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var update = (await factory.UpdatesAsync(schoolId)).Single(u => u.SuccessCriterionId == cycle.CriterionIds[0]);
        Assert.Equal(ProgressStatus.OffTrack, update.Entry.Status);
        Assert.Equal("The autumn data was entered against the wrong year group", update.Revisions.OrderBy(r => r.Id).Last().Reason);
    }
}
