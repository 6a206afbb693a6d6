using Cortex.Production.Tests.Infrastructure;
using Cortex.Qdrant.Pooling;
using Cortex.Slo;
using Cortex.Tests.Shared;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cortex.Production.Tests.DependencyInjection;

// The shipped config/production.json read through every entry point a README shows: each must read every key the
// same way (durations in milliseconds or TimeSpan strings, rates in percent).
public sealed class OneSchemaTests
{
    public enum EntryPoint
    {
        Production,
        QdrantSection,
        ZaiSection,
        SloSection,
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Every value differs from its default, and the shapes differ: plain milliseconds and TimeSpan strings.
    private static readonly Dictionary<string, string?> NonDefault = new(StringComparer.OrdinalIgnoreCase)
    {
        ["qdrant:pool:maxConnections"] = "37",
        ["qdrant:pool:minConnections"] = "3",
        ["qdrant:pool:connectionTimeout"] = "12500",
        ["qdrant:pool:requestTimeout"] = "00:00:45",
        ["qdrant:pool:enableCircuitBreaker"] = "true",
        ["qdrant:pool:circuitBreakerThreshold"] = "7",
        ["qdrant:pool:circuitBreakerTimeout"] = "90000",
        ["zai:cache:enableMemoryCache"] = "false",
        ["zai:cache:memoryCacheSize"] = "2500",
        ["zai:cache:defaultTTL"] = "120000",
        ["zai:cache:enableRedisCache"] = "false",
        ["zai:deduplication:enableDeduplication"] = "false",
        ["zai:deduplication:deduplicationWindow"] = "2500",
        ["zai:rateLimit:requestsPerMinute"] = "240",
        ["zai:rateLimit:burstCapacity"] = "30",
        ["performance:monitoring:interval"] = "15000",
        ["performance:monitoring:retentionPeriod"] = "259200000",
        ["performance:slo:responseTimeP95"] = "1500",
        ["performance:slo:responseTimeP99"] = "00:00:04",
        ["performance:slo:errorRate"] = "2",
        ["performance:slo:availability"] = "99.5",
    };

    [Theory]
    [InlineData(EntryPoint.Production)]
    [InlineData(EntryPoint.QdrantSection)]
    [InlineData(EntryPoint.ZaiSection)]
    [InlineData(EntryPoint.SloSection)]
    public void Bind_ShippedProductionJson_ReadsMillisecondsAsMilliseconds(EntryPoint entryPoint)
    {
        var settings = ProductionHosts.RepoProductionJson();
        using var host = Build(entryPoint, settings);

        if (entryPoint is EntryPoint.Production or EntryPoint.QdrantSection)
        {
            var pool = host.Services.GetRequiredService<IOptions<QdrantPoolOptions>>().Value;
            Assert.Equal(TimeSpan.FromSeconds(30), pool.ConnectionTimeout);
            Assert.Equal(TimeSpan.FromSeconds(60), pool.RequestTimeout);
            Assert.Equal(TimeSpan.FromSeconds(60), pool.CircuitBreakerTimeout);
        }

        if (entryPoint is EntryPoint.Production or EntryPoint.ZaiSection)
        {
            var zai = host.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value;
            Assert.Equal(TimeSpan.FromMinutes(5), zai.Cache.DefaultTtl);
            Assert.Equal(TimeSpan.FromSeconds(5), zai.Deduplication.DeduplicationWindow);
        }

        if (entryPoint is EntryPoint.Production or EntryPoint.SloSection)
        {
            var slo = host.Services.GetRequiredService<IOptions<SloOptions>>().Value;
            Assert.Equal(TimeSpan.FromSeconds(30), slo.EvaluationInterval);
            Assert.Equal(TimeSpan.FromDays(7), slo.Retention);
            Assert.Equal(TimeSpan.FromSeconds(2), slo.ResponseTime.P95);
            Assert.Equal(TimeSpan.FromSeconds(5), slo.ResponseTime.P99);
        }
    }

