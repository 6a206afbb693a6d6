using Cortex.Abstractions.Steps;

namespace MyLoadTest;

/// <summary>
/// A custom step type, <c>api_get</c>: GETs <c>path</c> on the <see cref="LoadTarget"/> and succeeds when the status is
/// <c>expectStatus</c> (default 200). Replace it with the calls your system's users make; the engine finds a step
/// handler by its <see cref="StepType"/>, and <see cref="Prepare"/> rejects bad parameters before any load is sent.
/// </summary>
/// <param name="httpClientFactory">Creates the client named <see cref="HttpClientName"/>, whose base address is the target.</param>
public sealed class ApiGetStepHandler(IHttpClientFactory httpClientFactory) : IStepHandler
{
    /// <summary>The name of the HTTP client the step uses.</summary>
    public const string HttpClientName = "load-target";

    /// <inheritdoc />
    public string StepType => "api_get";

    /// <inheritdoc />
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var path = definition.GetRequiredString("path");
        if (!path.StartsWith('/'))
        {
            throw definition.InvalidParameter("path", $"must start with '/' (was '{path}')");
        }

        var expected = definition.GetPositiveInt32("expectStatus", 200);
        if (expected is < 100 or > 599)
        {
            throw definition.InvalidParameter("expectStatus", $"must be an HTTP status, 100 to 599 (was {expected})");
        }

        return new ApiGetStep(httpClientFactory.CreateClient(HttpClientName), new Uri(path, UriKind.Relative), expected);
    }

    private sealed class ApiGetStep(HttpClient http, Uri path, int expected) : IStep
    {
        public async ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status == expected ? StepResult.Succeeded(status) : StepResult.Failed($"http_{status}", status);
        }
    }
}
