using Cortex.LoadTesting.Reports;
using Cortex.Tests.Shared;
using System.Reflection;
using System.Text.Json.Nodes;
using Cortex.LoadTesting;
using Cortex.LoadTesting.Cli;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cortex.Samples.MemoryService.Tests;

/// <summary>
/// The LoadTesting README's JSON example, run by <c>cortex-load run --steps</c> with the sample's load-steps assembly
/// against the memory service hosted here (its URLs pointed at this host, shortened to a few seconds).
/// </summary>
public sealed class LoadStepsRunTests(MemoryServiceFixture service) : IClassFixture<MemoryServiceFixture>
{
    private static readonly string LoadSteps = typeof(LoadStepsRunTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LoadStepsAssembly").Value!;

    [Fact]
    public async Task Run_ReadmeExampleWithLoadSteps_EveryStepSucceeds()
    {
        using var dir = new TempDir();
        var zai = service.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value;
        // A variable of its own: ZAI_API_KEY would make memory services started meanwhile by other tests use a configured Z.AI.
        Environment.SetEnvironmentVariable("CORTEX_LOAD_STEPS_TEST_ZAI_KEY", zai.ApiKey);
        var config = ReadmeExample();
        config["scenarios"]![1]!["steps"]![0]!["parameters"]!["apiKeyVariable"] = "CORTEX_LOAD_STEPS_TEST_ZAI_KEY";
        var text = config.ToJsonString()
            .Replace("http://localhost:5000", service.Http.BaseAddress!.ToString().TrimEnd('/'), StringComparison.Ordinal)
            .Replace(ZaiClientOptions.DefaultBaseUrl, zai.BaseUrl!.TrimEnd('/'), StringComparison.Ordinal);
        var path = Path.Combine(dir.Path, "test.json");
        await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);

        var (code, stdout, stderr) = await RunAsync("run", "--config", path, "--steps", LoadSteps, "--duration", "3s", "--vus", "3", "--out", dir.Path, "--format", "json", "--no-live");

        Assert.True(code is 0 or 99, $"exit {code}\n{stdout}\n{stderr}");
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(Directory.GetFiles(dir.Path, "*.json").Single(f => f != path), TestContext.Current.CancellationToken));
        var steps = result.Scenarios.SelectMany(s => s.Steps).ToDictionary(s => s.Name);
        Assert.Equal(["completion", "find", "store"], steps.Keys.Order());
        Assert.All(steps.Values, s => Assert.True(s.Count > 0 && s.Errors == 0, $"{s.Name}: {s.Count} requests, {s.Errors} errors; {string.Join(", ", result.Errors.Select(e => $"{e.Step} {e.ErrorType} x{e.Count}"))}"));
    }

    [Fact]
    public async Task Run_StepsFileMissing_ExitsTwoNamingIt()
    {
        using var dir = new TempDir();
        var path = await WriteExampleAsync(dir);

        var (code, _, stderr) = await RunAsync("run", "--config", path, "--steps", Path.Combine(dir.Path, "Missing.dll"), "--out", dir.Path);

        Assert.Equal(2, code);
        Assert.Contains("Missing.dll' does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StepsTwice_ExitsTwoNamingTheDuplicateType()
    {
        using var dir = new TempDir();
        var path = await WriteExampleAsync(dir);

        var (code, _, stderr) = await RunAsync("run", "--config", path, "--steps", LoadSteps, "--steps", LoadSteps, "--out", dir.Path);

        Assert.Equal(2, code);
        Assert.Matches(@"registers step type '(memory_store|memory_find|zai_completion)', which Cortex\.Samples\.MemoryService\.LoadSteps\.\w+StepHandler in '", stderr);
    }

    [Fact]
    public async Task Run_StepsAssemblyWithoutHandlers_ExitsTwo()
    {
        using var dir = new TempDir();
        var path = await WriteExampleAsync(dir);
        var abstractions = typeof(Cortex.Abstractions.Steps.IStepHandler).Assembly.Location;

        var (code, _, stderr) = await RunAsync("run", "--config", path, "--steps", abstractions, "--out", dir.Path);

        Assert.Equal(2, code);
        Assert.Contains("has no step handlers", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutSteps_ReadmeExampleNamesTheUnknownStepTypes()
    {
        using var dir = new TempDir();
        var path = await WriteExampleAsync(dir);

        var (code, _, stderr) = await RunAsync("run", "--config", path, "--out", dir.Path);

        Assert.Equal(2, code);
        Assert.Contains("'memory_store'", stderr, StringComparison.Ordinal);
    }

    /// <summary>The LoadTesting README's JSON example (the block under "JSON (camelCase)", with the sample's steps), with no ramp-up and short think times so a few seconds suffice.</summary>
    private static JsonNode ReadmeExample()
    {
        var node = JsonNode.Parse(RepositoryFiles.FencedBlock("src/Cortex.LoadTesting/README.md", "json", section: "## JSON (camelCase)"))!;
        node["rampUpPeriod"] = 0;
        node["scenarios"]![0]!["thinkTime"] = JsonNode.Parse("""{ "min": 0.05, "max": 0.1 }""");
        return node;
    }

    private static async Task<string> WriteExampleAsync(TempDir dir)
    {
        var path = Path.Combine(dir.Path, "test.json");
        await File.WriteAllTextAsync(path, ReadmeExample().ToJsonString(), TestContext.Current.CancellationToken);
        return path;
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cortex-load-steps-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
