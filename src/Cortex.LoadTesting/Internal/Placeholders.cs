using System.Globalization;
using System.Text;
using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Feeds;
using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Internal;

/// <summary>
/// The values a step's text can take per request, as k6 scripts compute them: <c>{user}</c> (the virtual user, from 0),
/// <c>{iteration}</c> (that user's iteration, from 0), <c>{random}</c> (a random whole number from 0 to 2^31 − 2) and
/// <c>{feed.NAME.COLUMN}</c> (a column of the row the iteration took from a feed). Other braces are text.
/// Text is compiled once, when the step is prepared, so an unknown feed or column fails the test before it starts.
/// </summary>
internal sealed class Placeholders
{
    private const string FeedPrefix = "feed.";

    private readonly Part[] _parts;
    private readonly FeedSet? _feeds;

    private Placeholders(Part[] parts, FeedSet? feeds)
    {
        _parts = parts;
        _feeds = feeds;
    }

    /// <summary>Compiles text; <see langword="null"/> when it holds no placeholder and is sent as it is.</summary>
    /// <exception cref="FormatException">A <c>{feed.…}</c> placeholder names no feed or no column; the message says which.</exception>
    public static Placeholders? Compile(string text, FeedSet? feeds)
    {
        var parts = new List<Part>();
        var literal = 0;
        var placeholders = false;
        for (var open = text.IndexOf('{', StringComparison.Ordinal); open >= 0; open = text.IndexOf('{', open + 1))
        {
            var close = text.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }

            var name = text[(open + 1)..close];
            Part? part = name switch
            {
                "user" => new Part(Kind.User),
                "iteration" => new Part(Kind.Iteration),
                "random" => new Part(Kind.Random),
                _ when name.StartsWith(FeedPrefix, StringComparison.Ordinal) => Feed(name, feeds),
                _ => null,
            };
            if (part is null)
            {
                continue;
            }

            if (open > literal)
            {
                parts.Add(new Part(Kind.Literal, text[literal..open]));
            }

            parts.Add(part.Value);
            placeholders = true;
            literal = close + 1;
            open = close;
        }

        if (!placeholders)
        {
            return null;
        }

        if (literal < text.Length)
        {
            parts.Add(new Part(Kind.Literal, text[literal..]));
        }

        return new Placeholders([.. parts], feeds);
    }

    public string Fill(StepContext context) => Fill(context, sample: false);

    /// <summary>The text as the first iteration of user 0 could send it, with each feed's first row, without taking a row: to validate a step at start.</summary>
    public string Sample() => Fill(default, sample: true);

    private string Fill(StepContext context, bool sample)
    {
        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            _ = part.Kind switch
            {
                Kind.Literal => builder.Append(part.Text),
                Kind.User => builder.Append(context.VirtualUser.ToString(CultureInfo.InvariantCulture)),
                Kind.Iteration => builder.Append(context.Iteration.ToString(CultureInfo.InvariantCulture)),
                Kind.Random => builder.Append(System.Random.Shared.Next().ToString(CultureInfo.InvariantCulture)),
                _ => builder.Append(sample ? _feeds!.First(part.Feed, part.Column) : _feeds!.Value(part.Feed, part.Column, context)),
            };
        }

        return builder.ToString();
    }

    private static Part Feed(string name, FeedSet? feeds)
    {
        var rest = name[FeedPrefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == rest.Length - 1)
        {
            throw new FormatException($"{{{name}}} must be written {{feed.NAME.COLUMN}}");
        }

        if (feeds is null)
        {
            throw new FormatException($"{{{name}}} names feed '{rest[..dot]}', but the test declares no feeds");
        }

        return feeds.TryResolve(rest[..dot], rest[(dot + 1)..], out var feed, out var column, out var error)
            ? new Part(Kind.Feed, null, feed, column)
            : throw new FormatException($"{{{name}}} {error}");
    }

    private enum Kind
    {
        Literal,
        User,
        Iteration,
        Random,
        Feed,
    }

    private readonly record struct Part(Kind Kind, string? Text = null, int Feed = 0, int Column = 0);
}
