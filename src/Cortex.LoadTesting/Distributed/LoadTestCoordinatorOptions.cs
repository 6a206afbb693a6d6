using System.Globalization;
using Cortex.LoadTesting.Distributed.Internal;

namespace Cortex.LoadTesting.Distributed;

/// <summary>
/// How the agents of a distributed run find each other through Redis: they register under <see cref="RunId"/>, each gets
/// its segment, they start together, their intervals are judged together, and an abort anywhere stops them all.
/// </summary>
public sealed class LoadTestCoordinatorOptions
{
    /// <summary>Gets the most agents one run may have.</summary>
    public const int MaxAgents = 1000;

    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets the Redis the agents meet on: <c>redis://[user:password@]host[:port][/database]</c>, or
    /// <c>rediss://</c> for TLS. The password is never printed or logged.
    /// </summary>
    /// <value>The default is empty: it must be set.</value>
    public string Url { get; set; } = "";

    /// <summary>Gets or sets how many agents run the test together; each generates 1/<see cref="Agents"/> of the load.</summary>
    /// <value>The default is 1.</value>
    public int Agents { get; set; } = 1;

    /// <summary>
    /// Gets or sets the name the run's Redis keys are kept under. Agents of one run must give the same; two runs at the
    /// same time need different ones.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the test's name.</value>
    public string? RunId { get; set; }

    /// <summary>Gets or sets how long an agent waits for the others to arrive before it gives up, naming how many came.</summary>
    /// <value>The default is 2 minutes (pods of a Job may take that long to be scheduled).</value>
    public TimeSpan RendezvousTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how far ahead of the moment the last agent arrived the first agent (the leader) sets the common start, so every agent learns it in time.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long an agent that has finished waits (beyond the test's graceful stop) for the others' results.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan ResultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a running agent may go without a heartbeat (every agent beats four times a second) before
    /// the others count it lost: they stop the run as aborted, do not wait for its result, and the lowest-numbered agent
    /// left writes the reports. A lost agent's share of the load is missing, so the run no longer measures the test.
    /// </summary>
    /// <value>The default is 10 seconds; at least 1 second.</value>
    public TimeSpan AgentTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The problems of these options, each naming its field and value; empty when they are valid.</summary>
    internal List<string> Validate()
    {
        var errors = new List<string>();
        if (ValidateUrl(Url) is { } urlProblem)
        {
            errors.Add($"{nameof(LoadTestCoordinatorOptions)}.{nameof(Url)}: {urlProblem}");
        }

        if (Agents is < 1 or > MaxAgents)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(LoadTestCoordinatorOptions)}.{nameof(Agents)} {Agents} must be from 1 to {MaxAgents}."));
        }

        if (RunId is { } id && ValidateRunId(id) is { } problem)
        {
            errors.Add($"{nameof(LoadTestCoordinatorOptions)}.{nameof(RunId)} {problem}");
        }

        Bound(errors, nameof(RendezvousTimeout), RendezvousTimeout, allowZero: false);
        Bound(errors, nameof(StartDelay), StartDelay, allowZero: true);
        Bound(errors, nameof(ResultTimeout), ResultTimeout, allowZero: false);
        if (AgentTimeout < TimeSpan.FromSeconds(1) || AgentTimeout > MaxWait)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(LoadTestCoordinatorOptions)}.{nameof(AgentTimeout)} {AgentTimeout} must be at least 1 second and at most 1 day."));
        }
        return errors;
    }

    /// <summary>Checks a <see cref="Url"/> before a run starts, for example a command-line option.</summary>
    /// <param name="url">The URL to check.</param>
    /// <returns>Why it is not a Redis URL (with any password masked), or <see langword="null"/> when it is one.</returns>
    public static string? ValidateUrl(string? url)
    {
        try
        {
            RedisUrl.Parse(url);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Checks a <see cref="RunId"/> before a run starts: 1 to 200 letters, digits and <c>. _ - : @</c>.</summary>
    /// <param name="id">The run id to check.</param>
    /// <returns>Why it cannot name a run, or <see langword="null"/> when it can.</returns>
    public static string? ValidateRunId(string id) =>
        id.Length is >= 1 and <= 200 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '@')
            ? null
            : $"'{id}' must be 1 to 200 letters, digits or . _ - : @";

    private static void Bound(List<string> errors, string name, TimeSpan value, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > MaxWait)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(LoadTestCoordinatorOptions)}.{name} {value} must be {(allowZero ? ">= 0" : "> 0")} and at most 1 day."));
        }
    }
}
