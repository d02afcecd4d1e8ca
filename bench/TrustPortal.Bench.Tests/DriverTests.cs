using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace TrustPortal.Bench.Tests;

public sealed class DriverTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trustportal-bench-tests", Guid.NewGuid().ToString("N"));

    public DriverTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_form_is_posted_as_a_browser_would_with_hidden_fields_checked_choices_and_text_but_no_file_or_button()
    {
        var doc = new HtmlParser().ParseDocument("""
            <form action="/t/progress/1/criteria/2" method="post" enctype="multipart/form-data">
              <input type="hidden" name="__RequestVerificationToken" value="tok">
              <input type="hidden" name="Form.Version" value="v1">
              <input type="radio" name="Form.Status" value="OnTrack">
              <input type="radio" name="Form.Status" value="AtRisk" checked>
              <input type="checkbox" name="Remember" checked>
              <input type="checkbox" name="Unticked" value="x">
              <input type="text" name="Form.Owner" value="Ann">
              <input type="text" name="Disabled" value="no" disabled>
              <textarea name="Form.WhatWasDone">Done &amp; dusted</textarea>
              <select name="Form.Confidence"><option value="Low">Low</option><option value="High" selected>High</option></select>
              <input type="file" name="EvidenceFile">
              <button type="submit">Save</button>
            </form>
            """);
        var fields = PortalClient.FormFields((IHtmlFormElement)doc.QuerySelector("form")!);

        Assert.Equal(
            [
                new("__RequestVerificationToken", "tok"), new("Form.Version", "v1"), new("Form.Status", "AtRisk"), new("Remember", "on"),
                new("Form.Owner", "Ann"), new("Form.WhatWasDone", "Done & dusted"), new("Form.Confidence", "High"),
            ],
            fields);
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToList();
        Assert.Equal(50, Stats.Percentile(values, 50));
        Assert.Equal(99, Stats.Percentile(values, 99));
        Assert.Equal(100, Stats.Percentile(values, 100));
        Assert.Equal(7, Stats.Percentile([7], 99));
        Assert.Equal(0, Stats.Percentile([], 99));
    }

    [Fact]
    public void Errors_count_as_requests_and_appear_in_the_table()
    {
        var stats = new Stats();
        stats.Record("page", TimeSpan.FromMilliseconds(10));
        stats.Error("page", "500: boom");
        using var output = new StringWriter();
        stats.Print(output, TimeSpan.FromSeconds(1));

        Assert.Equal(2, stats.Requests);
        Assert.Equal(1, stats.Errors);
        Assert.Contains("page: 500: boom", stats.Messages);
        Assert.Matches(@"page\s+2\s+1\s", output.ToString());
    }

    [Fact]
    public void The_accounts_file_is_read_and_a_smaller_pick_keeps_the_mix_of_roles()
    {
        var path = Path.Combine(_folder, "accounts.txt");
        File.WriteAllLines(path, ["# bench accounts", "Headteacher h0@x.test 900001", "Headteacher h1@x.test 900002", "Trustee t0@x.test", "Staff s0@x.test 900001", "Staff s1@x.test", ""]);
        var accounts = Account.Read(path);

        Assert.Equal(5, accounts.Count);
        Assert.Equal(900001, accounts[0].Urn);
        Assert.Equal(["Headteacher", "Trustee", "Staff"], Account.Pick(accounts, 3).Select(a => a.Role));
        Assert.Throws<UsageException>(() => Account.Pick(accounts, 6));
    }

    [Theory]
    [InlineData("Headteacher h0@x.test")]
    [InlineData("Janitor j@x.test")]
    [InlineData("Staff s@x.test notanumber")]
    public void A_bad_accounts_line_is_refused_with_its_line_number(string line)
    {
        var path = Path.Combine(_folder, "bad.txt");
        File.WriteAllLines(path, ["Staff ok@x.test", line]);
        var error = Assert.Throws<UsageException>(() => Account.Read(path));
        Assert.Contains("bad.txt:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_options_and_missing_values_are_refused()
    {
        var options = new Options(["--base", "https://127.0.0.1:5400", "--usres", "5"]);
        Assert.Equal("https://127.0.0.1:5400", options.Required("base"));
        Assert.Throws<UsageException>(options.RejectUnknown);
        Assert.Throws<UsageException>(() => new Options(["--users"]).Number("users", 50));
        Assert.Throws<UsageException>(() => new Options(["--users", "0"]).Number("users", 50, min: 1));
    }

    [Fact]
    public void Enrolled_keys_are_kept_in_the_keys_file_for_the_next_run()
    {
        var path = Path.Combine(_folder, "keys.txt");
        new KeyStore(path).Save("Head@X.test", "JBSWY3DPEHPK3PXP");
        Assert.Equal("JBSWY3DPEHPK3PXP", new KeyStore(path).Find("head@x.test"));
        Assert.Null(new KeyStore(path).Find("other@x.test"));
    }
}