    [Theory]
    [InlineData(EntryPoint.Production)]
    [InlineData(EntryPoint.QdrantSection)]
    [InlineData(EntryPoint.ZaiSection)]
    [InlineData(EntryPoint.SloSection)]
    public void Bind_NonDefaultValuesInTheShippedShape_EveryEntryPointReadsTheSameValues(EntryPoint entryPoint)
    {
        var settings = ProductionHosts.RepoProductionJson();
        Assert.All(NonDefault.Keys, key => Assert.True(settings.ContainsKey(key), $"config/production.json no longer has {key}"));
        foreach (var (key, value) in NonDefault)
        {
            settings[key] = value;
        }

        using var host = Build(entryPoint, settings);

        if (entryPoint is EntryPoint.Production or EntryPoint.QdrantSection)
        {
            var pool = host.Services.GetRequiredService<IOptions<QdrantPoolOptions>>().Value;
            Assert.Equal(37, pool.MaxConnections);
            Assert.Equal(3, pool.MinConnections);
            Assert.Equal(TimeSpan.FromMilliseconds(12500), pool.ConnectionTimeout);
            Assert.Equal(TimeSpan.FromSeconds(45), pool.RequestTimeout);
            Assert.Equal(7, pool.CircuitBreakerThreshold);
            Assert.Equal(TimeSpan.FromSeconds(90), pool.CircuitBreakerTimeout);
        }

        if (entryPoint is EntryPoint.Production or EntryPoint.ZaiSection)
        {
            var zai = host.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value;
            Assert.False(zai.Cache.EnableMemoryCache);
            Assert.Equal(2500, zai.Cache.MemoryCacheSize);
            Assert.Equal(TimeSpan.FromMinutes(2), zai.Cache.DefaultTtl);
            Assert.False(zai.Cache.EnableRedisCache);
            Assert.False(zai.Deduplication.EnableDeduplication);
            Assert.Equal(TimeSpan.FromMilliseconds(2500), zai.Deduplication.DeduplicationWindow);
            Assert.Equal(240, zai.RateLimit.RequestsPerMinute);
            Assert.Equal(30, zai.RateLimit.BurstCapacity);
        }

        if (entryPoint is EntryPoint.Production or EntryPoint.SloSection)
        {
            var slo = host.Services.GetRequiredService<IOptions<SloOptions>>().Value;
            Assert.Equal(TimeSpan.FromSeconds(15), slo.EvaluationInterval);
            Assert.Equal(TimeSpan.FromDays(3), slo.Retention);
            Assert.Equal(TimeSpan.FromMilliseconds(1500), slo.ResponseTime.P95);
            Assert.Equal(TimeSpan.FromSeconds(4), slo.ResponseTime.P99);
            Assert.Equal(0.02, slo.ErrorRate.Warning, 9);
            Assert.Equal(0.995, slo.Availability, 9);
        }

        if (entryPoint is EntryPoint.Production)
        {
            var production = host.Services.GetRequiredService<IOptions<ProductionOptions>>().Value;
            Assert.Equal(1500, production.SloTargets.ResponseTimeP95);
            Assert.Equal(2, production.SloTargets.ErrorRate);
            Assert.Equal(99.5, production.SloTargets.Availability);
        }
    }

    [Theory]
    [InlineData(EntryPoint.Production, "qdrant:pool:maxConection", "qdrant:pool:maxConection (did you mean 'qdrant:pool:MaxConnections'?)")]
    [InlineData(EntryPoint.QdrantSection, "qdrant:pool:requestTimout", "qdrant:pool:requestTimout (did you mean 'qdrant:pool:RequestTimeout'?)")]
    [InlineData(EntryPoint.ZaiSection, "zai:cache:defaultTL", "zai:cache:defaultTL (did you mean 'zai:cache:DefaultTtl'?)")]
    [InlineData(EntryPoint.SloSection, "performance:slo:responsTimeP95", "performance:slo:responsTimeP95 (did you mean 'performance:slo:responseTimeP95'?)")]
    [InlineData(EntryPoint.Production, "production:enableLoadTest", "production:enableLoadTest (did you mean 'production:EnableLoadTesting'?)")]
    public void Bind_MisspelledKey_WarnsNamingTheKeyAndTheClosestSetting(EntryPoint entryPoint, string key, string expected)
    {
        var settings = ProductionHosts.RepoProductionJson();
        settings[key] = "5";
        var logs = new FakeLogCollector();
        using var host = Build(entryPoint, settings, services => services.AddLogging(l => l.AddProvider(new FakeLoggerProvider(logs))));

        _ = host.Services.GetRequiredService<IOptions<QdrantPoolOptions>>().Value;
        _ = host.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value;
        _ = host.Services.GetRequiredService<IOptions<SloOptions>>().Value;
        _ = host.Services.GetService<IOptions<ProductionOptions>>()?.Value;

        var warning = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("is not a setting", StringComparison.Ordinal));
        Assert.Contains(expected, warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EntryPoint.QdrantSection, "qdrant:pool:connectionTimeout", "soon")]
    [InlineData(EntryPoint.ZaiSection, "zai:deduplication:deduplicationWindow", "5 seconds")]
    [InlineData(EntryPoint.SloSection, "performance:monitoring:interval", "1e400")]
    public async Task StartAsync_UnreadableDuration_FailsNamingTheKeyAndBothShapes(EntryPoint entryPoint, string key, string value)
    {
        var settings = ProductionHosts.RepoProductionJson();
        settings[key] = value;
        using var host = Build(entryPoint, settings);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(Ct));

