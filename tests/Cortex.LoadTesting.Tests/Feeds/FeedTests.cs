using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;
using Cortex.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.LoadTesting.Tests.Feeds;

public sealed class FeedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cortex-feeds-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task SharedCsvFeed_ThreeUsersSequential_EveryRowSentOnceThenTheRunStops()
    {
        await using var target = await RecordingTarget.StartAsync(_ => (200, "{}"), Ct);
        var rows = Enumerable.Range(0, 12).Select(i => $"{i},user{i}").ToList();
        rows[5] = "5,\"Smith, Jo\"";
        File.WriteAllLines(Path.Combine(_dir, "users.csv"), ["id,name", .. rows]);
        var config = Config(
            """{ "name": "users", "path": "users.csv", "order": "sequential" }""",
            "constant-vus", 3,
            $$"""{ "url": "{{target.Url("login?id={feed.users.id}")}}", "method": "POST", "body": "{feed.users.name}" }""");

        var result = await RunAsync(config);

        Assert.Equal(LoadTestStatus.Stopped, result.Status);
        Assert.Contains("feed 'users' ran out of rows", result.StopReason, StringComparison.Ordinal);
        var expected = Enumerable.Range(0, 12).Select(i => $"/login?id={i}  {(i == 5 ? "Smith, Jo" : "user" + i)}").Order();
        Assert.Equal(expected, target.Received.Order());
        Assert.Equal(12, result.Requests.Count);
    }

    [Fact]
    public async Task SharedCsvFeed_Circular_WrapsAndUsesEveryRow()
    {
        await using var target = await RecordingTarget.StartAsync(_ => (200, "{}"), Ct);
        File.WriteAllLines(Path.Combine(_dir, "ids.csv"), ["id", "a", "b", "c"]);
        var config = Config("""{ "name": "ids", "path": "ids.csv" }""", "constant-vus", 2, $$"""{ "url": "{{target.Url("x/{feed.ids.id}")}}" }""", duration: 1);

        var result = await RunAsync(config);

        Assert.Equal(LoadTestStatus.Completed, result.Status);
        Assert.True(target.Received.Count > 3, $"{target.Received.Count} requests");
        var counts = target.Received.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["/x/a", "/x/b", "/x/c"], counts.Keys.Order());

        // One cursor shared by both users: the rows are used in turn, so their counts differ by at most the iterations in flight at the end.
        Assert.InRange(counts.Values.Max() - counts.Values.Min(), 0, 3);
    }

    [Fact]
    public async Task PerUserFeed_ThreeUsers_EachUserGetsOnlyItsOwnRows()
    {
        await using var target = await RecordingTarget.StartAsync(_ => (200, "{}"), Ct);
        File.WriteAllLines(Path.Combine(_dir, "accounts.csv"), ["account", .. Enumerable.Range(0, 7).Select(i => "acct" + i)]);
        var config = Config(
            """{ "name": "accounts", "path": "accounts.csv", "mode": "perUser" }""",
            "constant-vus", 3,
            $$"""{ "url": "{{target.Url("a/{feed.accounts.account}")}}", "headers": { "X-Vu": "{user}" } }""",
            duration: 1);

        var result = await RunAsync(config);

        Assert.Equal(0, result.Requests.Errors);
        var seen = target.Received.Select(r => r.Split(' ')).Select(p => (Account: int.Parse(p[0]["/a/acct".Length..], System.Globalization.CultureInfo.InvariantCulture), User: int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).Distinct().ToList();

        // User u owns rows u, u+3, u+6: no row is ever used by two users, and every user's rows are its own.
        Assert.All(seen, s => Assert.Equal(s.User, s.Account % 3));
        Assert.Equal(3, seen.Select(s => s.User).Distinct().Count());
        Assert.Equal(seen.Count, seen.Select(s => s.Account).Distinct().Count());
    }

    [Fact]
    public async Task JsonLinesFeed_Sequential_FillsTheBodyFromEveryLine()
    {
        await using var target = await RecordingTarget.StartAsync(_ => (200, "{}"), Ct);
        File.WriteAllLines(Path.Combine(_dir, "queries.jsonl"), ["""{"q":"alpha","k":3}""", "", """{"q":"beta gamma","k":10}""", """{"q":"delta","k":1,"extra":true}"""]);
        var config = Config(
            """{ "name": "queries", "path": "queries.jsonl", "order": "sequential" }""",
            "constant-vus", 2,
            $$"""{ "url": "{{target.Url("find")}}", "method": "POST", "body": { "query": "{feed.queries.q}", "limit": "{feed.queries.k}" } }""");

        var result = await RunAsync(config);

        Assert.Equal(LoadTestStatus.Stopped, result.Status);
        Assert.Equal(
            ["""/find  {"query":"alpha","limit":"3"}""", """/find  {"query":"beta gamma","limit":"10"}""", """/find  {"query":"delta","limit":"1"}"""],
            target.Received.Order());
    }

    [Fact]
    public async Task SharedFeed_TwoSegments_TakeDisjointRowsThatTogetherCoverTheFile()
    {
        await using var target = await RecordingTarget.StartAsync(_ => (200, "{}"), Ct);
        File.WriteAllLines(Path.Combine(_dir, "ids.csv"), ["id", .. Enumerable.Range(0, 7).Select(i => "r" + i)]);
        var config = Config("""{ "name": "ids", "path": "ids.csv", "order": "sequential" }""", "constant-vus", 2, $$"""{ "url": "{{target.Url("s/{feed.ids.id}")}}", "headers": { "X-Vu": "{user}" } }""");
        var first = LoadTestConfiguration.Load(config);
        first.Segment = ExecutionSegment.Parse("1/2");
        var second = LoadTestConfiguration.Load(config);
        second.Segment = ExecutionSegment.Parse("2/2");

        var results = await Task.WhenAll(RunAsync(first), RunAsync(second));

        Assert.All(results, r => Assert.Equal(LoadTestStatus.Stopped, r.Status));
        var rows = target.Received.Select(r => r.Split(' ')).ToLookup(p => p[1], p => p[0]);
        Assert.Equal(["/s/r0", "/s/r2", "/s/r4", "/s/r6"], rows["0"].Order());
        Assert.Equal(["/s/r1", "/s/r3", "/s/r5"], rows["1"].Order());
    }

    [Fact]
    public async Task Feed_FileDeletedAfterStart_RunStillUsesItsRows()
    {
        await using var target = await RecordingTarget.StartAsync(_ => (200, "{}"), Ct);
        File.WriteAllLines(Path.Combine(_dir, "ids.csv"), ["id", "a", "b"]);
        var config = Config("""{ "name": "ids", "path": "ids.csv", "order": "sequential" }""", "constant-vus", 1, $$"""{ "url": "{{target.Url("d/{feed.ids.id}")}}" }""");
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());
        var framework = host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(LoadTestConfiguration.Load(config));

        // Read once when the test is created: the run never opens the file again.
        File.Delete(Path.Combine(_dir, "ids.csv"));
        var result = await framework.ExecuteAsync(Ct);

        Assert.Equal(0, result.Requests.Errors);
        Assert.Equal(["/d/a", "/d/b"], target.Received.Order());
    }

    [Theory]
    [InlineData("users.csv", "id,name\n1,a\n2,b,extra\n3,c\n", "users.csv' line 3 has 3 fields; the header has 2 (id, name)")]
    [InlineData("users.jsonl", "{\"id\":1}\n{\"id\":2,\n{\"id\":3}\n", "users.jsonl' line 2 is not valid JSON")]
    [InlineData("users.jsonl", "{\"id\":1}\n\n[1,2]\n", "users.jsonl' line 3 must be a JSON object (was array)")]
    [InlineData("users.csv", "", "users.csv' is empty; its first line must name the columns")]
    public void BadFeedFile_FailsAtStartNamingTheLine(string file, string content, string expected)
    {
        File.WriteAllText(Path.Combine(_dir, file), content);
        var config = Config($$"""{ "name": "users", "path": "{{file}}" }""", "constant-vus", 1, """{ "url": "http://127.0.0.1:9/{feed.users.id}" }""");

        var ex = Assert.Throws<LoadTestConfigurationException>(() => Create(config));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("feeds[0] 'users': ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "url": "http://127.0.0.1:9/{feed.people.id}" }""", "{feed.people.id} names no feed; feeds: users")]
    [InlineData("""{ "url": "http://127.0.0.1:9/{feed.users.email}" }""", "{feed.users.email} names no column of feed 'users'; its columns: id, name")]
    [InlineData("""{ "url": "http://127.0.0.1:9/", "body": "{feed.users}" }""", "parameter 'body' {feed.users} must be written {feed.NAME.COLUMN}")]
    public void UnknownFeedOrColumn_FailsAtStartNamingIt(string parameters, string expected)
    {
        File.WriteAllLines(Path.Combine(_dir, "users.csv"), ["id,name", "1,a"]);
        var config = Config("""{ "name": "users", "path": "users.csv" }""", "constant-vus", 1, parameters);

        var ex = Assert.Throws<LoadTestConfigurationException>(() => Create(config));

        Assert.Contains(expected, Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFeedFile_FailsAtStartNamingTheFileRelativeToTheConfig()
    {
        var config = Config("""{ "name": "users", "path": "data/users.csv" }""", "constant-vus", 1, """{ "url": "http://127.0.0.1:9/{feed.users.id}" }""");

        var ex = Assert.Throws<LoadTestConfigurationException>(() => Create(config));

        Assert.Equal($"feeds[0] 'users': file '{Path.Combine(_dir, "data", "users.csv")}' does not exist", Assert.Single(ex.Errors));
    }

    [Fact]
    public void PerUserFeed_FewerRowsThanUsers_FailsAtStart()
    {
        File.WriteAllLines(Path.Combine(_dir, "users.csv"), ["id", "1", "2"]);
        var config = Config("""{ "name": "users", "path": "users.csv", "mode": "perUser" }""", "constant-vus", 5, """{ "url": "http://127.0.0.1:9/{feed.users.id}" }""");

        var ex = Assert.Throws<LoadTestConfigurationException>(() => Create(config));

        Assert.Contains("perUser needs a row for each of the test's 5 virtual users", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    /// <summary>Writes a load test of one http step with one feed beside its data files and returns its path.</summary>
    private string Config(string feed, string executor, int users, string parameters, double duration = 30)
    {
        var path = Path.Combine(_dir, "test.json");
        File.WriteAllText(path, string.Create(System.Globalization.CultureInfo.InvariantCulture, $$"""
        {
          "testName": "feeds",
          "executor": "{{executor}}",
          "concurrentUsers": {{users}},
          "duration": {{duration}},
          "reportingInterval": 0.25,
          "gracefulStop": 5,
          "feeds": [ {{feed}} ],
          "scenarios": [ { "name": "s", "steps": [ { "name": "call", "type": "http", "parameters": {{parameters}} } ] } ]
        }
        """));
        return path;
    }

    private static LoadTestFramework Create(string config)
    {
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());
        return host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(LoadTestConfiguration.Load(config));
    }

    private static Task<LoadTestResult> RunAsync(string config) => RunAsync(LoadTestConfiguration.Load(config));

    private static async Task<LoadTestResult> RunAsync(LoadTestOptions options)
    {
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());
        return await host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(options).ExecuteAsync(Ct);
    }
}
