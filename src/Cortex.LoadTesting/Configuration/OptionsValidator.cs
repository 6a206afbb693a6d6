using System.Globalization;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Thresholds;

namespace Cortex.LoadTesting.Configuration;

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
        Check(o.ReportingInterval >= TimeSpan.FromMilliseconds(100), $"reportingInterval must be >= 0.1 s (was {Seconds(o.ReportingInterval)})");
        Check(o.GracefulStop >= TimeSpan.Zero, $"gracefulStop must be >= 0 (was {Seconds(o.GracefulStop)})");
        Check(o.StepTimeout > TimeSpan.Zero, $"stepTimeout must be > 0 (was {Seconds(o.StepTimeout)})");
        Check(o.Segment.Count >= 1 && o.Segment.Index >= 1 && o.Segment.Index <= o.Segment.Count, $"segment {o.Segment.Index}/{o.Segment.Count} must be i/n with 1 <= i <= n");

        if (o.Scenarios.Count == 0 || o.Scenarios.Any(s => s?.Executor is null))
        {
            ValidateLoad(o, "", errors);
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
            if (s.Executor is { } executor)
            {
                Check(executor.StartTime >= TimeSpan.Zero, $"{path}.startTime must be >= 0 (was {Seconds(executor.StartTime)})");
                ValidateLoad(executor, path + ".", errors);
            }

            ValidateTags(s.Tags, $"{path}.tags", errors);
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
                ValidateTags(step.Tags, $"{sp}.tags", errors);
            }
        }

        var feedNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Feeds.Count; i++)
        {
            var f = o.Feeds[i];
            var path = $"feeds[{i}]";
            Check(f.Name.Length > 0 && f.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'), $"{path}.name '{f.Name}' must be letters, digits, '_' or '-' (it is written {{feed.NAME.COLUMN}})");
            Check(f.Name.Length == 0 || feedNames.Add(f.Name), $"{path}.name '{f.Name}' is used by another feed");
            Check(!string.IsNullOrWhiteSpace(f.Path), $"{path}.path must name a CSV or JSON lines file");
            Check(Enum.IsDefined(f.Mode) && Enum.IsDefined(f.Order) && (f.Format is null || Enum.IsDefined(f.Format.Value)), $"{path} has an undefined mode, order or format");
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
            if (ThresholdScope.IsTagScope(t.Step))
            {
                if (!ThresholdScope.TryParse(t.Step!, out var tags, out var tagProblem))
                {
                    errors.Add($"{path}.step {tagProblem}");
                }
                else if (o.Scenarios.All(s => s is not null) && !o.Scenarios.Any(s => s.Steps.Any(st => st is not null && ThresholdScope.Matches(tags, ThresholdScope.StepTags(s, st)))))
                {
                    errors.Add($"{path}.step '{t.Step}' matches no step; a step carries its own tags, its scenario's and scenario:<its scenario's name>");
                }
            }
            else if (!string.IsNullOrWhiteSpace(t.Step) && o.Scenarios.All(s => s is not null) && !StepExists(o, t.Step))
            {
                errors.Add($"{path}.step '{t.Step}' names no step; use a step name, scenario/step or a tag scope such as {{scenario:name}}");
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

    /// <summary>The figures of one executor; <paramref name="prefix"/> is empty for the test's, <c>scenarios[i].</c> for a scenario's.</summary>
    private static void ValidateLoad(LoadShapeOptions load, string prefix, List<string> errors)
    {
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(Enum.IsDefined(load.Model), $"{prefix}executor {(int)load.Model} is not a load model");
        if (LoadModels.IsRamping(load.Model))
        {
            Check(load.Stages.Count > 0, $"{prefix}stages must have at least one stage for {LoadModels.ToName(load.Model)}");
            Check(load.StartTarget >= 0, $"{prefix}startTarget must be >= 0 (was {Num(load.StartTarget)})");
            Check(load.RampUpPeriod == TimeSpan.Zero && load.CoolDownPeriod == TimeSpan.Zero, $"{prefix}rampUpPeriod and coolDownPeriod apply to constant models; {LoadModels.ToName(load.Model)} ramps with stages");
            for (var i = 0; i < load.Stages.Count; i++)
            {
                Check(load.Stages[i].Duration > TimeSpan.Zero, $"{prefix}stages[{i}].duration must be > 0 (was {Seconds(load.Stages[i].Duration)})");
                Check(load.Stages[i].Target >= 0 && double.IsFinite(load.Stages[i].Target), $"{prefix}stages[{i}].target must be >= 0 (was {Num(load.Stages[i].Target)})");
            }
        }
        else
        {
            Check(load.Duration > TimeSpan.Zero, $"{prefix}duration must be > 0 (was {Seconds(load.Duration)})");
            Check(load.RampUpPeriod >= TimeSpan.Zero, $"{prefix}rampUpPeriod must be >= 0 (was {Seconds(load.RampUpPeriod)})");
            Check(load.CoolDownPeriod >= TimeSpan.Zero, $"{prefix}coolDownPeriod must be >= 0 (was {Seconds(load.CoolDownPeriod)})");
            Check(load.Stages.Count == 0, $"{prefix}stages apply to ramping models; {LoadModels.ToName(load.Model)} uses duration, rampUpPeriod and coolDownPeriod");
        }

        if (load.Model == LoadModel.ConstantVus)
        {
            Check(load.ConcurrentUsers > 0, $"{prefix}concurrentUsers must be > 0 (was {load.ConcurrentUsers})");
        }

        if (load.Model == LoadModel.ConstantArrivalRate)
        {
            Check(load.Rate > 0 && double.IsFinite(load.Rate), $"{prefix}rate must be > 0 iterations per second (was {Num(load.Rate)})");
        }

        if (LoadModels.IsOpen(load.Model))
        {
            Check(load.PreAllocatedUsers >= 0, $"{prefix}preAllocatedUsers must be >= 0 (was {load.PreAllocatedUsers})");
            Check(load.MaxUsers > 0, $"{prefix}maxUsers must be > 0 (was {load.MaxUsers})");
            Check(load.MaxUsers >= load.PreAllocatedUsers, $"{prefix}maxUsers ({load.MaxUsers}) must be >= preAllocatedUsers ({load.PreAllocatedUsers})");
        }
    }

    private static void ValidateTags(IDictionary<string, string> tags, string path, List<string> errors) =>
        errors.AddRange(tags.Select(t => ThresholdScope.Problem(path, t.Key, t.Value)).OfType<string>());

    private static bool StepExists(LoadTestOptions o, string scope) =>
        CompiledThreshold.FindStep(scope, o.Scenarios.Select(sc => (sc.Name, sc.Steps.Where(st => st is not null).Select(st => (st.Name, st))))) is not null;

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Num(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
