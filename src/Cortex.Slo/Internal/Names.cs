using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cortex.Slo.Internal;

/// <summary>Names made safe for the places SLOs are exported to.</summary>
internal static class Names
{
    /// <summary>
    /// An RFC 1123 label, as OpenSLO and Kubernetes want for <c>metadata.name</c>: lowercase letters, digits and
    /// <c>-</c>, starting and ending with a letter or digit, at most 63 characters. A longer name keeps its start and
    /// ends with a hash of the whole, so two long names that differ only at the end stay different.
    /// </summary>
    public static string DnsLabel(string name, string fallback = "slo")
    {
        var label = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c);
            if (keep || (label.Length > 0 && label[^1] != '-'))
            {
                label.Append(keep ? c : '-');
            }
        }

        var safe = label.ToString().Trim('-');
        if (safe.Length == 0)
        {
            return fallback;
        }

        if (safe.Length <= 63)
        {
            return safe;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return safe[..54].TrimEnd('-') + "-" + hash;
    }

    /// <summary>A PascalCase identifier from a kebab or snake name (<c>page-fast</c> becomes <c>PageFast</c>), valid as a Prometheus alert name.</summary>
    public static string Pascal(string name)
    {
        var pascal = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            pascal.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return pascal.ToString();
    }

    /// <summary>A duration as Prometheus and OpenSLO write it, in the largest unit that divides it: <c>5m</c>, <c>6h</c>, <c>3d</c>, <c>30d</c>.</summary>
    public static string Duration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A window must be longer than zero.");
        }

        (TimeSpan Unit, string Suffix)[] units =
        [
            (TimeSpan.FromDays(1), "d"),
            (TimeSpan.FromHours(1), "h"),
            (TimeSpan.FromMinutes(1), "m"),
            (TimeSpan.FromSeconds(1), "s"),
            (TimeSpan.FromMilliseconds(1), "ms"),
        ];
        foreach (var (unit, suffix) in units)
        {
            if (value.Ticks % unit.Ticks == 0)
            {
                return (value.Ticks / unit.Ticks).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, "A window must be a whole number of milliseconds.");
    }

    /// <summary>A number without binary noise: <c>1 - 0.999</c> is written <c>0.001</c>, not <c>0.0010000000000000009</c>.</summary>
    public static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
