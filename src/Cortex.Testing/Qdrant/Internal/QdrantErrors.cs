using Grpc.Core;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>Status codes and messages worded like a real Qdrant node's, so clients branch on them the same way.</summary>
internal static class QdrantErrors
{
    public static RpcException BadInput(string description) =>
        new(new Status(StatusCode.InvalidArgument, "Wrong input: " + description));

    public static RpcException Validation(string description) =>
        new(new Status(StatusCode.InvalidArgument, "Validation error in body: [" + description + "]"));

    public static RpcException CollectionNotFound(string name) =>
        new(new Status(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!"));

    public static RpcException PointNotFound(PointKey key) =>
        new(new Status(StatusCode.NotFound, $"Not found: No point with id {key} found"));

    public static RpcException DimensionMismatch(int expected, int actual) =>
        BadInput($"Vector dimension error: expected dim: {expected}, got {actual}");

    public static RpcException VectorNameNotFound(string name) =>
        BadInput($"Not existing vector name error: {name}");

    /// <summary>For protocol features this server leaves out, so a test fails loudly instead of getting a wrong answer.</summary>
    public static RpcException NotSupported(string feature) =>
        new(new Status(StatusCode.Unimplemented, $"{feature} is not supported by QdrantTestServer."));
}
