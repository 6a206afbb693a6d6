using System.Collections.Concurrent;
using Cortex.Abstractions.Steps;

namespace Cortex.LoadTesting.Feeds;

/// <summary>
/// A run's feeds: which row of each feed an iteration uses. The engine calls <see cref="TryBegin"/> at the start of
/// every iteration; the steps then read that iteration's values with <see cref="Value"/>, so every step of an
/// iteration sees the same row. A virtual user runs one iteration at a time, so its slot is never written concurrently.
/// </summary>
internal sealed class FeedSet
{
    private readonly Feed[] _feeds;
    private readonly int? _seed;
    private readonly ConcurrentDictionary<int, Slot> _slots = new();

    private FeedSet(Feed[] feeds, int? seed)
    {
        _feeds = feeds;
        _seed = seed;
    }

    /// <summary>Gets why the run stopped when a sequential feed ran out of rows.</summary>
    public string? Exhausted { get; private set; }

    /// <summary>Reads every feed of the test once; each problem (missing file, bad line, too few rows for per-user rows) is added to <paramref name="errors"/>.</summary>
    /// <returns>The feeds, or <see langword="null"/> when the test has none.</returns>
    public static FeedSet? Load(LoadTestOptions options, List<string> errors)
    {
        if (options.Feeds.Count == 0)
        {
            return null;
        }

        var users = PeakUsers(options);
        var feeds = new Feed[options.Feeds.Count];
        for (var i = 0; i < feeds.Length; i++)
        {
            var o = options.Feeds[i];
            var data = FeedData.TryLoad(o, out var error);
            if (data is null)
            {
                errors.Add($"feeds[{i}] '{o.Name}': {error}");
                data = new FeedData([], [[]]);
            }
            else if (o.Mode == FeedMode.PerUser && data.Rows.Length < users)
            {
                errors.Add($"feeds[{i}] '{o.Name}': perUser needs a row for each of the test's {users} virtual users; '{o.Path}' has {data.Rows.Length}");
            }

            feeds[i] = new Feed(o.Name, o.Mode, o.Order, data, users, options.Segment);
        }

        return new FeedSet(feeds, options.RandomSeed);
    }

    /// <summary>Finds <c>{feed.NAME.COLUMN}</c>'s feed and column.</summary>
    public bool TryResolve(string feed, string column, out int feedIndex, out int columnIndex, out string error)
    {
        columnIndex = -1;
        feedIndex = Array.FindIndex(_feeds, f => string.Equals(f.Name, feed, StringComparison.Ordinal));
        if (feedIndex < 0)
        {
            error = $"names no feed; feeds: {string.Join(", ", _feeds.Select(f => f.Name))}";
            return false;
        }

        var columns = _feeds[feedIndex].Data.Columns;
        columnIndex = columns.ToList().IndexOf(column);
        error = columnIndex < 0 ? $"names no column of feed '{feed}'; its columns: {string.Join(", ", columns)}" : "";
        return columnIndex >= 0;
    }

    /// <summary>Chooses this iteration's row of every feed.</summary>
    /// <returns><see langword="false"/> when a sequential feed has no rows left (see <see cref="Exhausted"/>): the iteration must not run.</returns>
    public bool TryBegin(int user, long iteration)
    {
        var slot = _slots.GetOrAdd(user, static (_, count) => new Slot(count), _feeds.Length);
        for (var f = 0; f < _feeds.Length; f++)
        {
            var row = _feeds[f].Next(user, iteration, _seed);
            if (row < 0)
            {
                Exhausted ??= $"feed '{_feeds[f].Name}' ran out of rows ({_feeds[f].Data.Rows.Length}, order sequential)";
                return false;
            }

            slot.Rows[f] = row;
        }

        slot.Iteration = iteration;
        return true;
    }

    /// <summary>The value of a column in the row the context's iteration took.</summary>
    public string Value(int feed, int column, StepContext context)
    {
        if (!_slots.TryGetValue(context.VirtualUser, out var slot) || slot.Iteration != context.Iteration)
        {
            // A step run outside the engine (a benchmark, a test of the step alone): take the rows now.
            TryBegin(context.VirtualUser, context.Iteration);
            slot = _slots[context.VirtualUser];
        }

        var rows = _feeds[feed].Data.Rows;
        return rows[(int)((uint)slot.Rows[feed] % (uint)rows.Length)][column];
    }

    /// <summary>The value of a column in a feed's first row, without taking a row.</summary>
    public string First(int feed, int column) => _feeds[feed].Data.Rows[0][column];

    /// <summary>The most virtual users the test can have at once, over all segments: per-user rows are split among them.</summary>
    private static int PeakUsers(LoadTestOptions o) => o.Model switch
    {
        LoadModel.ConstantVus => Math.Max(1, o.ConcurrentUsers),
        LoadModel.RampingVus => Math.Max(1, (int)Math.Ceiling(Math.Max(o.StartTarget, o.Stages.Count == 0 ? 0 : o.Stages.Max(s => s.Target)))),
        _ => Math.Max(1, o.MaxUsers),
    };

    private sealed class Slot(int feeds)
    {
        public long Iteration { get; set; } = -1;

        public int[] Rows { get; } = new int[feeds];
    }

    /// <summary>A feed and its cursor. Segment i of n takes shared rows i-1, i-1+n, i-1+2n, …, so the segments of a distributed run never share a row.</summary>
    private sealed class Feed(string name, FeedMode mode, FeedOrder order, FeedData data, int users, ExecutionSegment segment)
    {
        private long _taken = -1;

        public string Name { get; } = name;

        public FeedData Data { get; } = data;

        /// <summary>The row for a user's iteration, or -1 when a sequential feed has none left.</summary>
        public int Next(int user, long iteration, int? seed)
        {
            var n = Data.Rows.Length;
            if (mode == FeedMode.Shared)
            {
                return order switch
                {
                    FeedOrder.Random => (int)Pick(seed, user, iteration, n),
                    FeedOrder.Sequential => SharedNext() is var next && next < n ? (int)next : -1,
                    _ => (int)(SharedNext() % n),
                };
            }

            // User u owns rows u, u+U, u+2U, ...: its own partition, walked by its own iterations.
            var u = user % users;
            var owned = (n - u + users - 1) / users;
            if (owned <= 0)
            {
                return -1;
            }

            var k = order switch
            {
                FeedOrder.Random => Pick(seed, user, iteration, owned),
                FeedOrder.Sequential => iteration < owned ? iteration : -1,
                _ => iteration % owned,
            };
            return k < 0 ? -1 : (int)(u + (k * users));
        }

        private long SharedNext() => segment.Index - 1 + (Interlocked.Increment(ref _taken) * segment.Count);

        /// <summary>A random index below <paramref name="n"/>; with a seed, the same for the same user and iteration on every run (SplitMix64).</summary>
        private static long Pick(int? seed, int user, long iteration, long n)
        {
            if (seed is null)
            {
                return System.Random.Shared.NextInt64(n);
            }

            var z = unchecked((ulong)seed.Value * 0x9E3779B97F4A7C15UL) ^ ((ulong)user << 40) ^ (ulong)iteration;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return (long)((z ^ (z >> 31)) % (ulong)n);
        }
    }
}
