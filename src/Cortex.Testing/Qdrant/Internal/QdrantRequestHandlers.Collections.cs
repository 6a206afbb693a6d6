using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

internal sealed partial class QdrantRequestHandlers
{
    private CollectionOperationResponse CreateCollection(CreateCollection request)
    {
        var started = timeProvider.GetTimestamp();
        if (string.IsNullOrEmpty(request.CollectionName))
        {
            throw QdrantErrors.Validation("collection_name: value must not be empty");
        }

        var vectors = request.VectorsConfig?.ConfigCase switch
        {
            VectorsConfig.ConfigOneofCase.Params => request.VectorsConfig.Params,
            VectorsConfig.ConfigOneofCase.ParamsMap => throw QdrantErrors.NotSupported("Named vectors (vectors_config.params_map)"),
            _ => throw QdrantErrors.NotSupported("A collection without a dense vector (vectors_config)"),
        };

        if (vectors.Size is 0 or > 65536)
        {
            throw QdrantErrors.Validation($"vectors_config.size: value {vectors.Size} invalid, must be from 1 to 65536");
        }

        if (vectors.Distance is not (Distance.Cosine or Distance.Dot or Distance.Euclid or Distance.Manhattan))
        {
            throw QdrantErrors.BadInput($"Unknown distance {vectors.Distance}: use Cosine, Dot, Euclid or Manhattan");
        }

        // Real Qdrant reports an existing collection as bad input (InvalidArgument), not AlreadyExists.
        var collection = new QdrantCollection(request.CollectionName, vectors, timeProvider.GetUtcNow());
        if (!store.TryAdd(collection))
        {
            collection.Dispose();
            throw QdrantErrors.BadInput($"Collection `{request.CollectionName}` already exists!");
        }

        return new CollectionOperationResponse { Result = true, Time = Seconds(started) };
    }

    private GetCollectionInfoResponse GetCollection(GetCollectionInfoRequest request)
    {
        var started = timeProvider.GetTimestamp();
        return new GetCollectionInfoResponse { Result = store.Get(request.CollectionName).Describe(), Time = Seconds(started) };
    }

    private ListCollectionsResponse ListCollections(ListCollectionsRequest request)
    {
        var started = timeProvider.GetTimestamp();
        var collections = store.CollectionNames.Select(name => new CollectionDescription { Name = name });
        return new ListCollectionsResponse { Collections = { collections }, Time = Seconds(started) };
    }

    // A missing collection is not an error here: Qdrant answers false, and Qdrant.Client turns that into its own exception.
    private CollectionOperationResponse DeleteCollection(DeleteCollection request)
    {
        var started = timeProvider.GetTimestamp();
        return new CollectionOperationResponse { Result = store.Remove(request.CollectionName), Time = Seconds(started) };
    }

    private CollectionExistsResponse CollectionExists(CollectionExistsRequest request)
    {
        var started = timeProvider.GetTimestamp();
        return new CollectionExistsResponse
        {
            Result = new global::Qdrant.Client.Grpc.CollectionExists { Exists = store.Exists(request.CollectionName) },
            Time = Seconds(started),
        };
    }
}
