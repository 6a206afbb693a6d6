using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Tests.Reports;

public sealed class LoadTestReportsWriteTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cortex-reports-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_AllFormats_WritesFiveReadableFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        var result = ReportSamples.Full("api / checkout: v2");

        var paths = await LoadTestReports.WriteAsync(result, _directory, ReportFormats.All, ct);

        Assert.Equal(
            ["api-checkout-v2.json", "api-checkout-v2.md", "api-checkout-v2.html", "api-checkout-v2.junit.xml", "api-checkout-v2.csv"],
            paths.Select(Path.GetFileName));
        Assert.All(paths, p => Assert.True(File.Exists(p), p));
        await using var json = File.OpenRead(paths[0]);
        Assert.Equal(LoadTestReports.ToJson(result), LoadTestReports.ToJson(await LoadTestReports.ReadJsonAsync(json, ct)));
        Assert.Equal(LoadTestReports.ToHtml(result), await File.ReadAllTextAsync(paths[2], ct));
    }

    [Fact]
    public async Task WriteAsync_SomeFormats_WritesOnlyThose()
    {
        var paths = await LoadTestReports.WriteAsync(ReportSamples.Full(), _directory, ReportFormats.JUnit | ReportFormats.Csv, TestContext.Current.CancellationToken);

        Assert.Equal(["checkout.junit.xml", "checkout.csv"], paths.Select(Path.GetFileName));
        Assert.Equal(2, Directory.GetFiles(_directory).Length);
    }

    [Theory]
    [InlineData("../etc/passwd", "etc-passwd")]
    [InlineData("???", "load-test")]
    [InlineData("smoke_test-1.2", "smoke_test-1.2")]
    public void SafeFileName_AnyName_StaysInTheDirectory(string name, string expected)
    {
        Assert.Equal(expected, LoadTestReports.SafeFileName(name));
    }
}
