namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>Picks the node for an attempt among the eligible ones, by the configured strategy.</summary>
internal sealed class NodeSelector(LoadBalancingStrategy strategy)
{
    // A node list whose weights sum to more than this takes the locked path (a schedule this long is 16 KB).
    private const int MaxScheduleLength = 4_096;

    private readonly Lock _lock = new();
    private Schedule? _schedule;
    private long _cursor = -1; // the first choice is the schedule's first slot, as with the locked algorithm

    /// <summary>
    /// The best eligible node not in <paramref name="excluded"/> (nodes that already failed this request), falling back
    /// to excluded ones when nothing else is eligible. <see langword="null"/> when no node is eligible at all.
    /// </summary>
    public PoolNode? Select(PoolNode[] nodes, NodeSet excluded)
    {
        var choice = Pick(nodes, excluded, honorExclusions: true);
        return choice ?? (excluded.IsEmpty ? null : Pick(nodes, excluded, honorExclusions: false));
    }

    private PoolNode? Pick(PoolNode[] nodes, NodeSet excluded, bool honorExclusions)
    {
        switch (strategy)
        {
            case LoadBalancingStrategy.LeastOutstanding:
                {
                    PoolNode? best = null;
                    foreach (var node in nodes)
                    {
                        if (Usable(node, excluded, honorExclusions) && (best is null || node.InFlight * best.Weight < best.InFlight * node.Weight))
                        {
                            best = node;
                        }
                    }

                    return best;
                }

            case LoadBalancingStrategy.PowerOfTwoChoices:
                {
                    var count = 0;
                    foreach (var node in nodes)
                    {
                        count += Usable(node, excluded, honorExclusions) ? 1 : 0;
                    }

                    if (count == 0)
                    {
                        return null;
                    }

                    // Two distinct draws: drawing the same node twice would make it a blind random choice.
                    var first = Random.Shared.Next(count);
                    var second = count == 1 ? first : (first + 1 + Random.Shared.Next(count - 1)) % count;
                    var a = Nth(nodes, excluded, honorExclusions, first);
                    var b = Nth(nodes, excluded, honorExclusions, second);
                    return a is null || (b is not null && b.InFlight < a.InFlight) ? b : a;
                }

            default:
                if (excluded.IsEmpty || !honorExclusions)
                {
                    if (FromSchedule(nodes) is { } scheduled)
                    {
                        return scheduled;
                    }
                }

                // Smooth weighted round-robin (as in nginx): interleaves nodes in proportion to weight, and stays
                // proportional among whichever nodes are eligible at the moment. Taken only when some node is not
                // eligible or the request excludes nodes; the common case reads the precomputed schedule above.
                lock (_lock)
                {
                    PoolNode? best = null;
                    long total = 0;
                    foreach (var node in nodes)
                    {
                        if (!Usable(node, excluded, honorExclusions))
                        {
                            continue;
                        }

                        node.CurrentWeight += node.Weight;
                        total += node.Weight;
                        if (best is null || node.CurrentWeight > best.CurrentWeight)
                        {
                            best = node;
                        }
                    }

                    if (best is not null)
                    {
                        best.CurrentWeight -= total;
                    }

                    return best;
                }
        }
    }

    /// <summary>
    /// Lock-free smooth weighted round-robin while every node is eligible: one period of the sequence the locked
    /// algorithm produces from a fresh start, precomputed per node list, walked with one interlocked cursor.
    /// Measured under 256 callers (NodeSelectorBenchmarks), the global lock cost about 0.1 µs per choice; the cursor is one
    /// interlocked add. <see langword="null"/> when a node is not eligible or the weights are too large for a schedule.
    /// </summary>
    private PoolNode? FromSchedule(PoolNode[] nodes)
    {
        foreach (var node in nodes)
        {
            if (!node.IsEligible)
            {
                return null;
            }
        }

        var schedule = Volatile.Read(ref _schedule);
        if (schedule is null || schedule.Nodes != nodes)
        {
            // Racing builders build the same schedule; the last write wins harmlessly.
            schedule = Schedule.Build(nodes);
            if (schedule is null)
            {
                return null;
            }

            Volatile.Write(ref _schedule, schedule);
        }

        var slot = (ulong)Interlocked.Increment(ref _cursor) % (ulong)schedule.Order.Length;
        return nodes[schedule.Order[slot]];
    }

    // Null when the eligible set shrank between counting and choosing.
    private static PoolNode? Nth(PoolNode[] nodes, NodeSet excluded, bool honorExclusions, int index)
    {
        foreach (var node in nodes)
        {
            if (Usable(node, excluded, honorExclusions) && index-- == 0)
            {
                return node;
            }
        }

        return null;
    }

    private static bool Usable(PoolNode node, NodeSet excluded, bool honorExclusions) =>
        node.IsEligible && !(honorExclusions && excluded.Contains(node));

    private sealed class Schedule(PoolNode[] nodes, int[] order)
    {
        public PoolNode[] Nodes { get; } = nodes;

        public int[] Order { get; } = order;

        public static Schedule? Build(PoolNode[] nodes)
        {
            long total = 0;
            foreach (var node in nodes)
            {
                total += node.Weight;
            }

            if (total is 0 or > MaxScheduleLength)
            {
                return null;
            }

            var current = new long[nodes.Length];
            var order = new int[total];
            for (var step = 0; step < order.Length; step++)
            {
                var best = 0;
                for (var i = 0; i < nodes.Length; i++)
                {
                    current[i] += nodes[i].Weight;
                    if (current[i] > current[best])
                    {
                        best = i;
                    }
                }

                current[best] -= total;
                order[step] = best;
            }

            return new Schedule(nodes, order);
        }
    }
}
