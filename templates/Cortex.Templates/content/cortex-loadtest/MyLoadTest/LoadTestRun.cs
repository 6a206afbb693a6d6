using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting;
using Microsoft.Extensions.DependencyInjection;

namespace MyLoadTest;

/// <summary>Registers the load test's services and runs a plan, so that Program and the tests run the same thing.</summary>
public static class LoadTestRun
{
    /// <summary>Exit code when every threshold held.</summary>
    public const int Passed = 0;

    /// <summary>Exit code when the plan is invalid (a bad field, an unknown step type, a bad step parameter).</summary>
    public const int InvalidPlan = 2;

    /// <summary>Exit code when a threshold failed, as k6 uses it.</summary>
    public const int ThresholdFailed = 99;

    /// <summary>Adds the load-testing engine, its http and delay steps, and the custom <c>api_get</c> step.</summary>
    /// <param name="services">The services.</param>
    /// <param name="target">The base address of the system under test.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddLoadTest(this IServiceCollection services, Uri target)
    {
        services.AddCortexLoadTesting();
        services.AddSingleton(new LoadTarget(target));
        services.AddHttpClient(ApiGetStepHandler.HttpClientName, c => c.BaseAddress = target);
        services.AddCortexStepHandler<ApiGetStepHandler>();
        return services;
    }

    /// <summary>Runs a plan and writes its reports.</summary>
    /// <param name="services">Services with <see cref="AddLoadTest"/> applied.</param>
    /// <param name="planPath">The plan, JSON.</param>
    /// <param name="reportsDirectory">Where the reports go.</param>
    /// <param name="adjust">Changes to the plan before it runs (tests shorten it).</param>
    /// <param name="cancellationToken">Stops the run gracefully; the result covers what ran.</param>
    /// <returns><see cref="Passed"/>, <see cref="ThresholdFailed"/> or <see cref="InvalidPlan"/>.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, string planPath, string reportsDirectory, Action<LoadTestOptions>? adjust = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        LoadTestResult result;
        try
        {
            var options = LoadTestConfiguration.Load(planPath);
            adjust?.Invoke(options);
            var framework = services.GetRequiredService<LoadTestFrameworkFactory>().Create(options);
            result = await framework.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LoadTestConfigurationException or StepConfigurationException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"invalid plan {planPath}: {ex.Message}").ConfigureAwait(false);
            return InvalidPlan;
        }

        var files = await LoadTestReports.WriteAsync(result, reportsDirectory, ReportFormats.All, cancellationToken).ConfigureAwait(false);
        foreach (var threshold in result.Thresholds)
        {
            Console.WriteLine($"{(threshold.Passed ? "pass" : "FAIL")}  {threshold.Expression}  (observed {threshold.Observed:0.###})");
        }

        Console.WriteLine($"reports: {string.Join(", ", files)}");
        return result.Passed ? Passed : ThresholdFailed;
    }
}
