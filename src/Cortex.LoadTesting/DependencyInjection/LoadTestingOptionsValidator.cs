using System.Globalization;
using Cortex.Internal;
using Microsoft.Extensions.Options;

namespace Cortex.LoadTesting.DependencyInjection;

/// <summary>Checks <see cref="LoadTestingOptions"/> at start; every message names the field and its value.</summary>
internal sealed class LoadTestingOptionsValidator : IValidateOptions<LoadTestingOptions>
{
    public ValidateOptionsResult Validate(string? name, LoadTestingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var http = options.Http;
        if (http is null)
        {
            return ValidateOptionsResult.Fail("LoadTestingOptions.Http must not be null.");
        }

        Rule(errors, OptionBounds.Range(http.MaxConnectionsPerServer, 1, HttpStepClientOptions.MaxConnectionsPerServerLimit), "Http.MaxConnectionsPerServer", http.MaxConnectionsPerServer);
        Rule(errors, OptionBounds.Duration(http.ConnectTimeout, TimeSpan.FromTicks(1), HttpStepClientOptions.ConnectTimeoutLimit), "Http.ConnectTimeout", http.ConnectTimeout);
        Rule(errors, OptionBounds.Range(http.MaxAutomaticRedirections, 1, HttpStepClientOptions.MaxAutomaticRedirectionsLimit), "Http.MaxAutomaticRedirections", http.MaxAutomaticRedirections);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Rule<T>(List<string> errors, string? rule, string field, T value)
    {
        if (rule is not null)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"LoadTestingOptions.{field} ({value}) {rule}."));
        }
    }
}
