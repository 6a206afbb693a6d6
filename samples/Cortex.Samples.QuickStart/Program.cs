using Cortex.Samples.QuickStart;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;   // the first Ctrl+C stops the load test gracefully; the reports are still written
    cancel.Cancel();
};

return await QuickStartApp.RunAsync(args, Console.Out, cancel.Token);
