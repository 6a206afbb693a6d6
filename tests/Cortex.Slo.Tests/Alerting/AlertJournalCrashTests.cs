using System.Diagnostics;
using Cortex.Slo.Alerting;
using Cortex.Slo.Tests.Support;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>
/// The journal across a crash: a child process running a monitor is killed with SIGKILL while its notifications are
/// queued and the receiver is down; a new process on the same journal delivers them and resumes the escalation.
/// Real processes, real time (the child's clock is the system's), a real receiver.
/// </summary>
public sealed class AlertJournalCrashTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task SigKill_WithNotificationsQueuedAndReceiverDown_NextProcessDeliversEachOnceAndResumesEscalation()
    {
        using var journal = new TempDirectory();
        await using var receiver = await HttpReceiver.StartAsync(TimeProvider.System);
        await receiver.GoDownAsync();

        using (var first = await Child.StartAsync("fire", journal.Path, receiver.Url))
        {
            await first.WaitForLineAsync("LEVEL 2");
            first.Kill();
        }

        Assert.Empty(receiver.Requests);
        Assert.True(new FileInfo(Path.Combine(journal.Path, AlertJournal.FileName)).Length > 0);
        await receiver.ComeBackAsync();

        using (var second = await Child.StartAsync("resume", journal.Path, receiver.Url))
        {
            await second.WaitForLineAsync("STARTED");
            var waited = Stopwatch.StartNew();
            while (!ErrorRate(receiver).Any(r => Level(r) == "3"))
            {
                Assert.True(waited.Elapsed < Patience, $"no level-3 notification within {Patience}; received: {string.Join(", ", ErrorRate(receiver).Select(Level))}; child: {second.Output}");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            second.Kill();
        }

        var pages = ErrorRate(receiver);
        Assert.Equal(["1", "2", "3"], pages.Select(Level));
        Assert.Equal(receiver.Accepted.Count, receiver.Accepted.Select(r => r.IdempotencyKey).Distinct().Count());
        var alert = pages[2].Json.GetProperty("alerts")[0];
        var startsAt = DateTimeOffset.Parse(alert.GetProperty("startsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(pages, p => Assert.Equal(alert.GetProperty("fingerprint").GetString(), p.Json.GetProperty("alerts")[0].GetProperty("fingerprint").GetString()));
        Assert.True(pages[2].At >= startsAt + TimeSpan.FromSeconds(6), $"level 3 at {pages[2].At:O}, the alert started at {startsAt:O}");
    }

    private static List<ReceivedRequest> ErrorRate(HttpReceiver receiver) =>
        [.. receiver.Accepted.Where(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString() == "error-rate")];

    private static string? Level(ReceivedRequest request) =>
        request.Json.GetProperty("alerts")[0].GetProperty("annotations").GetProperty("escalation_level").GetString();

    /// <summary>The child process (tests/Cortex.Slo.JournalChild), its output read line by line.</summary>
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        private Child(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output => string.Join(" | ", _lines);

        public static Task<Child> StartAsync(string mode, string journal, Uri webhook)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Cortex.Slo.JournalChild.dll"), mode, journal, webhook.AbsoluteUri })
            {
                start.ArgumentList.Add(arg);
            }

            return Task.FromResult(new Child(Process.Start(start)!));
        }

        public async Task WaitForLineAsync(string line)
        {
            var waited = Stopwatch.StartNew();
            while (!_lines.Contains(line))
            {
                Assert.True(waited.Elapsed < Patience && !_process.HasExited, $"the child did not print '{line}' within {Patience} (exited: {_process.HasExited}); output: {Output}");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        /// <summary>Kills the child with SIGKILL (Process.Kill on Unix): no disposal, no flush, no goodbye.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }
    }
}
