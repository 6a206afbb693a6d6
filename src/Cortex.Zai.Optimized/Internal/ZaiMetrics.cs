using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Internal;

namespace Cortex.Zai.Optimized.Internal;

/// <summary>
/// The client's instruments on the <c>Cortex.Zai.Optimized</c> meter: OpenTelemetry GenAI names where they exist
/// (<c>gen_ai.client.operation.duration</c>, <c>gen_ai.client.token.usage</c>), <c>cortex.zai.*</c> for the rest.
/// </summary>
internal sealed class ZaiMetrics : IDisposable
{
    private readonly PackageMeter _packageMeter;
    private readonly ZaiServer _server;
    private readonly Histogram<double> _duration;
    private readonly Histogram<long> _tokens;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _dedupJoins;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _errors;
    private readonly Counter<double> _cost;

    public ZaiMetrics(IMeterFactory? meterFactory, ZaiServer server, Func<(long Waits, long Rejections)> limiter)
    {
        _server = server;
        _packageMeter = new PackageMeter(meterFactory, CortexTelemetry.ZaiOptimized);
        var meter = _packageMeter.Meter;
        _duration = meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s", "Duration of GenAI operations, whatever answered them.");
        _tokens = meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Tokens billed per upstream call, by gen_ai.token.type.");
        _cacheHits = meter.CreateCounter<long>("cortex.zai.cache.hits", "{request}", "Requests answered from the cache, by cortex.cache.tier.");
        _cacheMisses = meter.CreateCounter<long>("cortex.zai.cache.misses", "{request}", "Cacheable requests the cache could not answer.");
        _dedupJoins = meter.CreateCounter<long>("cortex.zai.dedup.joins", "{request}", "Requests that joined an identical request's call.");
        _retries = meter.CreateCounter<long>("cortex.zai.retries", "{retry}", "Retries, by error.type.");
        _errors = meter.CreateCounter<long>("cortex.zai.errors", "{error}", "Failed calls, by error.type (a fixed set; the Z.AI business code is in the statistics).");
        _cost = meter.CreateCounter<double>("cortex.zai.cost", "USD", "Estimated cost of upstream calls.");
        meter.CreateObservableCounter("cortex.zai.ratelimit.waits", () => limiter().Waits, "{request}", "Requests that waited for a rate-limit permit.");
        meter.CreateObservableCounter("cortex.zai.ratelimit.rejections", () => limiter().Rejections, "{request}", "Requests refused by the rate limiter.");
    }

    /// <param name="operation">The GenAI operation.</param>
    /// <param name="model">The model asked for.</param>
    /// <param name="responseModel">The model that answered, when there was an answer.</param>
    /// <param name="elapsed">The call's duration.</param>
    /// <param name="errorType">One of <see cref="ZaiErrorTypes.All"/>, when the call failed.</param>
    public void Operation(string operation, string model, string? responseModel, TimeSpan elapsed, string? errorType)
    {
        // At most seven tags: a TagList holds eight without allocating.
        var tags = Common(operation, model, responseModel);
        if (errorType is not null)
        {
            tags.Add(CortexTags.ErrorType, errorType);
        }

        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Tokens(string operation, string model, string? responseModel, long input, long output, double costUsd)
    {
        var tags = Common(operation, model, responseModel);
        var inputTags = tags;
        inputTags.Add("gen_ai.token.type", "input");
        _tokens.Record(input, inputTags);
        if (output > 0)
        {
            var outputTags = tags;
            outputTags.Add("gen_ai.token.type", "output");
            _tokens.Record(output, outputTags);
        }

        if (costUsd > 0)
        {
            _cost.Add(costUsd, new KeyValuePair<string, object?>(CortexTags.GenAiRequestModel, model));
        }
    }

    private TagList Common(string operation, string model, string? responseModel)
    {
        var tags = new TagList
        {
            { CortexTags.GenAiOperation, operation },
            { CortexTags.GenAiProvider, ZaiTracing.Provider },
            { CortexTags.GenAiRequestModel, model },
            { CortexTags.ServerAddress, _server.Address },
            { CortexTags.ServerPort, _server.BoxedPort },
        };
        if (responseModel is not null)
        {
            tags.Add(CortexTags.GenAiResponseModel, responseModel);
        }

        return tags;
    }

    public void CacheHit(string tier) => _cacheHits.Add(1, new KeyValuePair<string, object?>(CortexTags.CacheTier, tier));

    public void CacheMiss() => _cacheMisses.Add(1);

    public void DedupJoin() => _dedupJoins.Add(1);

    public void Retry(string errorType) => _retries.Add(1, new KeyValuePair<string, object?>(CortexTags.ErrorType, errorType));

    public void Error(string errorType) => _errors.Add(1, new KeyValuePair<string, object?>(CortexTags.ErrorType, errorType));

    public void Dispose() => _packageMeter.Dispose();
}