        Assert.Contains($"'{key}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EntryPoint.Production, "qdrant:pool:connectionTimeout", "2592000000", "QdrantPoolOptions.ConnectionTimeout")]
    [InlineData(EntryPoint.QdrantSection, "qdrant:pool:requestTimeout", "30000.00:00:00", "QdrantPoolOptions.RequestTimeout")]
    [InlineData(EntryPoint.QdrantSection, "qdrant:pool:maxConnections", "100000", "QdrantPoolOptions.MaxConnections")]
    [InlineData(EntryPoint.ZaiSection, "zai:deduplication:deduplicationWindow", "5000.00:00:00", "ZaiClientOptions.Deduplication.DeduplicationWindow")]
    [InlineData(EntryPoint.ZaiSection, "zai:cache:defaultTTL", "300000000000", "ZaiClientOptions.Cache.DefaultTtl")]
    [InlineData(EntryPoint.ZaiSection, "zai:cache:memoryCacheSize", "2000000000", "ZaiClientOptions.Cache.MemoryCacheSize")]
    [InlineData(EntryPoint.ZaiSection, "zai:cache:redisOperationTimeout", "60000", "ZaiClientOptions.Cache.RedisOperationTimeout")]
    [InlineData(EntryPoint.Production, "zai:cache:redisOperationTimeout", "0", "ZaiClientOptions.Cache.RedisOperationTimeout")]
    [InlineData(EntryPoint.SloSection, "performance:slo:responseTimeP95", "86400000", "Slo:ResponseTime:P95")]
    public async Task StartAsync_ValueAboveItsUpperBound_FailsNamingTheField(EntryPoint entryPoint, string key, string value, string field)
    {
        var settings = ProductionHosts.RepoProductionJson();
        settings[key] = value;
        using var host = Build(entryPoint, settings);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_SectionReloaded_OptionsMonitorReadsTheNewValueTheSameWay()
    {
        var settings = ProductionHosts.RepoProductionJson();
        AddServers(settings);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var source = new ReloadableSource(settings);
        ((IConfigurationBuilder)builder.Configuration).Add(source);
        builder.Services.AddCortexQdrantPooling(builder.Configuration.GetSection("qdrant:pool"));
        using var host = builder.Build();
        var monitor = host.Services.GetRequiredService<IOptionsMonitor<QdrantPoolOptions>>();
        Assert.Equal(TimeSpan.FromSeconds(60), monitor.CurrentValue.RequestTimeout);

        source.Provider.Set("qdrant:pool:requestTimeout", "45000");
        source.Provider.Reload();

        Assert.Equal(TimeSpan.FromSeconds(45), monitor.CurrentValue.RequestTimeout);
    }

    private static IHost Build(EntryPoint entryPoint, Dictionary<string, string?> settings, Action<IServiceCollection>? register = null)
    {
        AddServers(settings);
        return TestHosts.Build(settings, (services, configuration) =>
        {
            switch (entryPoint)
            {
                case EntryPoint.Production:
                    services.AddCortexProduction(configuration);
                    break;
                case EntryPoint.QdrantSection:
                    services.AddCortexQdrantPooling(configuration.GetSection("qdrant:pool"));
                    break;
                case EntryPoint.ZaiSection:
                    services.AddCortexZai(configuration.GetSection("zai"));
                    break;
                case EntryPoint.SloSection:
                    services.AddCortexSlo(configuration.GetSection("performance"));
                    break;
            }

            register?.Invoke(services);
        });
    }

    // Nothing is contacted: the options are only built and validated.
    private static void AddServers(Dictionary<string, string?> settings)
    {
        settings["QDRANT_URL"] = "http://127.0.0.1:6334";
        settings["ZAI_API_KEY"] = "key";
        settings["ConnectionStrings:redis"] = "127.0.0.1:6379";
    }

    private sealed class ReloadableSource(Dictionary<string, string?> settings) : IConfigurationSource
    {
        public ReloadableProvider Provider { get; } = new(settings);

        public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
    }

    private sealed class ReloadableProvider : ConfigurationProvider
    {
        public ReloadableProvider(Dictionary<string, string?> settings)
        {
            foreach (var (key, value) in settings)
            {
                Data[key] = value;
            }
        }

        public void Reload() => OnReload();
    }
}
