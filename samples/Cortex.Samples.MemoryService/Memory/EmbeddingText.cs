using System.Text;
using System.Text.Json;

namespace Cortex.Samples.MemoryService.Memory;

/// <summary>
/// The text a memory is embedded from: its kind, then each leaf of its data as <c>path: value</c> on its own line.
/// Embedding models read plain words better than JSON punctuation (<c>{"title":"hello</c> is not the word <c>hello</c>).
/// </summary>
internal static class EmbeddingText
{
    public static string Write(string kind, JsonElement data)
    {
        var text = new StringBuilder(kind).Append('\n');
        Append(text, string.Empty, data);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    Append(text, path.Length == 0 ? property.Name : $"{path}.{property.Name}", property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Append(text, path, item);
                }

                break;
            default:
                if (path.Length > 0)
                {
                    text.Append(path).Append(": ");
                }

                text.Append(element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText()).Append('\n');
                break;
        }
    }
}
