using System.Globalization;

namespace TrustPortal.Bench;

/// `--name value` and `--flag` options after the command word; unknown options are refused so a typo is not ignored.
public sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public Options(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    _values[pending] = null;
                }
                pending = arg[2..];
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new UsageException($"Unexpected argument '{arg}'");
            }
        }
        if (pending is not null)
        {
            _values[pending] = null;
        }
    }

    public string Required(string name) =>
        Text(name) ?? throw new UsageException($"--{name} is required");

    public string? Text(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var v) ? v ?? throw new UsageException($"--{name} needs a value") : null;
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var v))
        {
            return false;
        }
        return v is null ? true : throw new UsageException($"--{name} takes no value");
    }

    public int Number(string name, int fallback, int min = 0, int max = int.MaxValue)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new UsageException($"--{name} must be a whole number from {min} to {max}");
        }
        return n;
    }

    /// Call after reading every option the command knows: refuses the rest.
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException("Unknown option: " + string.Join(", ", unknown.Select(u => "--" + u)));
        }
    }
}

public sealed class UsageException(string message) : Exception(message);
