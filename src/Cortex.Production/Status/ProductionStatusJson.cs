using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Production.Internal;

namespace Cortex.Production.Status;

/// <summary>
/// The JSON form of <see cref="ProductionStatus"/> and the statistics it holds, for status endpoints and dashboards:
/// camelCase names, enums as camelCase strings, NaN allowed, and every duration as a number of milliseconds (the unit
/// the configuration and the SLO targets use), never a <see cref="TimeSpan"/> string.
/// </summary>
public static class ProductionStatusJson
{
    /// <summary>Gets options configured by <see cref="Configure"/>, on top of <see cref="JsonSerializerDefaults.Web"/>.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateOptions();

    /// <summary>Applies the status's JSON form to a host's options (for example <c>ConfigureHttpJsonOptions</c>).</summary>
    /// <param name="options">The options to change.</param>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals;
        if (!options.Converters.Any(c => c is JsonStringEnumConverter))
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        }

        if (!options.Converters.Any(c => c is MillisecondsJsonConverter))
        {
            options.Converters.Add(new MillisecondsJsonConverter());
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
