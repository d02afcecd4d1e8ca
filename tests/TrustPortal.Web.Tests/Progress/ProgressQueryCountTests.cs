using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Progress;

[Collection(SharedPortal.Name)]
public sealed class ProgressQueryCountTests(PortalFactory factory)
{
    [Fact]
    public async Task School_and_criterion_pages_issue_as_many_queries_with_nine_cycles_of_history_as_with_one()
    {
        var small = await factory.TrustWithHistoryAsync(cycles: 1);
        var large = await factory.TrustWithHistoryAsync(cycles: 9);
        var (smallHead, _, _, _) = await factory.HeadOfAsync(small.Slug, small.SchoolId);
        var (largeHead, _, _, _) = await factory.HeadOfAsync(large.Slug, large.SchoolId);

        async Task<int> CountAsync(HttpClient client, string url)
        {
            await client.GetDocumentAsync(url);
            factory.Queries.Reset();
            var page = await client.GetDocumentAsync(url);
            return factory.Queries.Count;
        }

        var smallSchool = await CountAsync(smallHead, $"/{small.Slug}/progress/{small.Urn}");
        var largeSchool = await CountAsync(largeHead, $"/{large.Slug}/progress/{large.Urn}");
        var smallCriterion = await CountAsync(smallHead, $"/{small.Slug}/progress/{small.Urn}/criteria/{small.CriterionIds[7]}");
        var largeCriterion = await CountAsync(largeHead, $"/{large.Slug}/progress/{large.Urn}/criteria/{large.CriterionIds[7]}");

        Assert.Equal(smallSchool, largeSchool);
        Assert.Equal(smallCriterion, largeCriterion);
        Assert.InRange(largeSchool, 1, 12);
        Assert.InRange(largeCriterion, 1, 12);

        var page = await largeHead.GetDocumentAsync($"/{large.Slug}/progress/{large.Urn}/criteria/{large.CriterionIds[7]}");
        Assert.Equal(9, page.QuerySelectorAll("#trend-table tbody tr").Length);
        Assert.Equal(18, page.QuerySelectorAll("#history + ol > li").Length);
    }
}
