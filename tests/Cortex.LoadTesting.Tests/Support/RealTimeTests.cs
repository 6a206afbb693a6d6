namespace Cortex.LoadTesting.Tests.Support;

/// <summary>Tests that measure real time run one at a time, so they do not slow each other down.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeTests
{
    public const string Name = "timing";
}
