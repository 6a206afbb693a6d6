using System.Runtime.InteropServices;
using Cortex.LoadTesting.Cli;

// The first Ctrl+C (or SIGTERM) stops the run gracefully and still writes its reports; a second Ctrl+C ends the process.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => e.Cancel = CliApp.RequestStop(stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => c.Cancel = CliApp.RequestStop(stop));
return await CliApp.RunAsync(args, Console.Out, Console.Error, stop.Token);
