using Cortex.Tests.Shared;
using Cortex.Abstractions.Steps;
using Cortex.Testing.Zai;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.DependencyInjection;

public sealed class ServiceCollectionTests
{

    [Fact]
    public async Task AddCortexZai_FromEnvironmentKeys_RegistersChatClientAndEmbeddingGeneratorThatWork()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var host = TestHosts.Build(
            new() { ["ZAI_API_KEY"] = server.ApiKey, ["ZAI_BASE_URL"] = server.BaseUri.ToString(), ["ZAI_MODEL"] = "glm-4.5-air" },
            (s, _) => s.AddCortexZai());
        await host.StartAsync(Ct);

        var chat = host.Services.GetRequiredService<IChatClient>();
        var embeddings = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var response = await chat.GetResponseAsync("via DI", cancellationToken: Ct);
        var vectors = await embeddings.GenerateAsync(["via DI"], cancellationToken: Ct);
        await host.StopAsync(Ct);

        Assert.Equal("glm-4.5-air", response.ModelId);
        Assert.Single(vectors);
        Assert.Same(chat, host.Services.GetRequiredService<ZaiOptimizedClient>());
        Assert.Equal(["zai_completion", "zai_embedding", "zai_streaming"], host.Services.GetServices<IStepHandler>().Select(h => h.StepType).Order());
    }

    [Fact]
    public void AddCortexZai_ConfigurationSection_BindsTheSeedsGroups()
    {
        using var host = TestHosts.Build(
            new()
            {
                ["zai:ApiKey"] = "k",
                ["zai:Cache:MemoryCacheSize"] = "50",
                ["zai:Cache:DefaultTtl"] = "00:02:00",
                ["zai:Deduplication:DeduplicationWindow"] = "00:00:09",
                ["zai:RateLimit:RequestsPerMinute"] = "60",
                ["zai:RateLimit:BurstCapacity"] = "5",
                ["zai:Performance:MaxBatchSize"] = "32",
                ["zai:CircuitBreaker:FailureThreshold"] = "7",
                ["zai:MaxRetries"] = "1",
            },
            (s, c) => s.AddCortexZai(c.GetSection("zai")));

        var o = host.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value;

        Assert.Equal((50, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(9)), (o.Cache.MemoryCacheSize, o.Cache.DefaultTtl, o.Deduplication.DeduplicationWindow));
        Assert.Equal((60, 5, 32, 7, 1), (o.RateLimit.RequestsPerMinute, o.RateLimit.BurstCapacity, o.Performance.MaxBatchSize, o.CircuitBreaker.FailureThreshold, o.MaxRetries));
        Assert.Equal(ZaiClientOptions.DefaultBaseUrl, o.BaseUrl);
    }

    [Theory]
    [InlineData("zai:ApiKey", "", "ZaiClientOptions.ApiKey is empty: set the ZAI_API_KEY environment variable")]
    [InlineData("zai:BaseUrl", "http://api.example.com/v4", "plain http to a remote host")]
    [InlineData("zai:RateLimit:RequestsPerMinute", "0", "ZaiClientOptions.RateLimit.RequestsPerMinute (0) must be between 1 and 1000000.")]
    [InlineData("zai:Performance:MaxBatchSize", "100", "ZaiClientOptions.Performance.MaxBatchSize (100) must be between 1 and 64")]
    [InlineData("zai:Cache:EnableRedisCache", "true", "ZaiClientOptions.Cache.RedisConnectionString is empty")]
    public async Task StartAsync_InvalidOption_FailsNamingTheFieldAndNeverTheKey(string key, string value, string expected)
    {
        using var host = TestHosts.Build(new() { ["zai:ApiKey"] = "sk-never-print-me", [key] = value }, (s, c) => s.AddCortexZai(c.GetSection("zai")));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-never-print-me", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddKeyedCortexZai_SecondClient_ResolvedByKeyAsChatClient()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var host = TestHosts.Build([], (s, _) => s.AddKeyedCortexZai("coding", o =>
        {
            o.ApiKey = server.ApiKey;
            o.BaseUrl = server.BaseUri.ToString();
            o.Model = "glm-4.6";
        }));

        var chat = host.Services.GetRequiredKeyedService<IChatClient>("coding");
        var response = await chat.GetResponseAsync("keyed", cancellationToken: Ct);

        Assert.Contains("keyed", response.Text, StringComparison.Ordinal);
        Assert.Null(host.Services.GetService<IChatClient>());
    }
}
