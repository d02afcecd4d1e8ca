using System.Globalization;

namespace TrustPortal.Domain.Trusts;

/// WCAG 2.x relative luminance and contrast ratio.
public static class Contrast
{
    public static double Ratio(string hexA, string hexB)
    {
        var a = Luminance(hexA);
        var b = Luminance(hexB);
        var (light, dark) = a > b ? (a, b) : (b, a);
        return (light + 0.05) / (dark + 0.05);
    }

    public static double Luminance(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var h = hex.TrimStart('#');
        if (h.Length != 6)
        {
            throw new ArgumentException("Expected a six-digit hex colour.", nameof(hex));
        }
        double Channel(int offset)
        {
            var c = int.Parse(h.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return (0.2126 * Channel(0)) + (0.7152 * Channel(2)) + (0.0722 * Channel(4));
    }
}
