using System.Runtime.InteropServices;
using Cortex.LoadTesting.Cli;

// Socket completions run on the runtime's event threads instead of a hop through the thread pool: the http step's
// continuation (the next request of the same virtual user) starts where its response arrived. On a 2-core machine
// against nginx this cut the tool's CPU per request by about a fifth (benchmarks/README.md, "Generator speed against
// wrk"). It is read once, when the first socket is created, so it is set before anything else runs; a user whose own
// steps (--steps) block on I/O turns it off with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0.
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
}

// The first Ctrl+C (or SIGTERM) stops the run gracefully and still writes its reports; a second Ctrl+C ends the process.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => e.Cancel = CliApp.RequestStop(stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => c.Cancel = CliApp.RequestStop(stop));
return await CliApp.RunAsync(args, Console.Out, Console.Error, stop.Token);
