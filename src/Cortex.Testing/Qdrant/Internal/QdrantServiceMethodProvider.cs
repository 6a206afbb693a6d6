using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>
/// Binds every unary method of Qdrant's public gRPC services, taken from the descriptors that ship in Qdrant.Client.
/// Methods without a handler are bound too and answer <c>Unimplemented</c> through the gate, so they are counted and
/// fault-injected like the rest, and a client never waits on a method nobody serves.
/// </summary>
internal sealed class QdrantServiceMethodProvider(IReadOnlyDictionary<string, Delegate> handlers) : IServiceMethodProvider<QdrantGrpcService>
{
    private static readonly MethodInfo BindMethodDefinition =
        typeof(QdrantServiceMethodProvider).GetMethod(nameof(Bind), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static IEnumerable<Google.Protobuf.Reflection.ServiceDescriptor> Services =>
        new[]
        {
            QdrantReflection.Descriptor,
            CollectionsServiceReflection.Descriptor,
            PointsServiceReflection.Descriptor,
            SnapshotsServiceReflection.Descriptor,
        }.SelectMany(file => file.Services);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<QdrantGrpcService> context)
    {
        foreach (var method in Services.SelectMany(service => service.Methods))
        {
            if (method.IsClientStreaming || method.IsServerStreaming)
            {
                continue;
            }

            handlers.TryGetValue($"{method.Service.FullName}/{method.Name}", out var handler);
            BindMethodDefinition
                .MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType)
                .Invoke(null, [context, method, handler]);
        }
    }

    private static void Bind<TRequest, TResponse>(
        ServiceMethodProviderContext<QdrantGrpcService> context, MethodDescriptor descriptor, Delegate? handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary, descriptor.Service.FullName, descriptor.Name, CreateMarshaller<TRequest>(), CreateMarshaller<TResponse>());
        var name = $"{descriptor.Service.FullName}/{descriptor.Name}";
        var typedHandler = (Func<TRequest, TResponse>?)handler;
        context.AddUnaryMethod(method, [], (service, request, callContext) => service.Gate.RunAsync(name, request, callContext, typedHandler));
    }

    // Writes straight into the transport's buffer and parses from its sequence, as protoc-generated code does.
    private static Marshaller<T> CreateMarshaller<T>()
        where T : class, IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return Marshallers.Create(
            (T message, SerializationContext serialization) =>
            {
                serialization.SetPayloadLength(message.CalculateSize());
                message.WriteTo(serialization.GetBufferWriter());
                serialization.Complete();
            },
            deserialization => parser.ParseFrom(deserialization.PayloadAsReadOnlySequence()));
    }
}
