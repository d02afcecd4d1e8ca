using System.Globalization;

namespace TrustPortal.Bench;

/// One benchmark account: its role, e-mail address and, for a headteacher, the URN of their school.
public sealed record Account(string Role, string Email, int? Urn)
{
    /// Reads "Role email [urn]" lines (as bench/lib.sh writes them); blank lines and # comments are skipped.
    public static IReadOnlyList<Account> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--accounts {path}: no such file");
        }
        var accounts = new List<Account>();
        foreach (var (line, number) in File.ReadAllLines(path).Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is < 2 or > 3 || parts[0] is not ("Staff" or "Headteacher" or "Trustee" or "TrustAdmin"))
            {
                throw new UsageException($"{path}:{number}: expected \"Role email [urn]\" with Role Staff, Headteacher, Trustee or TrustAdmin");
            }
            int? urn = null;
            if (parts.Length == 3)
            {
                urn = int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : throw new UsageException($"{path}:{number}: the URN is not a number");
            }
            if (parts[0] == "Headteacher" && urn is null)
            {
                throw new UsageException($"{path}:{number}: a headteacher needs the URN of their school");
            }
            accounts.Add(new Account(parts[0], parts[1], urn));
        }
        return accounts;
    }

    /// <paramref name="count"/> accounts spread over the roles in the file's proportions (round robin by role), so
    /// fewer users than accounts still give the mix of staff, heads and trustees.
    public static IReadOnlyList<Account> Pick(IReadOnlyList<Account> accounts, int count)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        if (count > accounts.Count)
        {
            throw new UsageException($"{count} users asked for, but the accounts file has {accounts.Count}");
        }
        if (count == accounts.Count)
        {
            return accounts;
        }
        var queues = accounts.GroupBy(a => a.Role).Select(g => new Queue<Account>(g)).ToList();
        var picked = new List<Account>(count);
        while (picked.Count < count)
        {
            foreach (var q in queues.Where(q => q.Count > 0 && picked.Count < count))
            {
                picked.Add(q.Dequeue());
            }
        }
        return picked;
    }
}

/// A signed-in person of the benchmark.
public sealed record SignedIn(Account Account, PortalClient Client);
