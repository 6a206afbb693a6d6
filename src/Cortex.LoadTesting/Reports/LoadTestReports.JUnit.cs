using System.Globalization;
using System.Xml.Linq;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Reports;

public static partial class LoadTestReports
{
    /// <summary>
    /// Writes JUnit XML for CI: one <c>testsuite</c> named after the test, with one <c>testcase</c> per threshold or SLO
    /// target (class name <c>thresholds</c>, or the step it applies to) that has a <c>failure</c> when it did not hold.
    /// A run without thresholds has a single <c>run completed</c> case that fails when the run was aborted. The suite's
    /// time is the run's duration; the cases have none of their own, since every threshold is judged over the whole run.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <returns>The XML text.</returns>
    public static string ToJUnitXml(LoadTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var time = Invariant(result.Duration.TotalSeconds);
        var cases = result.Thresholds.Count > 0
            ? result.Thresholds.Select(t => new XElement(
                "testcase",
                new XAttribute("classname", t.Step ?? "thresholds"),
                new XAttribute("name", t.Step is null ? t.Expression : $"{t.Expression} [{t.Step}]"),
                t.Passed ? null : Failure($"observed {ReportContent.Number(t.Observed)}", t.CausedAbort ? "the run was aborted by this threshold" : null)))
            : [new XElement(
                "testcase",
                new XAttribute("classname", "run"),
                new XAttribute("name", "run completed"),
                result.Status == LoadTestStatus.Aborted ? Failure("aborted", result.StopReason) : null)];
        var testCases = cases.ToList();
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", result.TestName),
            new XAttribute("tests", testCases.Count),
            new XAttribute("failures", testCases.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", 0),
            new XAttribute("time", time),
            new XAttribute("timestamp", result.StartedAt.UtcDateTime.ToString("s", CultureInfo.InvariantCulture)),
            new XElement(
                "properties",
                Property("model", ReportJson.Name(result.Model)),
                Property("status", ReportJson.Name(result.Status)),
                Property("segment", result.Segment.ToString()),
                Property("requests", Invariant(result.Requests.Count)),
                Property("errorRate", Invariant(result.Requests.ErrorRate)),
                Property("p95Ms", Invariant(result.Requests.Latency.P95))),
            testCases);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), suite).Declaration + "\n" + suite + "\n";
    }

    private static XElement Failure(string message, string? detail) =>
        new("failure", new XAttribute("message", message), new XAttribute("type", "threshold"), detail);

    private static XElement Property(string name, string value) => new("property", new XAttribute("name", name), new XAttribute("value", value));

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
