using System.Globalization;
using System.Text.Json;
using Cortex.Abstractions.Slo;
using Cortex.LoadTesting.Endurance;
using Cortex.LoadTesting.Feeds;
using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting.Configuration;

/// <summary>
/// Reads load tests from JSON (camelCase; durations in seconds or as strings such as <c>"30s"</c>, <c>"5m"</c>, <c>"1h30m"</c>; latency targets in milliseconds;
/// <c>maxErrorRate</c> and <c>minAvailability</c> in percent) and validates them, naming the JSON path of every bad field.
/// </summary>
public static partial class LoadTestConfiguration
{
    /// <summary>Reads and validates a load test from a JSON file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The options.</returns>
    /// <exception cref="LoadTestConfigurationException">The file is missing, is not JSON, or has invalid fields.</exception>
    public static LoadTestOptions Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LoadTestConfigurationException($"Cannot read load test file '{path}': {ex.Message}", ex);
        }

        var options = Parse(json);
        ResolveFeedPaths(options, Path.GetDirectoryName(Path.GetFullPath(path))!);
        return options;
    }

    /// <summary>Feed files are named relative to the load test file, so a test and its data move together.</summary>
    private static void ResolveFeedPaths(LoadTestOptions options, string directory)
    {
        foreach (var feed in options.Feeds)
        {
            if (feed.Path.Length > 0 && !Path.IsPathRooted(feed.Path))
            {
                feed.Path = Path.GetFullPath(Path.Combine(directory, feed.Path));
            }
        }
    }

    /// <summary>Reads and validates a load test from JSON text.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The options.</returns>
    /// <exception cref="LoadTestConfigurationException">The text is not JSON or has invalid fields.</exception>
    public static LoadTestOptions Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new LoadTestConfigurationException($"The load test is not valid JSON at line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}: {Internal.JsonMessages.WithoutPosition(ex.Message)}", ex);
        }

        using (document)
        {
            var reader = new OptionsReader();
            var options = reader.Read(document.RootElement);
            var errors = reader.Errors;
            if (errors.Count == 0)
            {
                errors.AddRange(Validate(options));
            }

            return errors.Count == 0 ? options : throw new LoadTestConfigurationException(errors);
        }
    }

    /// <summary>Checks options built in code or read from JSON; each error starts with the field's JSON path.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The errors; empty when the options are valid.</returns>
    public static IReadOnlyList<string> Validate(LoadTestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OptionsValidator.Validate(options);
    }

    /// <summary>Reads the JSON by hand, so every type error carries its JSON path and units convert in one place.</summary>
    private sealed class OptionsReader
    {
        public List<string> Errors { get; } = [];

        public LoadTestOptions Read(JsonElement root)
        {
            var options = new LoadTestOptions();
            if (root.ValueKind != JsonValueKind.Object)
            {
                Errors.Add("$ must be a JSON object");
                return options;
            }

            foreach (var p in root.EnumerateObject())
            {
                var path = p.Name;
                if (ReadLoad(p, path, options))
                {
                    continue;
                }

                switch (p.Name)
                {
                    case "testName": options.TestName = String(p.Value, path) ?? options.TestName; break;
                    case "reportingInterval": options.ReportingInterval = Seconds(p.Value, path) ?? options.ReportingInterval; break;
                    case "gracefulStop": options.GracefulStop = Seconds(p.Value, path) ?? options.GracefulStop; break;
                    case "stepTimeout": options.StepTimeout = Seconds(p.Value, path) ?? options.StepTimeout; break;
                    case "analyzeBreakpoints": options.AnalyzeBreakpoints = Bool(p.Value, path) ?? options.AnalyzeBreakpoints; break;
                    case "randomSeed": options.RandomSeed = Int(p.Value, path); break;
                    case "segment": options.Segment = Segment(p.Value, path); break;
                    case "scenarios": ReadScenarios(p.Value, path, options.Scenarios); break;
                    case "thresholds": ReadArray(p.Value, path, (e, ep) => ReadThreshold(e, ep, options.Thresholds)); break;
                    case "sloTargets": options.SloTargets = ReadSlo(p.Value, path); break;
                    case "feeds": ReadArray(p.Value, path, (e, ep) => ReadFeed(e, ep, options.Feeds)); break;
                    case "monitor": options.Monitor = ReadMonitor(p.Value, path); break;
                    default: Unknown(path, "testName, executor, duration, concurrentUsers, rate, rampUpPeriod, coolDownPeriod, startTarget, stages, preAllocatedUsers, maxUsers, scenarios, feeds, sloTargets, thresholds, reportingInterval, gracefulStop, stepTimeout, segment, analyzeBreakpoints, randomSeed, monitor"); break;
                }
            }

            return options;
        }

        /// <summary>Reads one executor figure of the test or of a scenario; <see langword="false"/> when the property is not one.</summary>
        private bool ReadLoad(JsonProperty p, string path, LoadShapeOptions load)
        {
            switch (p.Name)
            {
                case "executor": load.Model = Model(p.Value, path); break;
                case "duration": load.Duration = Seconds(p.Value, path) ?? load.Duration; break;
                case "concurrentUsers": load.ConcurrentUsers = Int(p.Value, path) ?? load.ConcurrentUsers; break;
                case "rate": load.Rate = Number(p.Value, path) ?? load.Rate; break;
                case "rampUpPeriod": load.RampUpPeriod = Seconds(p.Value, path) ?? load.RampUpPeriod; break;
                case "coolDownPeriod": load.CoolDownPeriod = Seconds(p.Value, path) ?? load.CoolDownPeriod; break;
                case "startTarget": load.StartTarget = Number(p.Value, path) ?? load.StartTarget; break;
                case "preAllocatedUsers": load.PreAllocatedUsers = Int(p.Value, path) ?? load.PreAllocatedUsers; break;
                case "maxUsers": load.MaxUsers = Int(p.Value, path) ?? load.MaxUsers; break;
                case "stages": ReadArray(p.Value, path, (e, ep) => ReadStage(e, ep, load.Stages)); break;
                default: return false;
            }

            return true;
        }

        /// <summary>An array of scenarios, or (as k6 writes them) an object whose property names are the scenarios' names.</summary>
        private void ReadScenarios(JsonElement e, string path, IList<ScenarioOptions> scenarios)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                ReadArray(e, path, (se, sp) => ReadScenario(se, sp, scenarios, name: null));
                return;
            }

            foreach (var p in e.EnumerateObject())
            {
                ReadScenario(p.Value, $"{path}.{p.Name}", scenarios, p.Name);
            }
        }

        private void ReadTags(JsonElement e, string path, IDictionary<string, string> tags)
        {
            if (!IsObject(e, path))
            {
                return;
            }

            foreach (var p in e.EnumerateObject())
            {
                if (String(p.Value, $"{path}.{p.Name}") is { } value)
                {
                    tags[p.Name] = value;
                }
            }
        }

        private void ReadStage(JsonElement e, string path, IList<LoadStage> stages)
        {
            if (!IsObject(e, path))
            {
                return;
            }

            TimeSpan? duration = null;
            double? target = null;
            foreach (var p in e.EnumerateObject())
            {
                var pp = $"{path}.{p.Name}";
                switch (p.Name)
                {
                    case "duration": duration = Seconds(p.Value, pp); break;
                    case "target": target = Number(p.Value, pp); break;
                    default: Unknown(pp, "duration, target"); break;
                }
            }

            if (duration is null)
            {
                Errors.Add($"{path}.duration is required (seconds)");
            }

            if (target is null)
            {
                Errors.Add($"{path}.target is required");
            }

            stages.Add(new LoadStage(duration ?? TimeSpan.Zero, target ?? 0));
        }

        private void ReadScenario(JsonElement e, string path, IList<ScenarioOptions> scenarios, string? name)
        {
            if (!IsObject(e, path))
            {
                return;
            }

            var scenario = new ScenarioOptions { Name = name ?? "" };
            var executor = new ExecutorOptions();
            string? loadField = null;
            var hasExecutor = false;
            foreach (var p in e.EnumerateObject())
            {
                var pp = $"{path}.{p.Name}";
                if (ReadLoad(p, pp, executor))
                {
                    hasExecutor |= p.Name == "executor";
                    loadField ??= pp;
                    continue;
                }

                switch (p.Name)
                {
                    case "name" when name is null: scenario.Name = String(p.Value, pp) ?? ""; break;
                    case "weight": scenario.Weight = Number(p.Value, pp) ?? scenario.Weight; break;
                    case "thinkTime": scenario.ThinkTime = ReadThinkTime(p.Value, pp); break;
                    case "pacing": scenario.Pacing = Seconds(p.Value, pp); break;
                    case "startTime": executor.StartTime = Seconds(p.Value, pp) ?? executor.StartTime; loadField ??= pp; break;
                    case "tags": ReadTags(p.Value, pp, scenario.Tags); break;
                    case "steps": ReadArray(p.Value, pp, (se, sp) => ReadStep(se, sp, scenario.Steps)); break;
                    default: Unknown(pp, $"{(name is null ? "name, " : "")}weight, thinkTime, pacing, tags, steps, and for a scenario with its own executor: executor, startTime, duration, concurrentUsers, rate, rampUpPeriod, coolDownPeriod, startTarget, stages, preAllocatedUsers, maxUsers"); break;
                }
            }

            if (hasExecutor)
            {
                scenario.Executor = executor;
            }
            else if (loadField is not null)
            {
                Errors.Add($"{loadField} applies to a scenario with its own executor; add {path}.executor ({string.Join(", ", LoadModels.Names)}) or move it to the top level");
            }

            scenarios.Add(scenario);
        }

        private ThinkTime? ReadThinkTime(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Number)
            {
                return Seconds(e, path) is { } fixedTime ? LoadTesting.ThinkTime.Fixed(fixedTime) : null;
            }

            if (e.ValueKind != JsonValueKind.Object)
            {
                Errors.Add($"{path} must be seconds or {{\"min\": seconds, \"max\": seconds}}");
                return null;
            }

            TimeSpan? min = null, max = null;
            foreach (var p in e.EnumerateObject())
            {
                var pp = $"{path}.{p.Name}";
                switch (p.Name)
                {
                    case "min": min = Seconds(p.Value, pp); break;
                    case "max": max = Seconds(p.Value, pp); break;
                    default: Unknown(pp, "min, max"); break;
                }
            }

            return new ThinkTime(min ?? TimeSpan.Zero, max ?? min ?? TimeSpan.Zero);
        }

        private void ReadStep(JsonElement e, string path, IList<StepOptions> steps)
        {
            if (!IsObject(e, path))
            {
                return;
            }

            var step = new StepOptions();
            foreach (var p in e.EnumerateObject())
            {
                var pp = $"{path}.{p.Name}";
                switch (p.Name)
                {
                    case "name": step.Name = String(p.Value, pp) ?? ""; break;
                    case "type": step.Type = String(p.Value, pp) ?? ""; break;
                    case "timeout": step.Timeout = Seconds(p.Value, pp); break;
                    case "tags": ReadTags(p.Value, pp, step.Tags); break;
                    case "parameters":
                        if (IsObject(p.Value, pp))
                        {
                            step.Parameters = p.Value.Clone();
                        }

                        break;
                    default: Unknown(pp, "name, type, parameters, timeout, tags"); break;
                }
            }

            steps.Add(step);
        }

        private void ReadThreshold(JsonElement e, string path, IList<ThresholdOptions> thresholds)
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                thresholds.Add(new ThresholdOptions { Expression = e.GetString()! });
                return;
            }

            if (e.ValueKind != JsonValueKind.Object)
            {
                Errors.Add($"{path} must be an expression string such as \"p(95)<2000\" or an object with expression, step, abortOnFail, delayAbortEval");
                return;
            }

            var threshold = new ThresholdOptions();
            foreach (var p in e.EnumerateObject())
            {
                var pp = $"{path}.{p.Name}";
                switch (p.Name)
                {
                    case "expression": threshold.Expression = String(p.Value, pp) ?? ""; break;
                    case "step": threshold.Step = String(p.Value, pp); break;
                    case "abortOnFail": threshold.AbortOnFail = Bool(p.Value, pp) ?? false; break;
                    case "delayAbortEval": threshold.DelayAbortEvaluation = Seconds(p.Value, pp) ?? threshold.DelayAbortEvaluation; break;
                    default: Unknown(pp, "expression, step, abortOnFail, delayAbortEval"); break;
                }
            }

            thresholds.Add(threshold);
        }

        private void ReadFeed(JsonElement e, string path, IList<FeedOptions> feeds)
        {
            if (!IsObject(e, path))
            {
                return;
            }

            var feed = new FeedOptions();
            foreach (var p in e.EnumerateObject())
            {
                var pp = $"{path}.{p.Name}";
                switch (p.Name)
                {
                    case "name": feed.Name = String(p.Value, pp) ?? ""; break;
                    case "path": feed.Path = String(p.Value, pp) ?? ""; break;
                    case "format": feed.Format = Choice(p.Value, pp, FeedFormats); break;
                    case "mode": feed.Mode = Choice(p.Value, pp, FeedModes) ?? feed.Mode; break;
                    case "order": feed.Order = Choice(p.Value, pp, FeedOrders) ?? feed.Order; break;
                    default: Unknown(pp, "name, path, format, mode, order"); break;
                }
            }

            feeds.Add(feed);
        }

        private static readonly Dictionary<string, FeedFormat> FeedFormats = new(StringComparer.OrdinalIgnoreCase) { ["csv"] = FeedFormat.Csv, ["jsonl"] = FeedFormat.JsonLines, ["ndjson"] = FeedFormat.JsonLines };
        private static readonly Dictionary<string, FeedMode> FeedModes = new(StringComparer.OrdinalIgnoreCase) { ["shared"] = FeedMode.Shared, ["perUser"] = FeedMode.PerUser };
        private static readonly Dictionary<string, FeedOrder> FeedOrders = new(StringComparer.OrdinalIgnoreCase) { ["circular"] = FeedOrder.Circular, ["sequential"] = FeedOrder.Sequential, ["random"] = FeedOrder.Random };

        private T? Choice<T>(JsonElement e, string path, Dictionary<string, T> choices)
            where T : struct
        {
            var text = String(e, path);
            if (text is null)
            {
                return null;
            }

            if (choices.TryGetValue(text, out var value))
            {
                return value;
            }

            Errors.Add($"{path} '{text}' is not one of {string.Join(", ", choices.Keys)}");
            return null;
        }

        private SloTargets? ReadSlo(JsonElement e, string path)
        {
            if (!IsObject(e, path))
            {
                return null;
            }

            var slo = new SloTargets();
            foreach (var p in e.EnumerateObject())
            {
                var pp = $"{path}.{p.Name}";
                var value = Number(p.Value, pp);
                slo = p.Name switch
                {
                    "maxResponseTimeP50" => slo with { MaxResponseTimeP50 = Millis(value) },
                    "maxResponseTimeP90" => slo with { MaxResponseTimeP90 = Millis(value) },
                    "maxResponseTimeP95" => slo with { MaxResponseTimeP95 = Millis(value) },
                    "maxResponseTimeP99" => slo with { MaxResponseTimeP99 = Millis(value) },
                    "maxErrorRate" => slo with { MaxErrorRate = value / 100 },
                    "minThroughput" => slo with { MinThroughput = value },
                    "minAvailability" => slo with { MinAvailability = value / 100 },
                    _ => UnknownSlo(pp, slo),
                };
            }

            return slo;
        }

        private TargetMonitorOptions? ReadMonitor(JsonElement e, string path)
        {
            if (!IsObject(e, path))
            {
                return null;
            }

            var monitor = new TargetMonitorOptions();
            foreach (var p in e.EnumerateObject())
            {
                var pp = $"{path}.{p.Name}";
                switch (p.Name)
                {
                    case "metrics":
                        var url = String(p.Value, pp);
                        monitor.MetricsUrl = url is null ? null : Uri.TryCreate(url, UriKind.RelativeOrAbsolute, out var uri) ? uri : null;
                        if (url is not null && monitor.MetricsUrl is null)
                        {
                            Errors.Add($"{pp} must be an absolute http:// or https:// URL (was '{url}')");
                        }

                        break;
                    case "pid": monitor.ProcessId = Int(p.Value, pp); break;
                    case "sampleInterval": monitor.SampleInterval = Seconds(p.Value, pp) ?? monitor.SampleInterval; break;
                    case "warmUp": monitor.WarmUp = Seconds(p.Value, pp); break;
                    case "maxGrowthMBPerMinute": monitor.MaxGrowthPerMinute = Number(p.Value, pp) * 1024 * 1024 ?? monitor.MaxGrowthPerMinute; break;
                    case "minRSquared": monitor.MinRSquared = Number(p.Value, pp) ?? monitor.MinRSquared; break;
                    case "failOnLeak": monitor.FailOnLeak = Bool(p.Value, pp) ?? false; break;
                    case "trace": monitor.TraceFile = String(p.Value, pp); break;
                    default: Unknown(pp, "metrics, pid, sampleInterval, warmUp, maxGrowthMBPerMinute, minRSquared, failOnLeak, trace"); break;
                }
            }

            return monitor;
        }

        private SloTargets UnknownSlo(string path, SloTargets slo)
        {
            Unknown(path, "maxResponseTimeP50, maxResponseTimeP90, maxResponseTimeP95, maxResponseTimeP99 (ms), maxErrorRate, minAvailability (percent), minThroughput (per second)");
            return slo;
        }

        private static TimeSpan? Millis(double? ms) => ms is { } v ? TimeSpan.FromMilliseconds(v) : null;

        private void ReadArray(JsonElement e, string path, Action<JsonElement, string> read)
        {
            if (e.ValueKind != JsonValueKind.Array)
            {
                Errors.Add($"{path} must be an array");
                return;
            }

            var i = 0;
            foreach (var item in e.EnumerateArray())
            {
                read(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"));
            }
        }

        private bool IsObject(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            Errors.Add($"{path} must be a JSON object");
            return false;
        }

        private void Unknown(string path, string known) => Errors.Add($"{path} is not a known property; known here: {known}");

        private string? String(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                return e.GetString();
            }

            Errors.Add($"{path} must be a string");
            return null;
        }

        private double? Number(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var value) && double.IsFinite(value))
            {
                return value;
            }

            Errors.Add($"{path} must be a number");
            return null;
        }

        private int? Int(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value))
            {
                return value;
            }

            Errors.Add($"{path} must be a whole number");
            return null;
        }

        private bool? Bool(JsonElement e, string path)
        {
            if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return e.GetBoolean();
            }

            Errors.Add($"{path} must be true or false");
            return null;
        }

        /// <summary>A duration: a number of seconds or a string such as "30s", "5m", "1h30m" or "00:01:30".</summary>
        private TimeSpan? Seconds(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                if (DurationText.TryParse(e.GetString(), out var parsed))
                {
                    return parsed;
                }

                Errors.Add($"{path} must be a number of seconds or a duration such as {DurationText.Examples} (was '{e.GetString()}')");
                return null;
            }

            if (e.ValueKind != JsonValueKind.Number)
            {
                Errors.Add($"{path} must be a number of seconds or a duration such as {DurationText.Examples}");
                return null;
            }

            var value = Number(e, path);
            if (value is { } v && Math.Abs(v) > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                Errors.Add($"{path} is out of range");
                return null;
            }

            return value is { } s ? TimeSpan.FromSeconds(s) : null;
        }

        private LoadModel Model(JsonElement e, string path)
        {
            var text = String(e, path);
            if (text is not null && LoadModels.TryParse(text, out var model))
            {
                return model;
            }

            if (text is not null)
            {
                Errors.Add($"{path} '{text}' is not a load model; use {string.Join(", ", LoadModels.Names)}");
            }

            return LoadModel.ConstantVus;
        }

        private ExecutionSegment Segment(JsonElement e, string path)
        {
            var text = String(e, path);
            try
            {
                return text is null ? ExecutionSegment.Full : ExecutionSegment.Parse(text);
            }
            catch (FormatException ex)
            {
                Errors.Add($"{path}: {ex.Message}");
                return ExecutionSegment.Full;
            }
        }
    }
}
