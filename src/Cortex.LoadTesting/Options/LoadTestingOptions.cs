namespace Cortex.LoadTesting;

/// <summary>
/// The settings of the load-test engine in a host, the <c>loadTesting</c> section of its configuration, set with
/// <c>AddCortexLoadTesting(Action&lt;LoadTestingOptions&gt;)</c> or <c>AddCortexLoadTesting(IConfiguration)</c> and
/// validated at start. A test itself (<see cref="LoadTestOptions"/>) comes from its file or from code.
/// </summary>
public sealed class LoadTestingOptions
{
    /// <summary>Gets the connection settings of the <c>http</c> step's client.</summary>
    /// <value>The default is an <see cref="HttpStepClientOptions"/> with its defaults.</value>
    public HttpStepClientOptions Http { get; } = new();
}
