using System.Net;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

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

    /// The measured criterion's chart and table (ADR 0144) come from the reads the pages made already: the head's
    /// criterion page and the trustees' drill-down issue as many queries with nine cycles of values as with one.
    [Fact]
    public async Task A_measured_criterions_chart_costs_no_query_per_cycle_on_the_heads_page_or_the_boards_drill_down()
    {
        var small = await factory.TrustWithHistoryAsync(cycles: 1);
        var large = await factory.TrustWithHistoryAsync(cycles: 9);
        var (smallHead, _, _, _) = await factory.HeadOfAsync(small.Slug, small.SchoolId);
        var (largeHead, _, _, _) = await factory.HeadOfAsync(large.Slug, large.SchoolId);
        var (smallTrustee, _, _, _) = await factory.SignedInClientAsync(TrustPortal.Web.Accounts.Roles.Trustee, small.Slug);
        var (largeTrustee, _, _, _) = await factory.SignedInClientAsync(TrustPortal.Web.Accounts.Roles.Trustee, large.Slug);

        async Task<int> CountAsync(HttpClient client, string url)
        {
            await client.GetDocumentAsync(url);
            factory.Queries.Reset();
            var page = await client.GetDocumentAsync(url);
            Assert.NotNull(page.QuerySelector("#measure-table"));
            return factory.Queries.Count;
        }

        var smallPage = await CountAsync(smallHead, $"/{small.Slug}/progress/{small.Urn}/criteria/{small.CriterionIds[7]}");
        var largePage = await CountAsync(largeHead, $"/{large.Slug}/progress/{large.Urn}/criteria/{large.CriterionIds[7]}");
        var smallBoard = await CountAsync(smallTrustee, $"/{small.Slug}/board/schools/{small.Urn}/criteria/{small.CriterionIds[7]}");
        var largeBoard = await CountAsync(largeTrustee, $"/{large.Slug}/board/schools/{large.Urn}/criteria/{large.CriterionIds[7]}");

        Assert.Equal(smallPage, largePage);
        Assert.Equal(smallBoard, largeBoard);
        Assert.InRange(largePage, 1, 12);
        Assert.InRange(largeBoard, 1, 14);
        var chart = await largeTrustee.GetDocumentAsync($"/{large.Slug}/board/schools/{large.Urn}/criteria/{large.CriterionIds[7]}");
        Assert.Equal(9, chart.QuerySelectorAll("#measure-table tbody tr").Length);
    }

    /// A save does its own few reads and writes; it never builds the page the form came from. Measured with this
    /// test on SQLite (which sends each changed row as its own command): 28 commands before issue 13, 18 of them
    /// reads (the whole GET page model, then the save's own); 17 with 7 reads once the page was no longer built; now
    /// 14: the reads are the session, the school, the head's link to it and one admission query (open cycle,
    /// criterion, return, update, the form's receipt, and the school tracked so that the audit and cache
    /// interceptors find its trust without asking). The 10 writes are the rows changed and their audit.
    /// The criterion saved here carries a measure and the form its value (ADR 0144): one more read, of the measure, to
    /// check the value against it (a criterion without a measure, or a form without a value, does not make it): 15 and 5.
    [Fact]
    public async Task Saving_a_criterion_makes_a_small_fixed_number_of_round_trips_whatever_the_history()
    {
        var large = await factory.TrustWithHistoryAsync(cycles: 9);
        var (head, _, _, _) = await factory.HeadOfAsync(large.Slug, large.SchoolId);
        var url = $"/{large.Slug}/progress/{large.Urn}/criteria/{large.CriterionIds[7]}";

        var form = await head.GetDocumentAsync(url);
        var token = await head.TokenFromAsync(url);
        var fields = new Dictionary<string, string>(FormFields(form, Entry())) { ["__RequestVerificationToken"] = token };
        using var content = new FormUrlEncodedContent(fields);
        factory.Queries.Reset();
        using var response = await head.PostAsync(new Uri(url, UriKind.Relative), content);
        var count = factory.Queries.Count;

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, string.Join("\n", factory.LogEvents.Snapshot()
            .Where(e => e.Exception is not null).Select(e => e.Exception!.ToString())));
        Console.WriteLine($"Round trips of a progress save: {count}\n" + string.Join("\n---\n", factory.Queries.Commands));
        Assert.InRange(count, 1, 15);
        Assert.InRange(factory.Queries.Commands.Count(c => c.StartsWith("SELECT", StringComparison.Ordinal)), 1, 5);
    }
}
