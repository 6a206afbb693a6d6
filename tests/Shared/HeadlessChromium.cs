using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Cortex.Tests.Shared;

/// <summary>
/// A real headless Chromium (Debian's <c>chromium</c>) driven through the system <c>chromedriver</c>
/// (<c>chromium-driver</c>) with Selenium, for tests of the pages the packages serve. Where either is not installed the
/// test is skipped with the install hint, unless CORTEX_REQUIRE_CHROMIUM=1 (as in CI), where it fails.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    public const string RequireVariable = "CORTEX_REQUIRE_CHROMIUM";

    private HeadlessChromium(ChromeDriver driver) => Driver = driver;

    public ChromeDriver Driver { get; }

    public static (string Browser, string Driver)? Find()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string? First(params string[] names) => dirs.SelectMany(d => names.Select(n => Path.Combine(d, n))).FirstOrDefault(File.Exists);
        var browser = First("chromium", "chromium-browser", "google-chrome");
        var driver = First("chromedriver");
        return browser is null || driver is null ? null : (browser, driver);
    }

    public static HeadlessChromium StartOrSkip(int width = 1400, int height = 1800)
    {
        var found = Find();
        if (found is null)
        {
            var hint = "Chromium or chromedriver is not on PATH (apt-get install chromium chromium-driver provides them).";
            Assert.False(Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true", $"{hint} {RequireVariable} is set, so this is a failure.");
            Assert.Skip($"{hint} Set {RequireVariable}=1 to make this a failure instead of a skip.");
        }

        var (browser, driver) = found.Value;
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = browser };
        // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", $"--window-size={width},{height}", "--no-first-run", "--disable-extensions");
        return new HeadlessChromium(new ChromeDriver(service, options, TimeSpan.FromSeconds(120)));
    }

    /// <summary>Waits, polling, until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public T WaitFor<T>(Func<IWebDriver, T> condition, string what, TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(Driver, timeout ?? TimeSpan.FromSeconds(60)) { PollingInterval = TimeSpan.FromMilliseconds(250), Message = what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    /// <summary>Saves a screenshot under artifacts/screenshots of the repository and returns its path.</summary>
    public string SaveScreenshot(string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cortex.Performance.sln")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
