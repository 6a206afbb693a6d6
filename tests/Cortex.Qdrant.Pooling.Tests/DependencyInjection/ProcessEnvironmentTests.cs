using Cortex.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Qdrant.Pooling.Tests.DependencyInjection;

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>Sets real process environment variables, so it runs alone.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class ProcessEnvironmentTests
{
    [Fact]
    public void AddCortexQdrantPooling_RealEnvironmentVariablesAndAHostWithoutTheEnvironmentProvider_AreNotRead()
    {
        var saved = Environment.GetEnvironmentVariable("QDRANT_URL");
        try
        {
            Environment.SetEnvironmentVariable("QDRANT_URL", "https://primary.example:6334");
            using var host = TestHosts.Build([], (s, _) => s.AddCortexQdrantPooling());

            var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<QdrantPoolOptions>>().Value);
            Assert.Contains("QdrantPoolOptions.Nodes is empty", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("QDRANT_URL", saved);
        }
    }

    [Fact]
    public void AddCortexQdrantPooling_RealEnvironmentVariables_BecomeNodesInADefaultHost()
    {
        string[] names = ["QDRANT_URL", "QDRANT_ADDITIONAL_NODES", "QDRANT_API_KEY"];
        var saved = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("QDRANT_URL", "https://primary.example:6334");
            Environment.SetEnvironmentVariable("QDRANT_ADDITIONAL_NODES", "https://replica-1.example:6334,https://replica-2.example:6334");
            Environment.SetEnvironmentVariable("QDRANT_API_KEY", "env-key");
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddCortexQdrantPooling();
            using var host = builder.Build();

            var nodes = host.Services.GetRequiredService<IOptions<QdrantPoolOptions>>().Value.Nodes;

            Assert.Equal(["https://primary.example:6334", "https://replica-1.example:6334", "https://replica-2.example:6334"], nodes.Select(n => n.Url));
            Assert.All(nodes, n => Assert.Equal("env-key", n.ApiKey));
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
