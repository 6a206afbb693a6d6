using Cortex.Testing.Qdrant;
using Cortex.Testing.Zai;
using Cortex.Tests.Shared;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cortex.Production.Tests.Infrastructure;

internal static class ProductionHosts
{
    public static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection>? register = null) =>
        TestHosts.Build(settings, (services, configuration) =>
        {
            services.AddCortexProduction(configuration);
            // The test servers speak plain HTTP on loopback.
            services.Configure<ZaiClientOptions>(o => o.AllowInsecureBaseUrl = true);
            register?.Invoke(services);
        });

    public static Dictionary<string, string?> Settings(QdrantTestServer? qdrant, ZaiTestServer? zai, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // Keep the SLO monitor's resource sampler and the status loop quiet during a test.
            ["performance:monitoring:interval"] = "60000",
        };
        if (qdrant is not null)
        {
            settings["QDRANT_URL"] = qdrant.GrpcUri.ToString();
        }

        if (zai is not null)
        {
            settings["ZAI_API_KEY"] = zai.ApiKey;
            settings["ZAI_BASE_URL"] = zai.BaseUri.ToString();
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static Dictionary<string, string?> RepoProductionJson()
    {
        var path = RepositoryFiles.PathOf("config/production.json");
        return new ConfigurationBuilder().AddJsonFile(path).Build().AsEnumerable()
            .Where(p => p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
    }
}
