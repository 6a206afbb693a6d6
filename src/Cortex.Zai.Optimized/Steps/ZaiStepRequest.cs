using System.Globalization;
using Cortex.Abstractions.Steps;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Steps;

/// <summary>The chat steps' shared parameters, and how a call's failure becomes a step result.</summary>
internal static class ZaiStepRequest
{
    /// <summary>
    /// Parameters: <c>prompt</c> (default "Hello"; <c>{iteration}</c> and <c>{user}</c> are replaced, so prompts can
    /// vary per iteration), <c>model</c>, <c>maxTokens</c>, <c>temperature</c>, <c>doSample</c>, <c>cacheMode</c>
    /// (Default, NoCache, NoStore, Bypass, Force).
    /// </summary>
    public static Func<StepContext, ZaiCompletionRequest> Prepare(StepDefinition definition)
    {
        var prompt = definition.GetString("prompt", "Hello")!;
        var model = definition.GetString("model", null);
        var maxTokens = definition.TryGet("maxTokens", out _) ? definition.GetPositiveInt32("maxTokens", 1) : (int?)null;
        var temperature = definition.GetDouble("temperature");
        var doSample = definition.GetBoolean("doSample");
        var mode = ZaiCacheMode.Default;
        if (definition.GetString("cacheMode", null) is { } text && !Enum.TryParse(text, ignoreCase: true, out mode))
        {
            throw definition.InvalidParameter("cacheMode", $"must be one of {string.Join(", ", Enum.GetNames<ZaiCacheMode>())}");
        }

        return context => new ZaiCompletionRequest
        {
            Model = model,
            Messages = [new ZaiChatMessage { Role = "user", Content = Expand(prompt, context) }],
            MaxTokens = maxTokens,
            Temperature = temperature,
            DoSample = doSample,
            CacheMode = mode,
        };
    }

    /// <summary>Replaces <c>{iteration}</c> and <c>{user}</c> in a step's text, so each iteration can send something different.</summary>
    public static string Expand(string template, StepContext context) =>
        template.Contains('{', StringComparison.Ordinal)
            ? template
                .Replace("{iteration}", context.Iteration.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{user}", context.VirtualUser.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : template;

    public static async ValueTask<StepResult> RunAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return StepResult.Success;
        }
        catch (ZaiApiException ex)
        {
            return StepResult.Failed(ex.BusinessCode is { Length: > 0 } code ? "zai_" + code : "http_" + (int)ex.StatusCode, (int)ex.StatusCode);
        }
        catch (ZaiRateLimitExceededException)
        {
            return StepResult.Failed("rate_limited_locally");
        }
        catch (ZaiStreamInterruptedException)
        {
            return StepResult.Failed("stream_interrupted");
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return StepResult.Failed("timeout");
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException)
        {
            return StepResult.Failed("circuit_open");
        }
    }

    /// <summary>The chat steps' one step: a completion, or a stream read to its end.</summary>
    public sealed class ChatStep(ZaiOptimizedClient client, Func<StepContext, ZaiCompletionRequest> request, bool stream) : IStep
    {
        public ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
            RunAsync(stream
                ? async () =>
                {
                    await foreach (var _ in client.StreamCompletionAsync(request(context), cancellationToken).ConfigureAwait(false))
                    {
                    }
                }
                : () => client.GenerateCompletionAsync(request(context), cancellationToken));
    }
}
