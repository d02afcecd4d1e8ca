using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Progress;

/// Files of each accepted (and some refused) types, and the multipart post a browser makes with the progress form.
public static class EvidenceTestData
{
    public static byte[] Pdf(int size = 2000)
    {
        var bytes = new byte[size];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public static byte[] Ole2() => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0, 0, 0, 0, 0];

    /// A ZIP package with the given entries (an Office Open XML file when it has [Content_Types].xml and word/, xl/ or ppt/).
    public static byte[] Zip(params string[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<x/>");
            }
        }
        return memory.ToArray();
    }

    public static byte[] Docx() => Zip("[Content_Types].xml", "_rels/.rels", "word/document.xml");

    /// Posts the progress form as multipart with a file, the antiforgery token taken from the page first.
    public static async Task<HttpResponseMessage> PostWithFileAsync(this HttpClient client, string url, IDictionary<string, string> fields, byte[]? file, string fileName, string contentType = "application/pdf")
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        var token = await client.TokenFromAsync(url);
        using var content = new MultipartFormDataContent();
        foreach (var (k, v) in fields)
        {
            content.Add(new StringContent(v, Encoding.UTF8), k);
        }
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var part = new ByteArrayContent(file ?? []);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        // As a browser would: the name as typed, with a plain fallback for the filename parameter.
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
        {
            Name = "\"EvidenceFile\"",
            FileName = "\"" + new string(fileName.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_').ToArray()) + "\"",
            FileNameStar = fileName,
        };
        content.Add(part);
        return await client.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    public static async Task<List<EvidenceFile>> FilesAsync(this PortalFactory factory, int schoolId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        return await db.EvidenceFiles.AsNoTracking()
            .Where(f => db.ProgressUpdates.Any(u => u.Id == f.ProgressUpdateId && u.SchoolId == schoolId)).OrderBy(f => f.Id).ToListAsync();
    }

    /// Records an entry and a PDF for the school's criterion straight through the form; returns the file's download URL.
    public static async Task<string> AddPdfAsync(this HttpClient head, string slug, int urn, int criterionId, string name = "Reading report.pdf")
    {
        var url = $"/{slug}/progress/{urn}/criteria/{criterionId}";
        var page = await head.GetDocumentAsync(url);
        using var response = await head.PostWithFileAsync(url, ProgressTestData.FormFields(page, ProgressTestData.Entry()), Pdf(), name);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var after = await head.GetDocumentAsync(url);
        var links = after.QuerySelectorAll("#evidence-table a");
        var link = (links.Length > 0 ? links[^1] : null) ?? throw new Xunit.Sdk.XunitException("No file listed after upload.");
        return link.GetAttribute("href")!;
    }

    public static async Task<IDocument> ReadDocumentAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public static IElement? FileError(this IDocument page) => page.QuerySelector("#EvidenceFile-error");
}
