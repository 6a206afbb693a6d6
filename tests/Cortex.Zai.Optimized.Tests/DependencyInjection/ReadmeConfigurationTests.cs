using System.Text;
using Cortex.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Zai.Optimized.Tests.DependencyInjection;

// The README's appsettings.json, bound as a user's host binds it: through AddCortexZai(section), validated, with the
// key from ZAI_API_KEY as the README says.
public sealed class ReadmeConfigurationTests
{
    [Fact]
    public void AddCortexZai_TheReadmesAppSettings_BindsAndValidates()
    {
        var json = RepositoryFiles.FencedBlock("src/Cortex.Zai.Optimized/README.md", "json");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ZAI_API_KEY"] = "readme-key" });
        builder.Services.AddCortexZai(builder.Configuration.GetSection("zai"));
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value;

        Assert.Equal(("readme-key", "localhost:6379", TimeSpan.FromMinutes(5)), (options.ApiKey, options.Cache.RedisConnectionString, options.Cache.DefaultTtl));
        Assert.Equal((100, 20, 10), (options.RateLimit.RequestsPerMinute, options.RateLimit.BurstCapacity, options.RateLimit.MaxConcurrentRequests));
    }
}
