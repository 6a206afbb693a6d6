using Cortex.Qdrant.Pooling;
using Cortex.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Cortex.Qdrant.Pooling.Tests.DependencyInjection;

// AddCortexQdrantPooling returns a builder naming the pool's options and health check, for follow-ups on that pool.
public sealed class QdrantPoolBuilderTests
{
    [Fact]
    public void AddCortexQdrantPooling_Builder_NamesTheDefaultPoolAndItsHealthCheck()
    {
        QdrantPoolBuilder? builder = null;
        using var host = TestHosts.Build([], (s, _) => builder = s.AddCortexQdrantPooling(o => o.Nodes.Add(new QdrantNode { Id = "a", Url = "http://127.0.0.1:6334" })));

        Assert.Equal((Microsoft.Extensions.Options.Options.DefaultName, (string?)null, "cortex-qdrant"), (builder!.Name, builder.ServiceKey, builder.HealthCheckName));
        Assert.Contains(builder.HealthCheckName, HealthChecks(host));
    }

    [Fact]
    public void AddKeyedCortexQdrantPooling_Configure_WinsOverTheSectionForThatPoolOnly()
    {
        using var host = TestHosts.Build(
            new()
            {
                ["archive:Nodes:0:Id"] = "archive-1",
                ["archive:Nodes:0:Url"] = "http://127.0.0.1:6334",
                ["archive:MaxConnections"] = "40",
                ["archive:RequestTimeout"] = "45000",
                ["live:Nodes:0:Id"] = "live-1",
                ["live:Nodes:0:Url"] = "http://127.0.0.1:6335",
                ["live:MaxConnections"] = "30",
            },
            (s, c) =>
            {
                var archive = s.AddKeyedCortexQdrantPooling("archive", c.GetSection("archive")).Configure(o => o.MaxConnections = 7);
                s.AddKeyedCortexQdrantPooling("live", c.GetSection("live"));
                Assert.Equal(("archive", "archive", "cortex-qdrant-archive"), (archive.Name, archive.ServiceKey, archive.HealthCheckName));
            });

        var options = host.Services.GetRequiredService<IOptionsMonitor<QdrantPoolOptions>>();

        Assert.Equal((7, TimeSpan.FromSeconds(45)), (options.Get("archive").MaxConnections, options.Get("archive").RequestTimeout));
        Assert.Equal(30, options.Get("live").MaxConnections);
        Assert.Equal(["cortex-qdrant-archive", "cortex-qdrant-live"], HealthChecks(host).Order());
    }

    private static IEnumerable<string> HealthChecks(Microsoft.Extensions.Hosting.IHost host) =>
        host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name);
}
