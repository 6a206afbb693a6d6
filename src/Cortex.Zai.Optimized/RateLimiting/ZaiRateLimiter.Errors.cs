using System.Globalization;

namespace Cortex.Zai.Optimized.RateLimiting;

internal sealed partial class ZaiRateLimiter
{
    private const string NothingSent = "Nothing was sent to Z.AI.";

    private ZaiRateLimitExceededException WaitedTooLong(Limit limit, string model, TimeSpan waited)
    {
        Interlocked.Increment(ref _rejected);
        var message = limit == Limit.Concurrency
            ? Format($"No Z.AI request slot for model '{model}' within ZaiRateLimitOptions.MaxQueueWait ({Seconds(_maxQueueWait)}): the request waited {Seconds(waited)} while {ConcurrencyFigures()} were in flight. {NothingSent} Raise MaxConcurrentRequests if your Z.AI plan allows more requests in flight, raise MaxQueueWait to wait longer, or send fewer requests at once.")
            : Format($"No Z.AI request token for model '{model}' within ZaiRateLimitOptions.MaxQueueWait ({Seconds(_maxQueueWait)}): the request waited {Seconds(waited)} for the request budget, {RateFigures(limit)}. {NothingSent} Raise RequestsPerMinute and BurstCapacity if your Z.AI plan allows more, raise MaxQueueWait to wait longer, or send fewer requests.");
        return new ZaiRateLimitExceededException(message);
    }

    private ZaiRateLimitExceededException QueueFull(Limit limit, string model)
    {
        Interlocked.Increment(ref _rejected);
        var message = limit == Limit.Concurrency
            ? Format($"Z.AI request for model '{model}' refused at once: ZaiRateLimitOptions.MaxQueueLength ({_maxQueueLength}) requests already wait for a request slot of this model, {ConcurrencyFigures()} being in flight. {NothingSent} Raise MaxQueueLength, raise MaxConcurrentRequests if your Z.AI plan allows, or send fewer requests at once.")
            : Format($"Z.AI request for model '{model}' refused at once: ZaiRateLimitOptions.MaxQueueLength ({_maxQueueLength}) requests already wait for a request token of the budget, {RateFigures(limit)}. {NothingSent} Raise MaxQueueLength, raise RequestsPerMinute and BurstCapacity if your Z.AI plan allows, or send fewer requests at once.");
        return new ZaiRateLimitExceededException(message);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan duration) => Format($"{duration.TotalSeconds:0.###} s");

    private string ConcurrencyFigures() => _sharedBucket is null
        ? Format($"all MaxConcurrentRequests ({_configuredConcurrency}) requests of this model")
        : Format($"all {_maxConcurrentRequests} requests of this model this instance may have (MaxConcurrentRequests {_configuredConcurrency} ÷ InstanceCount {_instanceCount})");

    private string RateFigures(Limit limit) => limit == Limit.SharedRate
        ? Format($"RequestsPerMinute {_requestsPerMinute} with BurstCapacity {_burstCapacity}, shared by all instances through Redis")
        : _sharedBucket is null
            ? Format($"RequestsPerMinute {_requestsPerMinute} with BurstCapacity {_burstCapacity}")
            : Format($"this instance's share while Redis is unreachable, {LocalShare(_requestsPerMinute)} per minute with a burst of {LocalShare(_burstCapacity)} (RequestsPerMinute {_requestsPerMinute} and BurstCapacity {_burstCapacity} ÷ InstanceCount {_instanceCount})");
}
