namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What every <c>AddCortex*</c> call returns: the services it registered in and the name of its options, for the
/// follow-ups a package's builder offers (as <c>IHttpClientBuilder</c> does for HTTP clients).
/// </summary>
public interface ICortexBuilder
{
    /// <summary>Gets the services the package is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>Gets the name of the package's options: <c>Options.DefaultName</c> (the empty string), or the service key of a keyed instance.</summary>
    string Name { get; }
}
