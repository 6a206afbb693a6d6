using System.Diagnostics;
using Cortex.Abstractions.Telemetry;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Internal;

/// <summary>
/// The client's spans on the <c>Cortex.Zai.Optimized</c> activity source, per the OpenTelemetry GenAI semantic
/// conventions: one client span <c>{operation} {model}</c> per call of the client (cache hits included), with the
/// request and response model, the server, token usage for answers Z.AI produced for this call, and
/// <c>cortex.cache.tier</c> saying who answered. Nothing is started, tagged or allocated when no listener samples it.
/// </summary>
internal static class ZaiTracing
{
    public const string Provider = "zai";

    public static readonly ActivitySource Source = new(CortexTelemetry.ZaiOptimized, typeof(ZaiTracing).Assembly.GetName().Version?.ToString());

    public static Activity? Start(string operation, string model, ZaiServer server, ZaiCompletionRequest? request = null)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(operation + " " + model, ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(CortexTags.GenAiOperation, operation);
        activity.SetTag(CortexTags.GenAiProvider, Provider);
        activity.SetTag(CortexTags.GenAiRequestModel, model);
        activity.SetTag(CortexTags.ServerAddress, server.Address);
        activity.SetTag(CortexTags.ServerPort, server.BoxedPort);
        if (request is not null)
        {
            activity.SetTag("gen_ai.request.max_tokens", request.MaxTokens);
            activity.SetTag("gen_ai.request.temperature", request.Temperature);
            activity.SetTag("gen_ai.request.top_p", request.TopP);
        }

        return activity;
    }

    /// <summary>Tags a chat span with its answer and ends it.</summary>
    public static void Stop(Activity activity, ZaiCompletion? answer, string? errorType)
    {
        if (answer is not null)
        {
            Answered(activity, answer.Source, answer.Id, answer.Model, answer.Usage);
            if (answer.FinishReason is { } finish)
            {
                activity.SetTag("gen_ai.response.finish_reasons", new[] { finish });
            }
        }

        Stop(activity, errorType);
    }

    /// <summary>Tags a span with who answered, the response's id and model, and (for a call made for it) token usage.</summary>
    public static void Answered(Activity activity, ZaiResponseSource source, string? id, string? model, ZaiUsage? usage)
    {
        activity.SetTag(CortexTags.CacheTier, Tier(source));
        activity.SetTag("gen_ai.response.id", id);
        activity.SetTag(CortexTags.GenAiResponseModel, model);

        // Tokens are reported where they were spent: a cache hit or a shared call spent none for this caller.
        if (source == ZaiResponseSource.Upstream && usage is not null)
        {
            activity.SetTag("gen_ai.usage.input_tokens", usage.PromptTokens);
            activity.SetTag("gen_ai.usage.output_tokens", usage.CompletionTokens);
        }
    }

    public static void Stop(Activity activity, string? errorType)
    {
        if (errorType is null)
        {
            activity.SetStatus(ActivityStatusCode.Ok);
        }
        else
        {
            activity.SetTag(CortexTags.ErrorType, errorType);
            activity.SetStatus(ActivityStatusCode.Error, errorType);
        }

        activity.Dispose();
    }

    public static string Tier(ZaiResponseSource source) => source switch
    {
        ZaiResponseSource.MemoryCache => "memory",
        ZaiResponseSource.RedisCache => "redis",
        ZaiResponseSource.Deduplicated => "dedup",
        _ => "upstream",
    };
}
