using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// <c>GET models</c>: the OpenAI-compatible model list, <c>{object: "list", data: [{id, object: "model", created,
/// owned_by}]}</c>. It costs no tokens, so health checks use it to prove the API and the key without a completion.
/// </summary>
internal static class ModelsEndpoint
{
    private static readonly string[] Models = [ZaiTestServer.DefaultModel, "glm-4.5", "glm-4.5-air", "embedding-3"];

    public static Task HandleAsync(HttpContext context, JsonElement body, CancellationToken cancellationToken)
    {
        var bytes = JsonBytes.Object(json =>
        {
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            foreach (var model in Models)
            {
                json.WriteStartObject();
                json.WriteString("id", model);
                json.WriteString("object", "model");
                json.WriteNumber("created", 1_735_689_600);
                json.WriteString("owned_by", "z-ai");
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });

        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.Body.WriteAsync(bytes, cancellationToken).AsTask();
    }
}
