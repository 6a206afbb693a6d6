using System.Globalization;

namespace Cortex.LoadTesting.Cli.Tests;

/// <summary>Load tests of <c>delay</c> steps: they need no server, and their latency is known in advance.</summary>
internal static class Configs
{
    /// <summary>A constant-vus test of one scenario whose one step waits <paramref name="delayMs"/>, reporting every 0.25 s.</summary>
    public static string Delay(string name, double seconds, double delayMs, int users = 2, string thresholds = "[]") =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "testName": "{{name}}",
          "executor": "constant-vus",
          "concurrentUsers": {{users}},
          "duration": {{seconds}},
          "reportingInterval": 0.25,
          "gracefulStop": 5,
          "scenarios": [ { "name": "browse", "steps": [ { "name": "wait", "type": "delay", "parameters": { "duration": {{delayMs}} } } ] } ],
          "thresholds": {{thresholds}}
        }
        """);

    /// <summary>An open-model test: <paramref name="rate"/> iterations per second of a 1 ms step, reported every second (segments run side by side must start within one interval of each other to merge).</summary>
    public static string ArrivalRate(string name, double rate, double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "testName": "{{name}}",
          "executor": "constant-arrival-rate",
          "rate": {{rate}},
          "duration": {{seconds}},
          "preAllocatedUsers": 10,
          "maxUsers": 100,
          "reportingInterval": 1,
          "scenarios": [ { "name": "browse", "steps": [ { "name": "wait", "type": "delay", "parameters": { "duration": 1 } } ] } ],
          "thresholds": [ "p(95)<1000" ]
        }
        """);

    /// <summary>An open-model test of one <c>http</c> step that GETs the loopback server's <c>/ok</c>, reported every second.</summary>
    public static string HttpArrivalRate(string name, LoopbackServer target, double rate, double seconds, string thresholds) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "testName": "{{name}}",
          "executor": "constant-arrival-rate",
          "rate": {{rate}},
          "duration": {{seconds}},
          "preAllocatedUsers": 5,
          "maxUsers": 50,
          "reportingInterval": 1,
          "gracefulStop": 5,
          "scenarios": [ { "name": "get", "steps": [ { "name": "ok", "type": "http", "parameters": { "url": "{{new Uri(target.BaseUri, "ok")}}" } } ] } ],
          "thresholds": {{thresholds}}
        }
        """);
}
