namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>Picks the node for an attempt among the eligible ones, by the configured strategy.</summary>
internal sealed class NodeSelector(LoadBalancingStrategy strategy)
{
    private readonly Lock _lock = new();

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
                // Smooth weighted round-robin (as in nginx): interleaves nodes in proportion to weight, and stays
                // proportional among whichever nodes are eligible at the moment.
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
}
