namespace Cortex.LoadTesting.Checks;

/// <summary>A prepared step that judges its responses with checks; the engine reads their counters for the <c>checks</c> rate.</summary>
internal interface ICheckedStep
{
    IReadOnlyList<ResponseCheck> Checks { get; }
}
