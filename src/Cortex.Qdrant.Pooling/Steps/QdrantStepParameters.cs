using System.Text.Json;
using Cortex.Abstractions.Steps;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Cortex.Qdrant.Pooling.Steps;

/// <summary>Reads the Qdrant steps' vector and payload parameters (errors name the step and the parameter), and runs the steps.</summary>
internal static class QdrantStepParameters
{
    public static float[]? OptionalVector(StepDefinition definition, string name)
    {
        if (!definition.TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0 || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number))
        {
            throw definition.InvalidParameter(name, "must be a non-empty array of numbers");
        }

        return [.. value.EnumerateArray().Select(e => e.GetSingle())];
    }

    public static Dictionary<string, Value> OptionalPayload(StepDefinition definition, string name)
    {
        var payload = new Dictionary<string, Value>(StringComparer.Ordinal);
        if (!definition.TryGet(name, out var value))
        {
            return payload;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw definition.InvalidParameter(name, "must be a JSON object");
        }

        foreach (var property in value.EnumerateObject())
        {
            payload[property.Name] = ToValue(property.Value);
        }

        return payload;
    }

    public static float[] RandomUnitVector(int size)
    {
        var vector = new float[size];
        double norm = 0;
        for (var i = 0; i < size; i++)
        {
            vector[i] = (float)((Random.Shared.NextDouble() * 2) - 1);
            norm += vector[i] * vector[i];
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < size; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    /// <summary>Runs a step's call, turning the pool's and gRPC's failures into step results the report can group.</summary>
    public static async ValueTask<StepResult> RunAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return StepResult.Success;
        }
        catch (RpcException ex)
        {
            return StepResult.Failed($"grpc_{ex.StatusCode}", (int)ex.StatusCode);
        }
        catch (QdrantQueueFullException)
        {
            return StepResult.Failed("pool_queue_full");
        }
        catch (QdrantNodesUnavailableException)
        {
            return StepResult.Failed("pool_no_node");
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return StepResult.Failed("timeout");
        }
    }

    private static Value ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number when element.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => new Value { ListValue = new ListValue { Values = { element.EnumerateArray().Select(ToValue) } } },
        JsonValueKind.Object => new Value { StructValue = new Struct { Fields = { element.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value)) } } },
        _ => new Value { NullValue = NullValue.NullValue },
    };
}
