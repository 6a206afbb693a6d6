using Cortex.Abstractions.Steps;
using Qdrant.Client.Grpc;

namespace Cortex.Qdrant.Pooling.Steps;

/// <summary>
/// The <c>qdrant_upsert</c> load-test step: upserts <c>batchSize</c> points (default 1) with random unit vectors of the
/// collection's size, new UUID ids and the optional <c>payload</c> object, into <c>collection</c> (required).
/// </summary>
/// <param name="pool">The pool the step writes through.</param>
public sealed class QdrantUpsertStepHandler(QdrantPooledClient pool) : IStepHandler
{
    /// <inheritdoc/>
    public string StepType => "qdrant_upsert";

    /// <inheritdoc/>
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var collection = definition.GetRequiredString("collection");
        var batchSize = definition.GetPositiveInt32("batchSize", 1);
        var payload = QdrantStepParameters.OptionalPayload(definition, "payload");
        return new UpsertStep(pool, collection, batchSize, payload, new CollectionVectorSize(pool, collection));
    }

    private sealed class UpsertStep(QdrantPooledClient pool, string collection, int batchSize, Dictionary<string, Value> payload, CollectionVectorSize size) : IStep
    {
        public ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
            QdrantStepParameters.RunAsync(async () =>
            {
                var dimension = await size.GetAsync(cancellationToken).ConfigureAwait(false);
                var points = new List<PointStruct>(batchSize);
                for (var i = 0; i < batchSize; i++)
                {
                    var point = new PointStruct { Id = Guid.NewGuid(), Vectors = QdrantStepParameters.RandomUnitVector(dimension) };
                    point.Payload.Add(payload);
                    points.Add(point);
                }

                // Upsert by a fresh id has the same effect when repeated, so it is safe to retry.
                await pool.ExecuteAsync((c, ct) => c.UpsertAsync(collection, points, cancellationToken: ct), QdrantRequestOptions.IdempotentWrite, cancellationToken).ConfigureAwait(false);
            });
    }
}
