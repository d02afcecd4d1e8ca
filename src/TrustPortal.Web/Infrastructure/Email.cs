using System.Net.Mail;

namespace TrustPortal.Web.Infrastructure;

public sealed record EmailMessage(string To, string Subject, string Body);

/// What the portal's features send e-mail through: the configured sender, then a record in the audit trail of who
/// was sent what subject (for subject access requests; issue 18, item 15).
public sealed class OutgoingMail(IEmailSender sender, Data.Audit.AuditTrail audit)
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        await sender.SendAsync(message, ct);
        await audit.RecordEmailAsync(message.To, message.Subject, ct);
    }
}

/// Sends e-mail. SMTP in production; a folder (and a line in the log) in development.
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// Settings under "Email".
public sealed class EmailOptions
{
    /// "Smtp" or "Folder".
    public string Sender { get; set; } = "Folder";
    public string From { get; set; } = "TrustPortal <no-reply@trustportal.invalid>";
    public string Folder { get; set; } = "data/mail";
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public string? SmtpUserName { get; set; }
    public string? SmtpPassword { get; set; }
    public bool SmtpUseTls { get; set; } = true;
}

public sealed class SmtpEmailSender(EmailOptions options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var client = new SmtpClient(options.SmtpHost ?? throw new InvalidOperationException("Set Email:SmtpHost."), options.SmtpPort)
        {
            EnableSsl = options.SmtpUseTls,
        };
        if (options.SmtpUserName is not null)
        {
            client.Credentials = new System.Net.NetworkCredential(options.SmtpUserName, options.SmtpPassword);
        }
        // A subject is one line (MailMessage refuses a line break); the body follows the portal's text rule (ADR 0092).
        using var mail = new MailMessage(options.From, message.To, Domain.StoredText.SingleLine(message.Subject), Domain.StoredText.Clean(message.Body));
        await client.SendMailAsync(mail, ct);
    }
}

/// Writes each message to a .eml file in a folder and logs where; the body (which may hold a link with a token)
/// is not logged.
public sealed class FolderEmailSender(EmailOptions options, IWebHostEnvironment environment, ILogger<FolderEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var folder = Path.IsPathRooted(options.Folder) ? options.Folder : Path.Combine(environment.ContentRootPath, options.Folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        var text = $"From: {options.From}\nTo: {message.To}\nSubject: {Domain.StoredText.SingleLine(message.Subject)}\n\n{Domain.StoredText.Clean(message.Body)}\n";
        await File.WriteAllTextAsync(path, text, ct);
        logger.LogInformation("E-mail \"{Subject}\" written to {Path}", message.Subject, path);
    }
}
