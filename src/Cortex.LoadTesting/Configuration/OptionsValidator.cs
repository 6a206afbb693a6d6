using System.Globalization;
using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting;

/// <summary>Checks <see cref="LoadTestOptions"/>; every message starts with the JSON path of the field it is about.</summary>
internal static class OptionsValidator
{
    public static List<string> Validate(LoadTestOptions o)
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(!string.IsNullOrWhiteSpace(o.TestName), "testName must not be empty");
        Check(Enum.IsDefined(o.Model), $"executor {(int)o.Model} is not a load model");
        Check(o.ReportingInterval >= TimeSpan.FromMilliseconds(100), $"reportingInterval must be >= 0.1 s (was {Seconds(o.ReportingInterval)})");
        Check(o.GracefulStop >= TimeSpan.Zero, $"gracefulStop must be >= 0 (was {Seconds(o.GracefulStop)})");
        Check(o.StepTimeout > TimeSpan.Zero, $"stepTimeout must be > 0 (was {Seconds(o.StepTimeout)})");
        Check(o.Segment.Count >= 1 && o.Segment.Index >= 1 && o.Segment.Index <= o.Segment.Count, $"segment {o.Segment.Index}/{o.Segment.Count} must be i/n with 1 <= i <= n");

        if (LoadModels.IsRamping(o.Model))
        {
            Check(o.Stages.Count > 0, $"stages must have at least one stage for {LoadModels.ToName(o.Model)}");
            Check(o.StartTarget >= 0, $"startTarget must be >= 0 (was {Num(o.StartTarget)})");
            Check(o.RampUpPeriod == TimeSpan.Zero && o.CoolDownPeriod == TimeSpan.Zero, $"rampUpPeriod and coolDownPeriod apply to constant models; {LoadModels.ToName(o.Model)} ramps with stages");
            for (var i = 0; i < o.Stages.Count; i++)
            {
                Check(o.Stages[i].Duration > TimeSpan.Zero, $"stages[{i}].duration must be > 0 (was {Seconds(o.Stages[i].Duration)})");
                Check(o.Stages[i].Target >= 0 && double.IsFinite(o.Stages[i].Target), $"stages[{i}].target must be >= 0 (was {Num(o.Stages[i].Target)})");
            }
        }
        else
        {
            Check(o.Duration > TimeSpan.Zero, $"duration must be > 0 (was {Seconds(o.Duration)})");
            Check(o.RampUpPeriod >= TimeSpan.Zero, $"rampUpPeriod must be >= 0 (was {Seconds(o.RampUpPeriod)})");
            Check(o.CoolDownPeriod >= TimeSpan.Zero, $"coolDownPeriod must be >= 0 (was {Seconds(o.CoolDownPeriod)})");
            Check(o.Stages.Count == 0, $"stages apply to ramping models; {LoadModels.ToName(o.Model)} uses duration, rampUpPeriod and coolDownPeriod");
        }

        if (o.Model == LoadModel.ConstantVus)
        {
            Check(o.ConcurrentUsers > 0, $"concurrentUsers must be > 0 (was {o.ConcurrentUsers})");
        }

        if (o.Model == LoadModel.ConstantArrivalRate)
        {
            Check(o.Rate > 0 && double.IsFinite(o.Rate), $"rate must be > 0 iterations per second (was {Num(o.Rate)})");
        }

        if (LoadModels.IsOpen(o.Model))
        {
            Check(o.PreAllocatedUsers >= 0, $"preAllocatedUsers must be >= 0 (was {o.PreAllocatedUsers})");
            Check(o.MaxUsers > 0, $"maxUsers must be > 0 (was {o.MaxUsers})");
            Check(o.MaxUsers >= o.PreAllocatedUsers, $"maxUsers ({o.MaxUsers}) must be >= preAllocatedUsers ({o.PreAllocatedUsers})");
        }

