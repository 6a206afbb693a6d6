using System.Text;
using Cortex.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Qdrant.Pooling.Tests.DependencyInjection;

// The README's appsettings.json, bound as a user's host binds it: through AddCortexQdrantPooling(section), validated.
public sealed class ReadmeConfigurationTests
{
    [Fact]
    public void AddCortexQdrantPooling_TheReadmesAppSettings_BindsAndValidates()
    {
        var json = RepositoryFiles.FencedBlock("src/Cortex.Qdrant.Pooling/README.md", "json");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        builder.Services.AddCortexQdrantPooling(builder.Configuration.GetSection("qdrant:pool"));
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<QdrantPoolOptions>>().Value;

        Assert.Equal(["qdrant-a", "qdrant-b"], options.Nodes.Select(n => n.Id));
        Assert.Equal((20, 5, TimeSpan.FromMinutes(1)), (options.MaxConnections, options.MinConnections, options.RequestTimeout));
    }
}
