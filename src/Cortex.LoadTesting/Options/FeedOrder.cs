using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting;

/// <summary>The order a feed's rows are taken in (NBomber's feed strategies).</summary>
public enum FeedOrder
{
    /// <summary>In file order, starting again at the first row after the last.</summary>
    Circular,

    /// <summary>In file order, each row once: when the rows run out the run stops (status <see cref="LoadTestStatus.Stopped"/>, with the feed named in the stop reason).</summary>
    Sequential,

    /// <summary>A random row each iteration (seeded by <see cref="LoadTestOptions.RandomSeed"/> when it is set).</summary>
    Random,
}
