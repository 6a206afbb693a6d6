using System.Text.Json;

namespace Cortex.LoadTesting;

/// <summary>One step of a scenario: a named call of a registered step type.</summary>
public sealed class StepOptions
{
    /// <summary>Gets or sets the step's name, unique within its scenario; it names the step in results and thresholds.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the step type, for example <c>http</c>, <c>delay</c> or <c>zai_completion</c>; a handler for it must be registered.</summary>
    public string Type { get; set; } = "";

    /// <summary>Gets or sets the step's parameters, as the handler of <see cref="Type"/> reads them.</summary>
    /// <value>The default is an empty JSON object.</value>
    public JsonElement Parameters { get; set; } = EmptyObject;

    /// <summary>Gets or sets how long one execution may take before it is cancelled and counted as a <c>timeout</c> error.</summary>
    /// <value>The default is <see langword="null"/>: the run's <see cref="LoadTestOptions.StepTimeout"/>.</value>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Gets the step's tags, for thresholds that judge several steps together (<c>{type:write}</c>). Every step also
    /// carries its scenario's tags and the tag <c>scenario</c> with its scenario's name.
    /// </summary>
    public IDictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    internal static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
