using Microsoft.Extensions.Configuration;

namespace Cortex.Qdrant.Pooling.DependencyInjection;

/// <summary>
/// Fills the nodes from the environment variables the README lists when neither the configuration section nor code names
/// any: <c>QDRANT_URL</c> (the first node), <c>QDRANT_ADDITIONAL_NODES</c> (comma-separated full URLs; URLs contain ':' so
/// they are split on ',' only) and <c>QDRANT_API_KEY</c> (for every node that has no key of its own). They are read
/// through the host's configuration (a default host's providers include the process environment). A node list is not
/// merged element by element, so nodes named in code or in the section win over the variables as a whole.
/// </summary>
internal static class QdrantEnvironment
{
    public const string UrlVariable = "QDRANT_URL";
    public const string ApiKeyVariable = "QDRANT_API_KEY";
    public const string AdditionalNodesVariable = "QDRANT_ADDITIONAL_NODES";

    public static void Apply(QdrantPoolOptions options, IConfiguration? configuration)
    {
        string? Read(string name) => configuration?[name];

        var apiKey = Read(ApiKeyVariable);
        if (options.Nodes.Count == 0)
        {
            var urls = new List<string>();
            if (Read(UrlVariable) is { Length: > 0 } primary)
            {
                urls.Add(primary.Trim());
            }

            if (Read(AdditionalNodesVariable) is { Length: > 0 } additional)
            {
                urls.AddRange(additional.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            for (var i = 0; i < urls.Count; i++)
            {
                options.Nodes.Add(new QdrantNode { Id = $"qdrant-{i + 1}", Url = urls[i] });
            }
        }

        if (!string.IsNullOrEmpty(apiKey))
        {
            foreach (var node in options.Nodes)
            {
                node.ApiKey ??= apiKey;
            }
        }
    }
}
