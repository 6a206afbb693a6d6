using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cortex.Production.Dashboard.Internal;

/// <summary>
/// The last guard before a figure reaches the page: every URL in a string is cut to its scheme, host and port (user
/// info, path and query can carry a password, a webhook token or an API key), and bearer tokens are masked. The
/// components already keep secrets out of their statistics; this holds whatever a health check's description says.
/// </summary>
internal static partial class SecretRedactor
{
    public static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    obj[key] = Redact(value?.DeepClone());
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Redact(array[i]?.DeepClone());
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(Redact(text));
            default:
                return node;
        }
    }

    public static string Redact(string text)
    {
        var cut = Url().Replace(text, m => m.Groups["scheme"].Value + m.Groups["host"].Value + (m.Groups["rest"].Length > 1 ? "/…" : m.Groups["rest"].Value));
        return Bearer().Replace(cut, "Bearer ***");
    }

    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*://)(?:[^/\s@""']*@)?(?<host>[^/\s?#""'@]+)(?<rest>[^\s""']*)", RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/=\-]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();
}
