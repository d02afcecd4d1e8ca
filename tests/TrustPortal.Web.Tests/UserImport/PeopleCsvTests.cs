using TrustPortal.Web.Accounts;
using TrustPortal.Web.Features.UserImport;

namespace TrustPortal.Web.Tests.UserImport;

/// Reading and writing the people CSV: what spreadsheets actually save.
public sealed class PeopleCsvTests
{
    [Fact]
    public void Excel_csv_with_a_byte_order_mark_crlf_quotes_and_columns_in_any_order_is_read_with_row_numbers()
    {
        var text = "\uFEFFSchools,E-mail address,Full name,Role\r\n\"100001; 100002\",jo@example.org,\"Bloggs, \"\"Jo\"\"\",Head\r\n\r\n,sam@example.org,Sam Smith,staff\r\n";
        var file = PeopleCsv.Read(text);
        Assert.Null(file.Problem);
        Assert.Collection(file.Rows,
            r => Assert.Equal(new PersonRow(2, "Bloggs, \"Jo\"", "jo@example.org", "Head", "100001; 100002"), r),
            r => Assert.Equal(new PersonRow(4, "Sam Smith", "sam@example.org", "staff", ""), r));
    }

    [Fact]
    public void A_list_pasted_from_a_spreadsheet_is_tab_separated_and_is_read_too()
    {
        var file = PeopleCsv.Read("name\temail\trole\nSam Smith\tsam@example.org\tTrustee\n");
        Assert.Equal("sam@example.org", Assert.Single(file.Rows).Email);
    }

    [Theory]
    [InlineData("name,email\nSam,sam@example.org\n", "It has no \"role\" column")]
    [InlineData("   ", "The list is empty")]
    [InlineData("name,email,role\n", "has nobody in it")]
    public void A_file_that_cannot_be_imported_says_why_in_words(string text, string problem) =>
        Assert.Contains(problem, PeopleCsv.Read(text).Problem, StringComparison.Ordinal);

    [Fact]
    public void A_list_over_the_size_limit_is_refused_with_the_limit_in_words() =>
        Assert.Equal("The list is larger than 2 MB: split it into smaller files of up to 5,000 people each",
            PeopleCsv.Read("name,email,role\n" + new string('x', PeopleCsv.MaxBytes)).Problem);

    [Fact]
    public void The_export_guards_every_cell_a_spreadsheet_would_run_and_reads_back_unchanged()
    {
        var csv = PeopleCsv.Write([("=SUM(A1)", "@evil.example", Roles.Headteacher, [100001, 100002]), ("+Plus", "-minus@example.org", Roles.TrustAdmin, [])]);
        Assert.Equal("name,email,role,schools\r\n'=SUM(A1),'@evil.example,Headteacher,100001; 100002\r\n'+Plus,'-minus@example.org,Trust administrator,\r\n", csv);
        var back = PeopleCsv.Read(csv).Rows;
        Assert.Equal(("=SUM(A1)", "@evil.example", Roles.Headteacher), (back[0].Name, back[0].Email, PeopleCsv.ParseRole(back[0].Role)));
        Assert.Equal(("+Plus", "-minus@example.org", Roles.TrustAdmin), (back[1].Name, back[1].Email, PeopleCsv.ParseRole(back[1].Role)));
    }

    [Fact]
    public void A_file_saved_as_plain_csv_on_windows_is_read_as_windows_1252() =>
        Assert.Equal("name\nZoë", PeopleCsv.Decode([(byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'\n', (byte)'Z', (byte)'o', 0xEB]));
}
