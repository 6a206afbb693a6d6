using Cortex.Abstractions.Steps;

namespace Cortex.Qdrant.Pooling.Steps;

/// <summary>
/// The <c>qdrant_search</c> load-test step: a nearest-vector query through the pool. Parameters: <c>collection</c>
/// (required), <c>vector</c> (numbers; a random unit vector of the collection's size when absent), <c>limit</c> (default 10).
/// </summary>
/// <param name="pool">The pool the step queries through.</param>
public sealed class QdrantSearchStepHandler(QdrantPooledClient pool) : IStepHandler
{
    /// <inheritdoc/>
    public string StepType => "qdrant_search";

    /// <inheritdoc/>
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var collection = definition.GetRequiredString("collection");
        var vector = QdrantStepParameters.OptionalVector(definition, "vector");
        var limit = definition.GetPositiveInt32("limit", 10);
        return new SearchStep(pool, collection, vector, (ulong)limit, new CollectionVectorSize(pool, collection));
    }

    private sealed class SearchStep(QdrantPooledClient pool, string collection, float[]? vector, ulong limit, CollectionVectorSize size) : IStep
    {
        public ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
            QdrantStepParameters.RunAsync(async () =>
            {
                var query = vector ?? QdrantStepParameters.RandomUnitVector(await size.GetAsync(cancellationToken).ConfigureAwait(false));
                await pool.ExecuteAsync((c, ct) => c.QueryAsync(collection, query: query, limit: limit, cancellationToken: ct), QdrantRequestOptions.Read, cancellationToken).ConfigureAwait(false);
            });
    }
}
