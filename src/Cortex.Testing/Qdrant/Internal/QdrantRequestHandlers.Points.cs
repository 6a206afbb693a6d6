using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

internal sealed partial class QdrantRequestHandlers
{
    private PointsOperationResponse Upsert(UpsertPoints request)
    {
        var started = timeProvider.GetTimestamp();
        var mode = request.HasUpdateMode ? request.UpdateMode : UpdateMode.Upsert;
        var operationId = store.Get(request.CollectionName).Upsert(request.Points, request.UpdateFilter, mode);
        return OperationResponse(operationId, request.Wait, started);
    }

    private PointsOperationResponse Delete(DeletePoints request)
    {
        var started = timeProvider.GetTimestamp();
        var operationId = store.Get(request.CollectionName).Delete(request.Points);
        return OperationResponse(operationId, request.Wait, started);
    }

    // Every read here is an exact scan, so a payload index changes nothing but is accepted, as hosts create them at startup.
    private PointsOperationResponse CreateFieldIndex(CreateFieldIndexCollection request)
    {
        var started = timeProvider.GetTimestamp();
        store.Get(request.CollectionName);
        return OperationResponse(0, request.Wait, started);
    }

    private PointsOperationResponse DeleteFieldIndex(DeleteFieldIndexCollection request)
    {
        var started = timeProvider.GetTimestamp();
        store.Get(request.CollectionName);
        return OperationResponse(0, request.Wait, started);
    }

    private GetResponse Get(GetPoints request)
    {
        var started = timeProvider.GetTimestamp();
        var points = store.Get(request.CollectionName).Get(request.Ids, request.WithPayload, request.WithVectors);
        return new GetResponse { Result = { points }, Time = Seconds(started) };
    }

    private CountResponse Count(CountPoints request)
    {
        var started = timeProvider.GetTimestamp();
        var count = store.Get(request.CollectionName).Count(request.Filter);
        return new CountResponse { Result = new CountResult { Count = (ulong)count }, Time = Seconds(started) };
    }

    private ScrollResponse Scroll(ScrollPoints request)
    {
        var started = timeProvider.GetTimestamp();
        if (request.OrderBy is not null)
        {
            throw QdrantErrors.NotSupported("Scroll with order_by");
        }

        var limit = request.HasLimit ? ToInt(request.Limit) : 10;
        var (page, next) = store.Get(request.CollectionName).Scroll(request.Filter, request.Offset, limit, request.WithPayload, request.WithVectors);
        return new ScrollResponse { Result = { page }, NextPageOffset = next, Time = Seconds(started) };
    }

    private SearchResponse Search(SearchPoints request)
    {
        var started = timeProvider.GetTimestamp();
        return new SearchResponse { Result = { RunSearch(request, request.CollectionName) }, Time = Seconds(started) };
    }

    private SearchBatchResponse SearchBatch(SearchBatchPoints request)
    {
        var started = timeProvider.GetTimestamp();
        var results = Batch(request.SearchPoints, search => RunSearch(search, request.CollectionName));
        return new SearchBatchResponse { Result = { results }, Time = Seconds(started) };
    }

    private QueryResponse Query(QueryPoints request)
    {
        var started = timeProvider.GetTimestamp();
        return new QueryResponse { Result = { RunQuery(request, request.CollectionName) }, Time = Seconds(started) };
    }

    private QueryBatchResponse QueryBatch(QueryBatchPoints request)
    {
        var started = timeProvider.GetTimestamp();
        var results = Batch(request.QueryPoints, query => RunQuery(query, request.CollectionName));
        return new QueryBatchResponse { Result = { results }, Time = Seconds(started) };
    }

    // Materialized before the caller reads the clock, so a batch's time covers its work.
    private static List<BatchResult> Batch<T>(IEnumerable<T> requests, Func<T, List<ScoredPoint>> run) =>
        [.. requests.Select(request => new BatchResult { Result = { run(request) } })];

    private PointsOperationResponse OperationResponse(ulong operationId, bool wait, long started) => new()
    {
        // Without wait, Qdrant acknowledges the write before applying it; here it is applied either way.
        Result = new UpdateResult { OperationId = operationId, Status = wait ? UpdateStatus.Completed : UpdateStatus.Acknowledged },
        Time = Seconds(started),
    };

    private List<ScoredPoint> RunSearch(SearchPoints request, string collectionName)
    {
        if (request.SparseIndices is not null)
        {
            throw QdrantErrors.NotSupported("Search with sparse vectors");
        }

        CheckVectorName(request.HasVectorName ? request.VectorName : null);
        return store.Get(collectionName).Search(new NearestQuery
        {
            Vector = request.Vector,
            Filter = request.Filter,
            ScoreThreshold = request.HasScoreThreshold ? request.ScoreThreshold : null,
            Limit = CheckLimit(request.Limit),
            Offset = request.HasOffset ? ToInt(request.Offset) : 0,
            WithPayload = request.WithPayload,
            WithVectors = request.WithVectors,
        });
    }

    private List<ScoredPoint> RunQuery(QueryPoints request, string collectionName)
    {
        if (request.Prefetch.Count > 0)
        {
            throw QdrantErrors.NotSupported("Query with prefetch");
        }

        if (request.LookupFrom is not null)
        {
            throw QdrantErrors.NotSupported("Query with lookup_from");
        }

        CheckVectorName(request.HasUsing ? request.Using : null);
        var query = new NearestQuery
        {
            Filter = request.Filter,
            ScoreThreshold = request.HasScoreThreshold ? request.ScoreThreshold : null,
            Limit = request.HasLimit ? CheckLimit(request.Limit) : 10,
            Offset = request.HasOffset ? ToInt(request.Offset) : 0,
            WithPayload = request.WithPayload,
            WithVectors = request.WithVectors,
        };

        query = request.Query?.VariantCase switch
        {
            null or global::Qdrant.Client.Grpc.Query.VariantOneofCase.None => query,
            global::Qdrant.Client.Grpc.Query.VariantOneofCase.Nearest => request.Query.Nearest.VariantCase switch
            {
                VectorInput.VariantOneofCase.Dense => query with { Vector = request.Query.Nearest.Dense.Data },
                VectorInput.VariantOneofCase.Id => query with { PointIdVector = PointKey.From(request.Query.Nearest.Id) },
                var other => throw QdrantErrors.NotSupported($"Nearest query with a {other} vector"),
            },
            var other => throw QdrantErrors.NotSupported($"Query '{other}'"),
        };

        return store.Get(collectionName).Search(query);
    }

    private static void CheckVectorName(string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            throw QdrantErrors.VectorNameNotFound(name);
        }
    }

    private static int CheckLimit(ulong limit) =>
        limit == 0 ? throw QdrantErrors.Validation("limit: value 0 invalid, must be 1 or greater") : ToInt(limit);
}
