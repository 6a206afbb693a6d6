namespace Cortex.Tests.Shared;

/// <summary>Files of this repository that tests read as users see them: config files and README blocks.</summary>
internal static class RepositoryFiles
{
    /// <summary>Gets the repository root: the first folder above the test's output that holds Cortex.Performance.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The full path of <paramref name="relativePath"/> (segments separated by '/') under the repository root.</summary>
    public static string PathOf(string relativePath) => Path.Combine([Root, .. relativePath.Split('/')]);

    /// <summary>
    /// The text of the first fenced block of <paramref name="language"/> in a Markdown file, or, with <paramref name="section"/>,
    /// the first one after that heading line (for example <c>"## JSON (camelCase)"</c>), so a block is found by what it documents.
    /// </summary>
    public static string FencedBlock(string relativePath, string language, string? section = null)
    {
        var text = File.ReadAllText(PathOf(relativePath)).ReplaceLineEndings("\n");
        var from = 0;
        if (section is not null)
        {
            from = text.IndexOf("\n" + section + "\n", StringComparison.Ordinal);
            if (from < 0)
            {
                throw new InvalidOperationException($"{relativePath} has no heading '{section}'.");
            }
        }

        var fence = $"```{language}\n";
        var start = text.IndexOf(fence, from, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"{relativePath} has no ```{language} block{(section is null ? "" : $" after '{section}'")}.");
        }

        start += fence.Length;
        return text[start..text.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cortex.Performance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Cortex.Performance.sln above {AppContext.BaseDirectory}.");
    }
}
