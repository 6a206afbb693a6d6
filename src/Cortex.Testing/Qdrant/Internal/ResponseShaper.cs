using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>Applies <c>with_payload</c> and <c>with_vectors</c> to what a read returns.</summary>
internal static class ResponseShaper
{
    /// <summary>
    /// Copies the selected payload. Stored values are shared, not cloned: records are immutable, and serialization only
    /// reads them.
    /// </summary>
    public static void CopyPayload(MapField<string, Value> target, PointRecord point, WithPayloadSelector? selector, bool enabledByDefault)
    {
        switch (selector?.SelectorOptionsCase ?? WithPayloadSelector.SelectorOptionsOneofCase.None)
        {
            case WithPayloadSelector.SelectorOptionsOneofCase.None:
                if (enabledByDefault)
                {
                    target.Add(point.Payload);
                }

                break;
            case WithPayloadSelector.SelectorOptionsOneofCase.Enable:
                if (selector!.Enable)
                {
                    target.Add(point.Payload);
                }

                break;
            case WithPayloadSelector.SelectorOptionsOneofCase.Include:
                foreach (var field in selector!.Include.Fields)
                {
                    if (point.Payload.TryGetValue(field, out var value))
                    {
                        target[field] = value;
                    }
                }

                break;
            case WithPayloadSelector.SelectorOptionsOneofCase.Exclude:
                foreach (var entry in point.Payload)
                {
                    if (!selector!.Exclude.Fields.Contains(entry.Key))
                    {
                        target.Add(entry.Key, entry.Value);
                    }
                }

                break;
        }
    }

    /// <summary>The stored vector (normalized, for Cosine, as Qdrant returns it) when the selector asks for it.</summary>
    public static VectorsOutput? Vectors(PointRecord point, WithVectorsSelector? selector)
    {
        var enabled = selector?.SelectorOptionsCase switch
        {
            WithVectorsSelector.SelectorOptionsOneofCase.Enable => selector.Enable,
            WithVectorsSelector.SelectorOptionsOneofCase.Include => selector.Include.Names.Contains(string.Empty),
            _ => false,
        };
        return enabled ? new VectorsOutput { Vector = new VectorOutput { Dense = new DenseVector { Data = { point.Vector } } } } : null;
    }
}