        Check(o.Scenarios.Count > 0, "scenarios must have at least one scenario");
        var scenarioNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Scenarios.Count; i++)
        {
            var s = o.Scenarios[i];
            var path = $"scenarios[{i}]";
            if (s is null)
            {
                errors.Add($"{path} must not be null");
                continue;
            }

            Check(!string.IsNullOrWhiteSpace(s.Name), $"{path}.name must not be empty");
            Check(string.IsNullOrWhiteSpace(s.Name) || scenarioNames.Add(s.Name), $"{path}.name '{s.Name}' is used by another scenario");
            Check(s.Weight > 0 && double.IsFinite(s.Weight), $"{path}.weight must be > 0 (was {Num(s.Weight)})");
            if (s.ThinkTime is { } think)
            {
                Check(think.Min >= TimeSpan.Zero && think.Max >= think.Min, $"{path}.thinkTime must have 0 <= min <= max (was {Seconds(think.Min)}..{Seconds(think.Max)})");
            }

            Check(s.Pacing is null || s.Pacing > TimeSpan.Zero, $"{path}.pacing must be > 0 (was {(s.Pacing is { } pacing ? Seconds(pacing) : "")})");
            Check(s.Steps.Count > 0, $"{path}.steps must have at least one step");
            var stepNames = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < s.Steps.Count; j++)
            {
                var step = s.Steps[j];
                var sp = $"{path}.steps[{j}]";
                if (step is null)
                {
                    errors.Add($"{sp} must not be null");
                    continue;
                }

                Check(!string.IsNullOrWhiteSpace(step.Name), $"{sp}.name must not be empty");
                Check(string.IsNullOrWhiteSpace(step.Name) || stepNames.Add(step.Name), $"{sp}.name '{step.Name}' is used by another step of scenario '{s.Name}'");
                Check(!string.IsNullOrWhiteSpace(step.Type), $"{sp}.type must not be empty");
                Check(step.Timeout is null || step.Timeout > TimeSpan.Zero, $"{sp}.timeout must be > 0");
            }
        }

        for (var i = 0; i < o.Thresholds.Count; i++)
        {
            var t = o.Thresholds[i];
            var path = $"thresholds[{i}]";
            if (!ThresholdExpression.TryParse(t.Expression, out _, out var problem))
            {
                errors.Add($"{path}.expression {problem}");
            }

            Check(t.DelayAbortEvaluation >= TimeSpan.Zero, $"{path}.delayAbortEval must be >= 0");
            if (!string.IsNullOrWhiteSpace(t.Step) && o.Scenarios.All(s => s is not null) && !StepExists(o, t.Step))
            {
                errors.Add($"{path}.step '{t.Step}' names no step; use a step name or scenario/step");
            }
        }

        if (o.SloTargets is { } slo)
        {
            Check(slo.MaxResponseTimeP50 is null || slo.MaxResponseTimeP50 > TimeSpan.Zero, "sloTargets.maxResponseTimeP50 must be > 0");
            Check(slo.MaxResponseTimeP90 is null || slo.MaxResponseTimeP90 > TimeSpan.Zero, "sloTargets.maxResponseTimeP90 must be > 0");
            Check(slo.MaxResponseTimeP95 is null || slo.MaxResponseTimeP95 > TimeSpan.Zero, "sloTargets.maxResponseTimeP95 must be > 0");
            Check(slo.MaxResponseTimeP99 is null || slo.MaxResponseTimeP99 > TimeSpan.Zero, "sloTargets.maxResponseTimeP99 must be > 0");
            Check(slo.MaxErrorRate is null || slo.MaxErrorRate is >= 0 and <= 1, $"sloTargets.maxErrorRate must be between 0 and 100 percent (was {Num((slo.MaxErrorRate ?? 0) * 100)})");
            Check(slo.MinAvailability is null || slo.MinAvailability is >= 0 and <= 1, $"sloTargets.minAvailability must be between 0 and 100 percent (was {Num((slo.MinAvailability ?? 0) * 100)})");
            Check(slo.MinThroughput is null || slo.MinThroughput >= 0, "sloTargets.minThroughput must be >= 0");
        }

        if (o.Monitor is { } monitor)
        {
            errors.AddRange(Endurance.Internal.MonitorChecks.Validate(monitor));
        }

        return errors;
    }

    private static bool StepExists(LoadTestOptions o, string scope) =>
        CompiledThreshold.FindStep(scope, o.Scenarios.Select(sc => (sc.Name, sc.Steps.Where(st => st is not null).Select(st => (st.Name, st))))) is not null;

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Num(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
