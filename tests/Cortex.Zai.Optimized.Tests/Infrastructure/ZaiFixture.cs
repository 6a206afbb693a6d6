using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Tests.Infrastructure;

/// <summary>Builds clients against a real <see cref="ZaiTestServer"/> over HTTP.</summary>
internal static class ZaiFixture
{
    public const string ChatPath = "/api/paas/v4/chat/completions";
    public const string EmbeddingsPath = "/api/paas/v4/embeddings";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static ZaiClientOptions Options(ZaiTestServer server, Action<ZaiClientOptions>? configure = null)
    {
        var options = new ZaiClientOptions
        {
            ApiKey = server.ApiKey,
            BaseUrl = server.BaseUri.ToString(),
            RetryDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.Zero,
        };
        options.RateLimit.RequestsPerMinute = 100_000;
        options.RateLimit.BurstCapacity = 10_000;
        options.RateLimit.MaxConcurrentRequests = 1_000;
        configure?.Invoke(options);
        return options;
    }

    public static ZaiOptimizedClient CreateClient(ZaiTestServer server, Action<ZaiClientOptions>? configure = null, TimeProvider? time = null) =>
        new(new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All }), Options(server, configure), timeProvider: time);

    public static ZaiCompletionRequest Deterministic(string prompt) => new()
    {
        Messages = [new ZaiChatMessage { Role = "user", Content = prompt }],
        DoSample = false,
    };
}
