// Started by eng/install-check.sh next to the fresh app: the Qdrant and Z.AI test servers and a real redis-server from the
// packed Cortex.Testing, on 127.0.0.1. Writes the environment the app needs to the file named by the first argument, then
// serves until SIGTERM, SIGINT or the time limit in the second argument (seconds), so that it never outlives the check.
using System.Runtime.InteropServices;
using Cortex.Testing.Qdrant;
using Cortex.Testing.Redis;
using Cortex.Testing.Zai;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: TestServers <environment file> <seconds>");
    return 2;
}

await using var qdrant = await QdrantTestServer.StartAsync();
await using var zai = await ZaiTestServer.StartAsync();
await using var redis = await RedisTestServer.StartAsync();

var environment = $"""
    QDRANT_URL={qdrant.GrpcUri}
    ZAI_API_KEY={zai.ApiKey}
    ZAI_BASE_URL={zai.BaseUri.ToString().TrimEnd('/')}
    ConnectionStrings__redis={redis.ConnectionString}

    """;
var temporary = args[0] + ".tmp";
await File.WriteAllTextAsync(temporary, environment);
File.Move(temporary, args[0], overwrite: true);
Console.WriteLine($"test servers: Qdrant {qdrant.GrpcUri}, Z.AI {zai.BaseUri}, Redis {redis.ConnectionString}");

var stop = new TaskCompletionSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
await Task.WhenAny(stop.Task, Task.Delay(TimeSpan.FromSeconds(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture))));
Console.WriteLine("test servers: stopping");
return 0;
