using System.Diagnostics.CodeAnalysis;
using Cortex.Abstractions.Steps;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers load-test step handlers.</summary>
public static class StepHandlerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> as an <see cref="IStepHandler"/> singleton. Registering the same
    /// handler type twice has no effect.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddCortexStepHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services)
        where THandler : class, IStepHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStepHandler, THandler>());
        return services;
    }
}
