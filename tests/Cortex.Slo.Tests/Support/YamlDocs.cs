using YamlDotNet.RepresentationModel;

namespace Cortex.Slo.Tests.Support;

/// <summary>Reads generated YAML back with YamlDotNet, the way a tool that consumes it would.</summary>
internal static class YamlDocs
{
    public static IReadOnlyList<YamlMappingNode> Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode))];
    }

    public static YamlMappingNode Map(this YamlNode node, string key) => Assert.IsType<YamlMappingNode>(Child(node, key));

    public static YamlSequenceNode Seq(this YamlNode node, string key) => Assert.IsType<YamlSequenceNode>(Child(node, key));

    public static YamlScalarNode Scalar(this YamlNode node, string key) => Assert.IsType<YamlScalarNode>(Child(node, key));

    public static string Text(this YamlNode node, string key) => node.Scalar(key).Value!;

    public static bool Has(this YamlNode node, string key) => ((YamlMappingNode)node).Children.ContainsKey(key);

    public static IEnumerable<YamlMappingNode> Maps(this YamlSequenceNode sequence) => sequence.Children.Select(Assert.IsType<YamlMappingNode>);

    private static YamlNode Child(YamlNode node, string key)
    {
        var mapping = Assert.IsType<YamlMappingNode>(node);
        Assert.True(mapping.Children.TryGetValue(key, out var child), $"no key '{key}' in {string.Join(", ", mapping.Children.Keys)}");
        return child;
    }
}
