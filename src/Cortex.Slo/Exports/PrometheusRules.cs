namespace Cortex.Slo.Exports;

/// <summary>STUB.</summary>
internal static class PrometheusRules
{
    public static string Generate(SloOptions options, IReadOnlyList<SloDefinition> slos) => throw new NotImplementedException();
}
