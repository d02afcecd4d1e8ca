using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using TrustPortal.Web.Accounts;

namespace TrustPortal.Web.Features.UserImport;

/// One person's row as the file gives it; Row is the row number a spreadsheet shows (the header is row 1).
public sealed record PersonRow(int Row, string Name, string Email, string Role, string Schools);

/// The file as a whole: its rows, or why it cannot be read at all.
public sealed record PeopleFile(IReadOnlyList<PersonRow> Rows, string? Problem);

/// The CSV of people that the import reads and the export writes: columns name, email, role, schools (URNs separated
/// by semicolons), in any order, with or without a byte-order mark, quoted or not, with Excel's CRLF line ends.
public static class PeopleCsv
{
    /// A file larger than this is refused with a message (a trust of 5,000 staff is about 500 kB).
    public const int MaxBytes = 2_000_000;

    public const int MaxRows = 5_000;

    public static readonly IReadOnlyList<string> Columns = ["name", "email", "role", "schools"];

    private static readonly Dictionary<string, string> ColumnNames = new(StringComparer.Ordinal)
    {
        ["name"] = "name", ["fullname"] = "name", ["displayname"] = "name",
        ["email"] = "email", ["emailaddress"] = "email",
        ["role"] = "role",
        ["schools"] = "schools", ["school"] = "schools", ["schoolurns"] = "schools", ["urns"] = "schools", ["urn"] = "schools",
    };

    /// Reads the text of an upload or a paste. Never throws for a bad file: the problem is said in words.
    public static PeopleFile Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            return new([], "The list is larger than 2 MB: split it into smaller files of up to 5,000 people each");
        }
        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            return new([], "The list is empty: it needs a first row naming the columns (name, email, role, schools), then one row for each person");
        }
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
            Delimiter = DelimiterOf(text),
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
        };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, config);
        Dictionary<string, int>? columns = null;
        var rows = new List<PersonRow>();
        try
        {
            while (csv.Read())
            {
                var cells = csv.Parser.Record ?? [];
                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                if (columns is null)
                {
                    columns = new(StringComparer.Ordinal);
                    for (var i = 0; i < cells.Length; i++)
                    {
                        if (ColumnNames.TryGetValue(Normalise(cells[i]), out var name))
                        {
                            columns.TryAdd(name, i);
                        }
                    }
                    var missing = Columns.Take(3).Where(c => !columns.ContainsKey(c)).ToList();
                    if (missing.Count > 0)
                    {
                        return new([], $"The first row must name the columns. It has no {string.Join(" or ", missing.Select(m => m == "email" ? "\"email\"" : $"\"{m}\""))} column: " +
                            "the columns are name, email, role and schools, in any order");
                    }
                    continue;
                }
                if (rows.Count == MaxRows)
                {
                    return new([], "The list has more than 5,000 people: split it into smaller files");
                }
                rows.Add(new PersonRow(csv.Parser.Row, Cell(cells, columns, "name"), Cell(cells, columns, "email"), Cell(cells, columns, "role"), Cell(cells, columns, "schools")));
            }
        }
        catch (CsvHelperException)
        {
            return new([], "The file could not be read as a CSV file: save it from your spreadsheet as \"CSV UTF-8 (comma delimited)\" and try again");
        }
        if (columns is null)
        {
            return new([], "The list is empty: it needs a first row naming the columns (name, email, role, schools), then one row for each person");
        }
        return rows.Count == 0 ? new([], "The list names its columns but has nobody in it: add one row for each person") : new(rows, null);
    }

    /// The delimiter of the header row: a comma (CSV), a tab (cells pasted from a spreadsheet) or a semicolon (CSV
    /// saved where the comma is the decimal mark). Only the header is looked at: a quoted cell may hold any of them.
    private static string DelimiterOf(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        var (comma, tab, semicolon) = (header.Count(c => c == ','), header.Count(c => c == '\t'), header.Count(c => c == ';'));
        return tab > comma && tab >= semicolon ? "\t" : semicolon > comma ? ";" : ",";
    }

    /// Reads an uploaded file's bytes as text: UTF-8 (with or without a byte-order mark), or Windows-1252 when the
    /// bytes are not UTF-8 (Excel's plain "CSV" on Windows).
    public static string Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes);
        }
    }

    /// Writes people in the same format the import reads, each cell safe to open in a spreadsheet.
    public static string Write(IEnumerable<(string Name, string Email, string Role, IReadOnlyList<int> Urns)> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.NewLine = "\r\n";
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }))
        {
            foreach (var column in Columns)
            {
                csv.WriteField(column);
            }
            csv.NextRecord();
            foreach (var (name, email, role, urns) in people)
            {
                csv.WriteField(Safe(Domain.StoredText.SingleLine(name)));
                csv.WriteField(Safe(Domain.StoredText.SingleLine(email)));
                csv.WriteField(Roles.Label(role));
                csv.WriteField(string.Join("; ", urns.Select(u => u.ToString(CultureInfo.InvariantCulture))));
                csv.NextRecord();
            }
        }
        return writer.ToString();
    }

    /// A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a leading apostrophe.
    public static string Safe(string value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// A role as a person might write it: the role's label ("Trust administrator"), its name ("TrustAdmin"), "Head".
    public static string? ParseRole(string text)
    {
        var key = Normalise(text);
        return key switch
        {
            "trustadmin" or "trustadministrator" or "administrator" or "admin" => Roles.TrustAdmin,
            "trustee" => Roles.Trustee,
            "headteacher" or "head" or "executiveheadteacher" or "executivehead" => Roles.Headteacher,
            "staff" or "memberofstaff" => Roles.Staff,
            _ => null,
        };
    }

    private static string Cell(string[] cells, Dictionary<string, int> columns, string name)
    {
        if (!columns.TryGetValue(name, out var i) || i >= cells.Length)
        {
            return "";
        }
        var value = Domain.StoredText.SingleLine(cells[i]).Trim();
        // Undo the export's formula guard, so an exported file reads back as it was.
        return value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' ? value[1..] : value;
    }

    private static string Normalise(string text) =>
        new([.. text.Trim().ToLowerInvariant().Where(char.IsLetter)]);
}
