using System.Diagnostics;
using System.Globalization;
using Cortex.Slo;

// A process running one SloMonitor with a journal, for the restart tests: `fire <journal> <webhook>` records a burst of
// errors, evaluates once, and prints "LEVEL n" each time the error-rate alert reaches a new escalation level;
// `resume <journal> <webhook>` only starts a monitor on the journal, so what it sends comes from the journal. Either
// waits to be killed, for 60 s at most. Escalation: level 1 at once, 2 after 2 s, 3 after 6 s, all to the webhook.
if (args.Length != 3 || args[0] is not ("fire" or "resume"))
{
    await Console.Error.WriteLineAsync("usage: fire|resume <journal directory> <webhook url>");
    return 2;
}

var options = SloPresets.Production();
options.ServiceName = "journal-child";
options.EvaluationInterval = TimeSpan.FromMinutes(1);
options.Anomaly.Enabled = false;
options.BurnRateAlerts.Clear();
options.Throughput.Min = 0;
options.Throughput.Target = 0;
options.Resources.CpuWarning = options.Resources.MemoryWarning = 0.99;
options.Resources.CpuCritical = options.Resources.MemoryCritical = 1;
options.Alerting.GroupWait = TimeSpan.Zero;
options.Alerting.Webhook.Url = new Uri(args[2]);
options.Alerting.Journal.Directory = args[1];
options.Alerting.Delivery.InitialBackoff = TimeSpan.FromMilliseconds(200);
options.Alerting.Delivery.MaxBackoff = TimeSpan.FromSeconds(1);
options.Alerting.Escalation.Clear();
foreach (var (level, delay) in new[] { (1, 0), (2, 2), (3, 6) })
{
    options.Alerting.Escalation.Add(new EscalationLevel { Level = level, Delay = TimeSpan.FromSeconds(delay), Channels = { AlertChannels.Webhook } });
}

await using var monitor = new SloMonitor(options);
await monitor.StartAsync(CancellationToken.None);
if (args[0] == "fire")
{
    for (var i = 0; i < 100; i++)
    {
        monitor.Record("checkout", TimeSpan.FromMilliseconds(5), success: false);
    }

    monitor.EvaluateNow();
}

Console.WriteLine("STARTED");
var reported = 0;
var alive = Stopwatch.StartNew();
while (alive.Elapsed < TimeSpan.FromSeconds(60))
{
    var level = monitor.GetActiveAlerts().Where(a => a.Name == "error-rate").Select(a => a.EscalationLevel).DefaultIfEmpty(0).Max();
    if (level > reported)
    {
        reported = level;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LEVEL {level}"));
    }

    await Task.Delay(50);
}

return 3;
