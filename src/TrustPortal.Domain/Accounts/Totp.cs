using System.Security.Cryptography;

namespace TrustPortal.Domain.Accounts;

/// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as authenticator apps make them.
/// Stricter than ASP.NET Core Identity's own provider: a code is accepted one step either side of now (not two),
/// and only for a step later than the last one accepted, so the same code cannot be used twice.
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;
    /// How many steps either side of the current one are accepted (clock drift between phone and server).
    public const int Window = 1;

    public static long TimeStep(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    public static string Code(byte[] key, long timeStep)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA1; it is not used here for collision resistance.
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// The time step that <paramref name="code"/> belongs to, if it is within the window around <paramref name="now"/>
    /// and later than <paramref name="lastAcceptedStep"/>; otherwise null.
    public static long? Verify(byte[] key, string? code, DateTimeOffset now, long? lastAcceptedStep)
    {
        ArgumentNullException.ThrowIfNull(key);
        code = code?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (code is not { Length: Digits } || !code.All(char.IsAsciiDigit))
        {
            return null;
        }
        var current = TimeStep(now);
        for (var step = current - Window; step <= current + Window; step++)
        {
            if (step <= (lastAcceptedStep ?? long.MinValue))
            {
                continue;
            }
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(key, step)), System.Text.Encoding.ASCII.GetBytes(code)))
            {
                return step;
            }
        }
        return null;
    }

    /// Decodes an RFC 4648 Base32 key as authenticator apps show it (case and spaces ignored).
    public static byte[] DecodeBase32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var output = new List<byte>(clean.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException("The key is not Base32.");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)((buffer >> (bits - 8)) & 0xff));
                bits -= 8;
            }
        }
        return [.. output];
    }
}
