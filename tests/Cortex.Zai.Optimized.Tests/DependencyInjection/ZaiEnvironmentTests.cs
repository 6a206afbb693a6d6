using Cortex.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Zai.Optimized.Tests.DependencyInjection;

// ZAI_API_KEY, ZAI_BASE_URL and ZAI_MODEL arrive through the host's configuration (here an in-memory provider stands
// for the environment provider); they win over the section, and options set in code win over both.
public sealed class ZaiEnvironmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddCortexZai_CodeSetsWhatTheVariablesSet_CodeWins()
    {
        using var host = TestHosts.Build(
            new() { ["ZAI_API_KEY"] = "env-key", ["ZAI_BASE_URL"] = "https://env.example/v4", ["ZAI_MODEL"] = "glm-4.5-air" },
            (s, _) => s.AddCortexZai(o =>
            {
                o.Model = "glm-4.5-flash";
                o.BaseUrl = "https://code.example/v4";
            }));

        var o = host.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value;

        Assert.Equal(("env-key", "https://code.example/v4", "glm-4.5-flash"), (o.ApiKey, o.BaseUrl, o.Model));
    }

    [Fact]
    public void AddCortexZai_SectionAndVariables_VariablesWinOverTheSectionAndBuilderCodeOverBoth()
    {
        using var host = TestHosts.Build(
            new()
            {
                ["zai:ApiKey"] = "section-key",
                ["zai:Model"] = "glm-4.5",
                ["zai:EmbeddingModel"] = "embedding-2",
                ["ZAI_API_KEY"] = "env-key",
                ["ZAI_MODEL"] = "glm-4.5-air",
            },
            (s, c) => s.AddCortexZai(c.GetSection("zai")));
        var o = host.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value;

        Assert.Equal(("env-key", "glm-4.5-air", "embedding-2"), (o.ApiKey, o.Model, o.EmbeddingModel));
    }

    [Fact]
    public async Task AddCortexZai_KeyFromAVariableAndABadBaseUrl_ErrorNamesTheFieldAndHoldsNoKey()
    {
        using var host = TestHosts.Build(
            new() { ["ZAI_API_KEY"] = "sk-s3cret-0123456789", ["ZAI_BASE_URL"] = "ftp://z.example/v4" },
            (s, _) => s.AddCortexZai(o => o.MaxRetries = 2));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("ZaiClientOptions.BaseUrl 'ftp://z.example/v4' is not an absolute https:// URL", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.ToString(), StringComparison.Ordinal);
    }
}

[CollectionDefinition(nameof(ZaiProcessEnvironment), DisableParallelization = true)]
public sealed class ZaiProcessEnvironment;

/// <summary>Sets real process environment variables, so it runs alone.</summary>
[Collection(nameof(ZaiProcessEnvironment))]
public sealed class ZaiProcessEnvironmentTests
{
    [Fact]
    public void AddCortexZai_ProcessVariablesInADefaultHost_ReachTheOptionsAndAHostWithoutTheProviderIgnoresThem()
    {
        string[] names = ["ZAI_API_KEY", "ZAI_MODEL"];
        var saved = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("ZAI_API_KEY", "process-key");
            Environment.SetEnvironmentVariable("ZAI_MODEL", "glm-4.5-air");
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddCortexZai();
            using var host = builder.Build();
            using var bare = TestHosts.Build([], (s, _) => s.AddCortexZai());

            var o = host.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value;
            var ex = Assert.Throws<OptionsValidationException>(() => bare.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value);

            Assert.Equal(("process-key", "glm-4.5-air"), (o.ApiKey, o.Model));
            Assert.Contains("ZaiClientOptions.ApiKey is empty", ex.Message, StringComparison.Ordinal);
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
