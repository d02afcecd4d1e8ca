using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TrustPortal.Web.Features.SetUp;

/// The text of a Word (.docx) document, one paragraph a line, list paragraphs marked as bullet points — the same
/// shape as text pasted from it, so one proposer serves both.
public static class WordText
{
    public static async Task<string?> ReadAsync(IFormFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var copy = new MemoryStream();
        await using (var upload = file.OpenReadStream())
        {
            await upload.CopyToAsync(copy, ct);
        }
        copy.Position = 0;
        try
        {
            using var word = WordprocessingDocument.Open(copy, false);
            var body = word.MainDocumentPart?.Document?.Body;
            if (body is null)
            {
                return null;
            }
            var text = new StringBuilder();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                var line = string.Concat(paragraph.Descendants<Text>().Select(t => t.Text));
                var listed = paragraph.ParagraphProperties?.NumberingProperties is not null;
                text.Append(listed ? "• " : "").Append(line).Append("\n\n");
            }
            return text.ToString();
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException)
        {
            return null;
        }
    }
}
