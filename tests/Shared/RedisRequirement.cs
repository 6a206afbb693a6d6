using Cortex.Testing.Redis;

namespace Cortex.Tests.Shared;

/// <summary>
/// Starts a real redis-server for a test. Where redis-server is not installed the test is skipped with the install hint,
/// unless CORTEX_REQUIRE_REDIS=1 (as in CI), where it fails: a Redis test never passes by not running.
/// </summary>
internal static class RedisRequirement
{
    public const string RequireVariable = "CORTEX_REQUIRE_REDIS";

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true";

    public static async Task<RedisTestServer> StartRedisOrSkipAsync(RedisTestServerOptions? options = null)
    {
        try
        {
            return await RedisTestServer.StartAsync(options, TestContext.Current.CancellationToken);
        }
        catch (RedisServerNotFoundException ex) when (!IsRequired)
        {
            Assert.Skip($"{ex.Message} Set {RequireVariable}=1 to make this a failure instead of a skip.");
            throw;
        }
    }
}
