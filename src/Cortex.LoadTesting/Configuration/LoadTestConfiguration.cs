namespace Cortex.LoadTesting;

/// <summary>Reads load tests from JSON in the seed's shape and validates them, naming the JSON path of every bad field.</summary>
public static class LoadTestConfiguration
{
}
