namespace Cortex.LoadTesting.Cli.Tests;

/// <summary>A fresh directory for one test's configs and reports, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("cortex-load-tests-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a load test configuration and returns its path.</summary>
    public string Config(string name, string json)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A report still open by a slow writer must not fail the test that made it.
        }
    }
}
