using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cortex.Testing.Redis;
using Cortex.Tests.Shared;
using StackExchange.Redis;

namespace Cortex.Testing.Tests.Redis;

public sealed class RedisTestServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_SetThenGet_RoundTripsThroughStackExchangeRedis()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = mux.GetDatabase();

        await db.StringSetAsync("greeting", "hello");

        Assert.Equal("hello", (string?)await db.StringGetAsync("greeting"));
        Assert.Equal("127.0.0.1", redis.Host);
        Assert.True(redis.IsRunning);
        Assert.StartsWith($"127.0.0.1:{redis.Port}", redis.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseAsync_ConnectedClient_CommandTimesOutThenResumeAnswersIt()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",asyncTimeout=500");
        var db = mux.GetDatabase();
        await db.StringSetAsync("kept", "1");

        await redis.PauseAsync();

        Assert.True(redis.IsPaused);
        Assert.True(redis.IsRunning);
        Assert.True(mux.IsConnected);
        await Assert.ThrowsAsync<RedisTimeoutException>(() => db.StringGetAsync("kept"));

        await redis.ResumeAsync();

        Assert.False(redis.IsPaused);
        Assert.Equal("1", (string?)await db.StringGetAsync("kept"));
    }

    [Fact]
    public async Task PauseAsync_ThenDispose_KillsThePausedProcess()
    {
        var redis = await RedisRequirement.StartRedisOrSkipAsync();
        var id = redis.ProcessId!.Value;
        await redis.PauseAsync();

        await redis.DisposeAsync();

        Assert.Throws<ArgumentException>(() => Process.GetProcessById(id));
    }

    [Fact]
    public async Task StopAsync_ThenStartAsync_ServesAgainOnTheSamePortWithEmptyData()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        var port = redis.Port;
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = mux.GetDatabase();
        await db.StringSetAsync("before", "1");

        await redis.StopAsync();

        Assert.False(redis.IsRunning);
        await Assert.ThrowsAnyAsync<RedisException>(() => db.StringSetAsync("during", "1"));
        await AssertRefusesAsync(port);

        await redis.StartAsync(Ct);

        Assert.Equal(port, redis.Port);
        Assert.True(redis.IsRunning);
        // The multiplexer reconnects on its own heartbeat; bounded wait rather than a fixed sleep.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await db.StringSetAsync("after", "2");
                break;
            }
            catch (RedisException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100, Ct);
            }
        }

        Assert.Equal("2", (string?)await db.StringGetAsync("after"));
        Assert.False(await db.KeyExistsAsync("before"), "persistence is off, so a restart starts empty");
    }

    [Fact]
    public async Task DisposeAsync_KillsTheProcessAndDeletesItsFolder()
    {
        var redis = await RedisRequirement.StartRedisOrSkipAsync();
        var pid = redis.ProcessId!.Value;
        var folder = redis.WorkingDirectory;
        Assert.True(File.Exists(Path.Combine(folder, "redis.pid")), "redis-server writes its pidfile into the temp folder");

        await redis.DisposeAsync();

        Assert.False(IsAlive(pid), $"redis-server {pid} is still running after dispose");
        Assert.False(Directory.Exists(folder));
        await AssertRefusesAsync(redis.Port);
    }

    [Fact]
    public async Task StartAsync_ExecutableMissing_ThrowsWithInstallHint()
    {
        var options = new RedisTestServerOptions { ExecutablePath = "/nonexistent/redis-server" };

        var ex = await Assert.ThrowsAsync<RedisServerNotFoundException>(() => RedisTestServer.StartAsync(options, Ct));

        Assert.Contains("apt-get install redis-server", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/redis-server", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PortInUse_FailsWithRedisOutputAndLeavesNoProcess()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var before = RedisProcessCount();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RedisRequirement.StartRedisOrSkipAsync(new RedisTestServerOptions { Port = port }));

        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Address already in use", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, RedisProcessCount());
    }

    [Fact]
    public async Task StartAsync_WithPassword_RequiresItAndKeepsItOutOfToString()
    {
        const string password = "s3cret-pa55";
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync(new RedisTestServerOptions { Password = password });

        await using var authorized = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await authorized.GetDatabase().StringSetAsync("k", "v");
        await using var anonymous = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},abortConnect=false,connectTimeout=2000");

        Assert.Equal("v", (string?)await authorized.GetDatabase().StringGetAsync("k"));
        Assert.False(anonymous.IsConnected);
        Assert.DoesNotContain(password, redis.ToString(), StringComparison.Ordinal);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int RedisProcessCount() => Process.GetProcessesByName("redis-server").Length;

    private static async Task AssertRefusesAsync(int port)
    {
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(async () => await client.ConnectAsync(IPAddress.Loopback, port, Ct));
    }
}
