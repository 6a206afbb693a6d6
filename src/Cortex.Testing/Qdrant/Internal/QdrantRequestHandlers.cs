using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>
/// Turns Qdrant's gRPC requests into store operations and back into responses. The work is in memory and short, so
/// the handlers are synchronous; the gate around them does the awaiting.
/// </summary>
internal sealed partial class QdrantRequestHandlers(QdrantTestStore store, TimeProvider timeProvider)
{
    /// <summary>The version a health check reports: that of the Qdrant.Client package this server was built against.</summary>
    internal static readonly string ServerVersion = typeof(Points).Assembly.GetName().Version is { } version
        ? $"{version.Major}.{version.Minor}.{version.Build}"
        : "0.0.0";

    /// <summary>The implemented methods by full gRPC name; every other method answers Unimplemented.</summary>
    public IReadOnlyDictionary<string, Delegate> ByMethod() => new Dictionary<string, Delegate>(StringComparer.Ordinal)
    {
        ["qdrant.Qdrant/HealthCheck"] = (Func<HealthCheckRequest, HealthCheckReply>)HealthCheck,
        ["qdrant.Collections/Create"] = (Func<CreateCollection, CollectionOperationResponse>)CreateCollection,
        ["qdrant.Collections/Get"] = (Func<GetCollectionInfoRequest, GetCollectionInfoResponse>)GetCollection,
        ["qdrant.Collections/List"] = (Func<ListCollectionsRequest, ListCollectionsResponse>)ListCollections,
        ["qdrant.Collections/Delete"] = (Func<DeleteCollection, CollectionOperationResponse>)DeleteCollection,
        ["qdrant.Collections/CollectionExists"] = (Func<CollectionExistsRequest, CollectionExistsResponse>)CollectionExists,
        ["qdrant.Points/Upsert"] = (Func<UpsertPoints, PointsOperationResponse>)Upsert,
        ["qdrant.Points/Delete"] = (Func<DeletePoints, PointsOperationResponse>)Delete,
        ["qdrant.Points/Get"] = (Func<GetPoints, GetResponse>)Get,
        ["qdrant.Points/CreateFieldIndex"] = (Func<CreateFieldIndexCollection, PointsOperationResponse>)CreateFieldIndex,
        ["qdrant.Points/DeleteFieldIndex"] = (Func<DeleteFieldIndexCollection, PointsOperationResponse>)DeleteFieldIndex,
        ["qdrant.Points/Count"] = (Func<CountPoints, CountResponse>)Count,
        ["qdrant.Points/Scroll"] = (Func<ScrollPoints, ScrollResponse>)Scroll,
        ["qdrant.Points/Search"] = (Func<SearchPoints, SearchResponse>)Search,
        ["qdrant.Points/SearchBatch"] = (Func<SearchBatchPoints, SearchBatchResponse>)SearchBatch,
        ["qdrant.Points/Query"] = (Func<QueryPoints, QueryResponse>)Query,
        ["qdrant.Points/QueryBatch"] = (Func<QueryBatchPoints, QueryBatchResponse>)QueryBatch,
    };

    private static HealthCheckReply HealthCheck(HealthCheckRequest request) =>
        new() { Title = "qdrant - vector search engine", Version = ServerVersion };

    /// <summary>Seconds since <paramref name="started"/>, for the <c>time</c> field every Qdrant response carries.</summary>
    private double Seconds(long started) => timeProvider.GetElapsedTime(started).TotalSeconds;

    private static int ToInt(ulong value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
