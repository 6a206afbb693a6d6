using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What every Cortex package registers the same way.</summary>
public static class CortexServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TimeProvider.System"/> as the <see cref="TimeProvider"/> unless one is registered already. A
    /// host's own (a <c>FakeTimeProvider</c> in tests) wins whether it is registered before or after: the last
    /// registration is the one resolved. Every <c>AddCortex*</c> call uses this, so all packages share one clock.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddCortexTimeProvider(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
