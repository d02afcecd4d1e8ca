using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;
using TrustPortal.Domain.Progress;

namespace TrustPortal.Web.Data.Configurations;

/// The columns every uploaded file's row has alike (evidence, self-evaluation and trust review files): the key it is
/// stored under in the file store (unique: one row a file), its name and type as uploaded, and who uploaded it.
internal static class StoredFileColumns
{
    public static EntityTypeBuilder<T> HasStoredFileColumns<T>(this EntityTypeBuilder<T> builder) where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasIndex(nameof(EvidenceFile.StoredKey)).IsUnique();
        builder.Property(nameof(EvidenceFile.StoredKey)).HasMaxLength(EvidenceFile.KeyLimit);
        builder.Property(nameof(EvidenceFile.OriginalName)).HasMaxLength(EvidenceFile.NameLimit);
        builder.Property(nameof(EvidenceFile.ContentType)).HasMaxLength(EvidenceFile.ContentTypeLimit);
        builder.Property(nameof(EvidenceFile.UploadedBy)).HasMaxLength(Limits.Name);
        return builder;
    }
}
