using System.Net;
using System.Net.Sockets;
using System.Text;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

/// <summary>
/// Server-Sent Events framed as a server or proxy may legally frame them, which ZaiTestServer (one <c>data:</c> line per
/// event) never does: comments, CRLF line ends, an event's data over several <c>data:</c> lines, and events split across
/// TCP writes. Served byte for byte over a real socket.
/// </summary>
public sealed class StreamFramingTests
{
    [Fact]
    public async Task StreamCompletionAsync_CommentsMultiLineDataAndSplitWrites_YieldsTheChunks()
    {
        string[] pieces =
        [
            ": keep-alive\r\n\r\n",
            "event: message\r\ndata: {\"id\":\"a\",\"model\":\"glm-4.6\",",
            "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\r\n",
            "\r\n",
            // One event's JSON over three data: lines; they join with a newline, which JSON reads as whitespace.
            "data: {\"id\":\"a\",\r\ndata: \"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\r\n",
            "data: \"finish_reason\":\"stop\"}]}\r\n\r\n",
            ": done soon\n\nda",
            "ta: [DONE]\n\n",
        ];
        await using var server = await RawSseServer.StartAsync(pieces);
        using var client = new ZaiOptimizedClient(
            new HttpClient(),
            new ZaiClientOptions { ApiKey = "k", BaseUrl = server.BaseUrl, RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero });

        var content = new StringBuilder();
        string? finish = null;
        var count = 0;
        await foreach (var chunk in client.StreamCompletionAsync(Deterministic("framing"), Ct))
        {
            count++;
            content.Append(chunk.Choices[0].Delta?.Content);
            finish = chunk.Choices[0].FinishReason ?? finish;
        }

        Assert.Equal(2, count);
        Assert.Equal("Hello", content.ToString());
        Assert.Equal("stop", finish);
    }

    /// <summary>Answers one HTTP request with <c>text/event-stream</c>, writing each piece on its own, then closes.</summary>
    private sealed class RawSseServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Task _serving;

        private RawSseServer(TcpListener listener, string[] pieces)
        {
            _listener = listener;
            _serving = Task.Run(() => ServeAsync(pieces));
        }

        public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/api/paas/v4";

        public static Task<RawSseServer> StartAsync(string[] pieces)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return Task.FromResult(new RawSseServer(listener, pieces));
        }

        private async Task ServeAsync(string[] pieces)
        {
            using var socket = await _listener.AcceptSocketAsync(Ct);
            socket.NoDelay = true;
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await ReadRequestAsync(stream);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"u8.ToArray(), Ct);
            foreach (var piece in pieces)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(piece), Ct);
                await stream.FlushAsync(Ct);

                // Gives the client a chance to read each piece on its own (a read may still take several; both are legal).
                await Task.Delay(20, Ct);
            }

            socket.Shutdown(SocketShutdown.Both);
        }

        /// <summary>Reads the request head and its Content-Length body, so that closing does not reset the connection.</summary>
        private static async Task ReadRequestAsync(NetworkStream stream)
        {
            var received = new List<byte>();
            var buffer = new byte[4096];
            int headEnd;
            while ((headEnd = IndexOfHeadEnd(received)) < 0)
            {
                var n = await stream.ReadAsync(buffer, Ct);
                if (n == 0)
                {
                    return;
                }

                received.AddRange(buffer.AsSpan(0, n));
            }

            var head = Encoding.ASCII.GetString(received.ToArray(), 0, headEnd);
            var length = head.Split("\r\n")
                .Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(h => int.Parse(h["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
            var remaining = length - (received.Count - headEnd - 4);
            while (remaining > 0)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)), Ct);
                if (n == 0)
                {
                    return;
                }

                remaining -= n;
            }
        }

        private static int IndexOfHeadEnd(List<byte> bytes)
        {
            for (var i = 0; i + 3 < bytes.Count; i++)
            {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            try
            {
                await _serving.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                // The client may close first; the test's assertions are what count.
            }
        }
    }
}
