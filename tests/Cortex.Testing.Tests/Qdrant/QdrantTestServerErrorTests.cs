using Cortex.Testing.Qdrant;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Qdrant.Client.Grpc;
using static Cortex.Testing.Tests.Qdrant.QdrantTestKit;

namespace Cortex.Testing.Tests.Qdrant;

public sealed class QdrantTestServerErrorTests
{
    [Fact]
    public async Task UpsertAsync_WrongVectorSize_InvalidArgumentNamingBothSizes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);
        await client.CreateCollectionAsync("docs", new VectorParams { Size = 4, Distance = Distance.Cosine }, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<RpcException>(
            () => client.UpsertAsync("docs", [new PointStruct { Id = 1, Vectors = new[] { 1f, 2f, 3f } }], cancellationToken: ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("Vector dimension error: expected dim: 4, got 3", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0ul, await client.CountAsync("docs", cancellationToken: ct));
    }

    [Fact]
    public async Task QueryAsync_WrongVectorSize_InvalidArgument()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);
        await client.CreateCollectionAsync("docs", new VectorParams { Size = 4, Distance = Distance.Euclid }, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.QueryAsync("docs", new[] { 1f, 2f }, cancellationToken: ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("expected dim: 4, got 2", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAsync_MissingCollection_NotFoundNamingTheCollection()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);

        var query = await Assert.ThrowsAsync<RpcException>(() => client.QueryAsync("nope", new[] { 1f }, cancellationToken: ct));
        var info = await Assert.ThrowsAsync<RpcException>(() => client.GetCollectionInfoAsync("nope", ct));

        Assert.Equal(StatusCode.NotFound, query.StatusCode);
        Assert.Equal("Not found: Collection `nope` doesn't exist!", query.Status.Detail);
        Assert.Equal(StatusCode.NotFound, info.StatusCode);
    }

    [Fact]
    public async Task CreateCollectionAsync_ExistingName_InvalidArgumentLikeQdrant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);
        await client.CreateCollectionAsync("docs", new VectorParams { Size = 4, Distance = Distance.Cosine }, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<RpcException>(
            () => client.CreateCollectionAsync("docs", new VectorParams { Size = 4, Distance = Distance.Cosine }, cancellationToken: ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("Wrong input: Collection `docs` already exists!", error.Status.Detail);
    }

    [Fact]
    public async Task FacetAsync_NotImplemented_UnimplementedNamingTheMethod()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.FacetAsync("docs", "color", cancellationToken: ct));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains("qdrant.Points/Facet", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, server.GetCallCount("qdrant.Points/Facet"));
    }

    [Theory]
    [InlineData("qdrant.Points", "NoSuchMethod")]
    [InlineData("qdrant.NoSuchService", "Query")]
    public async Task UnknownMethod_RawCall_UnimplementedWithoutHanging(string service, string name)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var channel = GrpcChannel.ForAddress(server.GrpcUri);
        var marshaller = Marshallers.Create(message => message.ToByteArray(), HealthCheckRequest.Parser.ParseFrom);
        var method = new Method<HealthCheckRequest, HealthCheckRequest>(MethodType.Unary, service, name, marshaller, marshaller);

        var call = channel.CreateCallInvoker().AsyncUnaryCall(
            method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct), new HealthCheckRequest());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task ApiKey_MissingOrWrong_UnauthenticatedWithoutEchoingTheKey()
    {
        var ct = TestContext.Current.CancellationToken;
        const string key = "s3cret-key-value";
        await using var server = await QdrantTestServer.StartAsync(new QdrantTestServerOptions { ApiKey = key }, ct);
        using var anonymous = Connect(server);
        using var wrong = Connect(server, apiKey: "not-the-key");

        var missing = await Assert.ThrowsAsync<RpcException>(() => anonymous.ListCollectionsAsync(ct));
        var invalid = await Assert.ThrowsAsync<RpcException>(() => wrong.ListCollectionsAsync(ct));

        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, invalid.StatusCode);
        Assert.DoesNotContain(key, missing.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(key, invalid.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key", invalid.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_Matching_CallsSucceedAndHealthNeedsNoKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(new QdrantTestServerOptions { ApiKey = "s3cret" }, ct);
        using var authorized = Connect(server, apiKey: "s3cret");
        using var anonymous = Connect(server);

        await authorized.CreateCollectionAsync("docs", new VectorParams { Size = 2, Distance = Distance.Dot }, cancellationToken: ct);

        Assert.Equal(["docs"], await authorized.ListCollectionsAsync(ct));
        Assert.NotEmpty((await anonymous.HealthAsync(ct)).Version);
    }

    [Fact]
    public async Task StartAsync_EmptyApiKey_ArgumentExceptionNamingTheOption()
    {
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => QdrantTestServer.StartAsync(new QdrantTestServerOptions { ApiKey = " " }, ct));

        Assert.Contains("QdrantTestServerOptions.ApiKey", error.Message, StringComparison.Ordinal);
    }
}
