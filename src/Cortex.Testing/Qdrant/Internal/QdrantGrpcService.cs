namespace Cortex.Testing.Qdrant.Internal;

/// <summary>
/// The service instance ASP.NET Core gRPC hands to every bound method. It only carries the gate: the methods themselves
/// are bound by hand in <see cref="QdrantServiceMethodProvider"/>, because Qdrant.Client ships no server base classes.
/// </summary>
internal sealed class QdrantGrpcService(QdrantCallGate gate)
{
    public QdrantCallGate Gate { get; } = gate;
}
