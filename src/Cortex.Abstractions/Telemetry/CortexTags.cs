namespace Cortex.Abstractions.Telemetry;

/// <summary>
/// Tag (attribute) names shared by the Cortex instruments. OpenTelemetry semantic-convention names are used where
/// one exists; the others are prefixed <c>cortex.</c>.
/// </summary>
public static class CortexTags
{
    /// <summary>The low-cardinality class of an error (semantic convention <c>error.type</c>).</summary>
    public const string ErrorType = "error.type";

    /// <summary>The gRPC status code of a call (semantic convention <c>rpc.grpc.status_code</c>).</summary>
    public const string GrpcStatusCode = "rpc.grpc.status_code";

    /// <summary>The HTTP response status code (semantic convention <c>http.response.status_code</c>).</summary>
    public const string HttpStatusCode = "http.response.status_code";

    /// <summary>The GenAI operation, such as <c>chat</c> or <c>embeddings</c> (semantic convention <c>gen_ai.operation.name</c>).</summary>
    public const string GenAiOperation = "gen_ai.operation.name";

    /// <summary>The model a GenAI request asked for (semantic convention <c>gen_ai.request.model</c>).</summary>
    public const string GenAiRequestModel = "gen_ai.request.model";

    /// <summary>The model that produced a GenAI answer, as the server named it (semantic convention <c>gen_ai.response.model</c>).</summary>
    public const string GenAiResponseModel = "gen_ai.response.model";

    /// <summary>The host name of the server a client called (semantic convention <c>server.address</c>).</summary>
    public const string ServerAddress = "server.address";

    /// <summary>The port of the server a client called (semantic convention <c>server.port</c>).</summary>
    public const string ServerPort = "server.port";

    /// <summary>The GenAI provider (semantic convention <c>gen_ai.provider.name</c>).</summary>
    public const string GenAiProvider = "gen_ai.provider.name";

    /// <summary>The id of the Qdrant node that served a request.</summary>
    public const string NodeId = "cortex.node.id";

    /// <summary>The logical operation, such as <c>query</c> or <c>upsert</c>.</summary>
    public const string Operation = "cortex.operation";

    /// <summary>Who answered a cacheable request: <c>memory</c> or <c>redis</c> (a cache tier), <c>dedup</c> (an identical request's call) or <c>upstream</c> (a call of its own).</summary>
    public const string CacheTier = "cortex.cache.tier";

    /// <summary>The load-test scenario.</summary>
    public const string Scenario = "cortex.scenario";

    /// <summary>The load-test step.</summary>
    public const string Step = "cortex.step";

    /// <summary>The SLO an instrument reports on.</summary>
    public const string SloName = "cortex.slo";
}
