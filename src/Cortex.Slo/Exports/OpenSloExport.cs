namespace Cortex.Slo.Exports;

/// <summary>STUB.</summary>
internal static class OpenSloExport
{
    public static string Generate(SloOptions options, IReadOnlyList<SloDefinition> slos) => throw new NotImplementedException();
}
