namespace Cortex.Testing.Qdrant.Internal;

/// <summary>
/// Keeps the best <c>k</c> of a stream of scored points in a bounded heap (O(n log k) instead of sorting all n).
/// Ranks are "higher is better"; equal ranks fall back to the smaller id so results are deterministic.
/// </summary>
internal sealed class TopKSelector
{
    private readonly (float Rank, PointRecord Point)[] _heap;
    private int _count;

    public TopKSelector(int capacity)
    {
        _heap = new (float, PointRecord)[capacity];
    }

    public void Offer(float rank, PointRecord point)
    {
        if (_heap.Length == 0)
        {
            return;
        }

        if (_count < _heap.Length)
        {
            _heap[_count] = (rank, point);
            SiftUp(_count++);
        }
        else if (IsWorse(_heap[0].Rank, _heap[0].Point, rank, point))
        {
            // The root is the worst kept entry: replace it and restore the heap.
            _heap[0] = (rank, point);
            SiftDown(0);
        }
    }

    /// <summary>Returns the kept entries, best first.</summary>
    public (float Rank, PointRecord Point)[] ToSortedArray()
    {
        var result = _heap.AsSpan(0, _count).ToArray();
        Array.Sort(result, static (a, b) => IsWorse(a.Rank, a.Point, b.Rank, b.Point) ? 1 : IsWorse(b.Rank, b.Point, a.Rank, a.Point) ? -1 : 0);
        return result;
    }

    /// <summary>Whether entry a ranks below entry b.</summary>
    private static bool IsWorse(float rankA, PointRecord a, float rankB, PointRecord b) =>
        rankA < rankB || (rankA == rankB && a.Key.CompareTo(b.Key) > 0);

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!IsWorse(_heap[index].Rank, _heap[index].Point, _heap[parent].Rank, _heap[parent].Point))
            {
                return;
            }

            (_heap[index], _heap[parent]) = (_heap[parent], _heap[index]);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var worst = index;
            var left = (2 * index) + 1;
            var right = left + 1;
            if (left < _count && IsWorse(_heap[left].Rank, _heap[left].Point, _heap[worst].Rank, _heap[worst].Point))
            {
                worst = left;
            }

            if (right < _count && IsWorse(_heap[right].Rank, _heap[right].Point, _heap[worst].Rank, _heap[worst].Point))
            {
                worst = right;
            }

            if (worst == index)
            {
                return;
            }

            (_heap[index], _heap[worst]) = (_heap[worst], _heap[index]);
            index = worst;
        }
    }
}
