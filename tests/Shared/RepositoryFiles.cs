namespace Cortex.Tests.Shared;

/// <summary>Files of this repository that tests read as users see them: config files and README blocks.</summary>
internal static class RepositoryFiles
{
    /// <summary>Gets the repository root: the first folder above the test's output that holds Cortex.Performance.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The full path of <paramref name="relativePath"/> (segments separated by '/') under the repository root.</summary>
    public static string PathOf(string relativePath) => Path.Combine([Root, .. relativePath.Split('/')]);

    /// <summary>The text of the <paramref name="index"/>-th fenced block of <paramref name="language"/> in a Markdown file.</summary>
    public static string FencedBlock(string relativePath, string language, int index = 0)
    {
        var text = File.ReadAllText(PathOf(relativePath)).ReplaceLineEndings("\n");
        var fence = $"```{language}\n";
        var start = -1;
        for (var i = 0; i <= index; i++)
        {
            start = text.IndexOf(fence, start + 1, StringComparison.Ordinal);
            if (start < 0)
            {
                throw new InvalidOperationException($"{relativePath} has fewer than {index + 1} ```{language} blocks.");
            }
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
