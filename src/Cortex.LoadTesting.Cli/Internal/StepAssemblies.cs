using System.Reflection;
using System.Runtime.Loader;
using Cortex.Abstractions.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.LoadTesting.Cli.Internal;

/// <summary>
/// <c>--steps MyApp.LoadSteps.dll</c>: the public, concrete <see cref="IStepHandler"/> types of a user's assembly, each
/// loaded in a load context of its own and created from the tool's services.
/// </summary>
/// <remarks>
/// Hand-written rather than with a plugin library (McMaster.NETCore.Plugins is not among the allowed packages): it is
/// the documented pattern of <see cref="AssemblyLoadContext"/> with <see cref="AssemblyDependencyResolver"/>, about
/// twenty lines.
/// </remarks>
internal static class StepAssemblies
{
    /// <summary>Loads the handlers of every assembly; any problem is a <see cref="CliUsageException"/> naming the file and the type.</summary>
    /// <param name="paths">The assemblies, as given on the command line.</param>
    /// <param name="services">The tool's services, which the handlers' constructors may take.</param>
    /// <param name="builtIn">The step types the tool already has (<c>http</c>, <c>delay</c>).</param>
    /// <returns>The handlers.</returns>
    public static IReadOnlyList<IStepHandler> Load(IEnumerable<string> paths, IServiceProvider services, IEnumerable<IStepHandler> builtIn)
    {
        var owners = builtIn.ToDictionary(h => h.StepType, _ => "cortex-load itself", StringComparer.OrdinalIgnoreCase);
        var handlers = new List<IStepHandler>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new CliUsageException($"--steps '{path}' does not exist.");
            }

            var types = HandlerTypes(full, path);
            if (types.Count == 0)
            {
                throw new CliUsageException($"--steps '{path}' has no step handlers: it needs public, non-abstract classes implementing {nameof(IStepHandler)} (Cortex.Abstractions.Steps).");
            }

            foreach (var type in types)
            {
                var handler = Create(type, path, services);
                if (owners.TryGetValue(handler.StepType, out var owner))
                {
                    throw new CliUsageException($"--steps '{path}': {type.FullName} registers step type '{handler.StepType}', which {owner} already registers; give one of them another StepType.");
                }

                owners[handler.StepType] = $"{type.FullName} in '{path}'";
                handlers.Add(handler);
            }
        }

        return handlers;
    }

    private static List<Type> HandlerTypes(string full, string path)
    {
        Assembly assembly;
        try
        {
            assembly = new StepLoadContext(full).LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException)
        {
            throw new CliUsageException($"--steps '{path}' is not a .NET assembly.");
        }

        try
        {
            return [.. assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters && typeof(IStepHandler).IsAssignableFrom(t))];
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            throw new CliUsageException($"--steps '{path}' cannot be loaded: {ex.Message} Publish it with its dependencies (dotnet publish) and pass the published file.", ex);
        }
    }

    private static IStepHandler Create(Type type, string path, IServiceProvider services)
    {
        var known = services.GetRequiredService<IServiceProviderIsService>();
        var constructors = type.GetConstructors();
        if (constructors.Length == 0)
        {
            throw new CliUsageException($"--steps '{path}': {type.FullName} has no public constructor.");
        }

        var usable = constructors.FirstOrDefault(c => c.GetParameters().All(p => p.HasDefaultValue || known.IsService(p.ParameterType)));
        if (usable is null)
        {
            var missing = constructors.OrderBy(c => c.GetParameters().Length).First().GetParameters()
                .Where(p => !p.HasDefaultValue && !known.IsService(p.ParameterType))
                .Select(p => $"{p.ParameterType.Name} {p.Name}");
            throw new CliUsageException(
                $"--steps '{path}': {type.FullName} cannot be created: its constructor needs {string.Join(", ", missing)}, which cortex-load does not provide. "
                + "cortex-load provides TimeProvider, ILogger<T>, ILoggerFactory, IHttpClientFactory and IHttpMessageHandlerFactory.");
        }

        try
        {
            return (IStepHandler)ActivatorUtilities.CreateInstance(services, type);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
        {
            throw new CliUsageException($"--steps '{path}': the constructor of {type.FullName} threw: {inner.Message}", inner);
        }
    }

    /// <summary>
    /// Resolves an assembly from the tool first, so that the step contract (Cortex.Abstractions) and the services the
    /// constructors take are the tool's own types; only what the tool lacks comes from beside the user's assembly.
    /// </summary>
    private sealed class StepLoadContext(string path) : AssemblyLoadContext(Path.GetFileNameWithoutExtension(path), isCollectible: false)
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            try
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }
            catch (FileNotFoundException)
            {
                return _resolver.ResolveAssemblyToPath(assemblyName) is { } file ? LoadFromAssemblyPath(file) : null;
            }
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } file ? LoadUnmanagedDllFromPath(file) : IntPtr.Zero;
    }
}
