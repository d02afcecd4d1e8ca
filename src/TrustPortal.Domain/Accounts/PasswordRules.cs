namespace TrustPortal.Domain.Accounts;

/// Password rules after NCSC guidance and OWASP ASVS 5.0: long enough, no composition rules, no expiry,
/// and not a password that attackers try first (common passwords, and the names of the user's own trust and schools).
public static class PasswordRules
{
    public const int MinimumLength = 12;
    /// Long enough for pass phrases and password managers; bounded so hashing cannot be used to exhaust the server.
    public const int MaximumLength = 256;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    /// Number of entries in the shipped list of common passwords.
    public static int CommonPasswordCount => Common.Value.Count;

    /// The reasons the password is refused, empty when it is acceptable.
    public static IReadOnlyList<string> Check(string? password, IEnumerable<string> localWords)
    {
        ArgumentNullException.ThrowIfNull(localWords);
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            problems.Add($"Password must be {MinimumLength} characters or more");
            return problems;
        }
        if (password.Length > MaximumLength)
        {
            problems.Add($"Password must be {MaximumLength} characters or fewer");
            return problems;
        }
        var candidate = Normalise(password);
        if (Common.Value.Contains(candidate))
        {
            problems.Add("Password is too common: choose one that attackers would not try first, such as three random words");
        }
        else if (localWords.Select(Normalise).Where(w => w.Length >= 4).Any(w => candidate.Contains(w, StringComparison.Ordinal)))
        {
            problems.Add("Password must not contain the name of your trust or of its schools");
        }
        return problems;
    }

    /// Lower case with white space removed, so "Pass Word 123" and "password123" compare equal.
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("TrustPortal.Domain.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(Normalise(line));
            }
        }
        return set;
    }
}
