namespace Cortex.LoadTesting;

/// <summary>The standard test shapes (smoke, load, stress, endurance), scalable so CI can run a short version.</summary>
public static class LoadTestPresets
{
}
