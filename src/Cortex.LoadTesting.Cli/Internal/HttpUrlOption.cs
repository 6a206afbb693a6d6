using System.CommandLine;

namespace Cortex.LoadTesting.Cli.Internal;

/// <summary>Options whose value is an absolute http:// or https:// URL, refused otherwise with one line naming the option.</summary>
internal static class HttpUrlOption
{
    public static void RequireHttpUrl(this Option<string> option) => option.Validators.Add(r =>
    {
        var text = r.GetValueOrDefault<string>();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            r.AddError($"{option.Name} '{text}' must be an absolute http:// or https:// URL.");
        }
    });
}
