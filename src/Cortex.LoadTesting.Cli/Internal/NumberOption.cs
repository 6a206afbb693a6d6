using System.CommandLine;
using System.Globalization;

namespace Cortex.LoadTesting.Cli.Internal;

/// <summary>
/// Numeric options that reject what is not a number, or not in range, with one line naming the option and the value
/// as typed (System.CommandLine's own conversion error names .NET types, and a validator reading the value throws).
/// </summary>
internal static class NumberOption
{
    /// <summary>Creates an option of a number: plain digits with an optional point and exponent, read the same in every culture.</summary>
    /// <param name="name">The option's name, with its dashes.</param>
    /// <param name="isValid">Whether a parsed number is in range.</param>
    /// <param name="requirement">What the value must be, to end "--name must be …": "a number &gt; 0".</param>
    public static Option<double?> Create(string name, Func<double, bool> isValid, string requirement) => new(name)
    {
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && isValid(value))
            {
                return value;
            }

            result.AddError($"{name} must be {requirement} (was '{text}').");
            return null;
        },
    };
}
