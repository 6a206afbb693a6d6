using System.Globalization;
using System.Text;
using Cortex.Abstractions.Steps;

namespace Cortex.LoadTesting.Internal;

/// <summary>
/// The values a step's text can take per request, as k6 scripts compute them: <c>{user}</c> (the virtual user, from 0),
/// <c>{iteration}</c> (that user's iteration, from 0) and <c>{random}</c> (a random whole number from 0 to 2^31 − 2).
/// </summary>
internal static class Placeholders
{
    private const string User = "{user}";
    private const string Iteration = "{iteration}";
    private const string Random = "{random}";

    public static bool In(string text) =>
        text.Contains(User, StringComparison.Ordinal) || text.Contains(Iteration, StringComparison.Ordinal) || text.Contains(Random, StringComparison.Ordinal);

    public static string Fill(string text, StepContext context) => new StringBuilder(text)
        .Replace(User, context.VirtualUser.ToString(CultureInfo.InvariantCulture))
        .Replace(Iteration, context.Iteration.ToString(CultureInfo.InvariantCulture))
        .Replace(Random, System.Random.Shared.Next().ToString(CultureInfo.InvariantCulture))
        .ToString();
}
