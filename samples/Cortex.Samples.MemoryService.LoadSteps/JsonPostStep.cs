using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Cortex.Abstractions.Steps;

namespace Cortex.Samples.MemoryService.LoadSteps;

/// <summary>One POST of a JSON body; <c>{user}</c> and <c>{iteration}</c> in the body are filled per request. Succeeds on 2xx.</summary>
internal sealed class JsonPostStep(HttpClient client, Uri uri, string body, string? bearer) : IStep
{
    private readonly bool _varies = body.Contains("{user}", StringComparison.Ordinal) || body.Contains("{iteration}", StringComparison.Ordinal);

    public async ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var text = _varies
            ? body.Replace("{user}", context.VirtualUser.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                  .Replace("{iteration}", context.Iteration.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : body;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        return response.IsSuccessStatusCode ? StepResult.Succeeded(status) : StepResult.Failed("http_" + status.ToString(CultureInfo.InvariantCulture), status);
    }

    /// <summary>The <c>baseUrl</c> parameter with <paramref name="path"/> appended.</summary>
    public static Uri Endpoint(StepDefinition definition, string path)
    {
        var baseUrl = definition.GetRequiredString("baseUrl");
        return Uri.TryCreate(baseUrl.TrimEnd('/') + "/" + path, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw definition.InvalidParameter("baseUrl", $"must be an absolute http:// or https:// URL (was '{baseUrl}')");
    }
}
