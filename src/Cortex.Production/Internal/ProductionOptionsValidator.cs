using Microsoft.Extensions.Options;

namespace Cortex.Production.Internal;

internal sealed class ProductionOptionsValidator : IValidateOptions<ProductionOptions>
{
    public ValidateOptionsResult Validate(string? name, ProductionOptions options)
    {
        var errors = new List<string>();
        var slo = options.SloTargets;
        Check(errors, slo.ResponseTimeP95 > 0 && double.IsFinite(slo.ResponseTimeP95), "SloTargets.ResponseTimeP95", slo.ResponseTimeP95, "must be a positive number of milliseconds");
        Check(errors, slo.ResponseTimeP99 > 0 && double.IsFinite(slo.ResponseTimeP99), "SloTargets.ResponseTimeP99", slo.ResponseTimeP99, "must be a positive number of milliseconds");
        Check(errors, slo.ResponseTimeP99 >= slo.ResponseTimeP95, "SloTargets.ResponseTimeP99", slo.ResponseTimeP99, $"must be at least SloTargets.ResponseTimeP95 ({slo.ResponseTimeP95})");
        Check(errors, slo.ErrorRate is >= 0 and <= 100, "SloTargets.ErrorRate", slo.ErrorRate, "must be a percentage between 0 and 100");
        Check(errors, slo.Availability is > 0 and <= 100, "SloTargets.Availability", slo.Availability, "must be a percentage greater than 0 and at most 100");
        if (string.IsNullOrWhiteSpace(options.Environment.Name))
        {
            errors.Add("ProductionOptions.Environment.Name must not be empty (production:environment:name).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, bool ok, string field, double value, string problem)
    {
        if (!ok)
        {
            errors.Add(FormattableString.Invariant($"ProductionOptions.{field} {problem} (was {value})."));
        }
    }
}
