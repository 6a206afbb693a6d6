using Google.Protobuf.WellKnownTypes;
using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>
/// One collection with a single unnamed dense vector. A reader-writer lock lets any number of reads run together while
/// writes stay atomic per request, which is what a single Qdrant node guarantees to one client.
/// </summary>
internal sealed class QdrantCollection : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<PointKey, PointRecord> _points = [];

    // Scroll pages by id order while queries scan a dense array; keeping both makes each of them cheap.
    private readonly SortedSet<PointKey> _order = [];
    private readonly VectorParams _parameters;
    private readonly DateTimeOffset _createdAt;
    private PointRecord[] _slots = new PointRecord[64];
    private int _count;
    private ulong _lastOperationId;

    public QdrantCollection(string name, VectorParams parameters, DateTimeOffset createdAt)
    {
        Name = name;
        _parameters = parameters.Clone();
        _createdAt = createdAt;
        Dimension = checked((int)parameters.Size);
        Distance = parameters.Distance;
    }

    public string Name { get; }

    public int Dimension { get; }

    public Distance Distance { get; }

    public ulong Upsert(IReadOnlyList<PointStruct> points, Filter? updateFilter, UpdateMode mode)
    {
        // Validate every point before taking the lock, so a bad batch changes nothing.
        var prepared = new (PointKey Key, float[] Vector, PointStruct Source)[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var key = PointKey.From(points[i].Id);
            prepared[i] = (key, PrepareVector(ReadVector(points[i].Vectors)), points[i]);
        }

        _lock.EnterWriteLock();
        try
        {
            var operationId = ++_lastOperationId;
            foreach (var (key, vector, source) in prepared)
            {
                var exists = _points.TryGetValue(key, out var existing);
                if ((exists && mode == UpdateMode.InsertOnly) || (!exists && mode == UpdateMode.UpdateOnly)
                    || (exists && updateFilter is not null && !FilterEvaluator.Matches(updateFilter, existing!)))
                {
                    continue;
                }

                Store(new PointRecord(key, key.ToPointId(), vector, source.Payload, operationId), existing);
            }

            return operationId;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public ulong Delete(PointsSelector? selector)
    {
        var ids = selector?.PointsSelectorOneOfCase switch
        {
            PointsSelector.PointsSelectorOneOfOneofCase.Points => selector.Points.Ids.Select(PointKey.From).ToArray(),
            PointsSelector.PointsSelectorOneOfOneofCase.Filter => null,
            _ => throw QdrantErrors.BadInput("Points selector is empty: give point ids or a filter"),
        };

        _lock.EnterWriteLock();
        try
        {
            ids ??= Scan().Where(point => FilterEvaluator.Matches(selector!.Filter, point)).Select(point => point.Key).ToArray();
            foreach (var key in ids)
            {
                Remove(key);
            }

            return ++_lastOperationId;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public List<RetrievedPoint> Get(IEnumerable<PointId> ids, WithPayloadSelector? withPayload, WithVectorsSelector? withVectors)
    {
        var keys = ids.Select(PointKey.From).Distinct().ToArray();
        var result = new List<RetrievedPoint>(keys.Length);
        _lock.EnterReadLock();
        try
        {
            foreach (var key in keys)
            {
                if (_points.TryGetValue(key, out var point))
                {
                    result.Add(ToRetrieved(point, withPayload, withVectors));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return result;
    }

    public int Count(Filter? filter)
    {
        _lock.EnterReadLock();
        try
        {
            return filter is null ? _count : Scan().Count(point => FilterEvaluator.Matches(filter, point));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>One page in id order from <paramref name="offset"/> (inclusive), and the id the next page starts at.</summary>
    public (List<RetrievedPoint> Page, PointId? NextOffset) Scroll(
        Filter? filter, PointId? offset, int limit, WithPayloadSelector? withPayload, WithVectorsSelector? withVectors)
    {
        var start = offset is null ? PointKey.FromNumber(0) : PointKey.From(offset);
        var page = new List<RetrievedPoint>(Math.Min(limit, 1024));
        _lock.EnterReadLock();
        try
        {
            foreach (var key in _order.GetViewBetween(start, PointKey.Max))
            {
                var point = _points[key];
                if (!FilterEvaluator.Matches(filter, point))
                {
                    continue;
                }

                if (page.Count == limit)
                {
                    return (page, point.Id);
                }

                page.Add(ToRetrieved(point, withPayload, withVectors));
            }

            return (page, null);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>An exact (brute-force) nearest-neighbour ranking: what an HNSW index approximates.</summary>
    public List<ScoredPoint> Search(NearestQuery query)
    {
        var vector = query.Vector is null ? null : PrepareVector(query.Vector);
        _lock.EnterReadLock();
        try
        {
            if (query.PointIdVector is { } lookup)
            {
                vector = _points.TryGetValue(lookup, out var source) ? source.Vector : throw QdrantErrors.PointNotFound(lookup);
            }

            return vector is null ? ListById(query) : Rank(vector, query);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public CollectionInfo Describe()
    {
        _lock.EnterReadLock();
        try
        {
            return new CollectionInfo
            {
                Status = CollectionStatus.Green,
                OptimizerStatus = new OptimizerStatus { Ok = true },
                SegmentsCount = 1,
                PointsCount = (ulong)_count,
                IndexedVectorsCount = 0,
                CreatedAt = Timestamp.FromDateTimeOffset(_createdAt),
                Config = new CollectionConfig
                {
                    Params = new CollectionParams
                    {
                        ShardNumber = 1,
                        ReplicationFactor = 1,
                        WriteConsistencyFactor = 1,
                        VectorsConfig = new VectorsConfig { Params = _parameters.Clone() },
                    },
                    // Qdrant's defaults, so code that reads the config sees plausible values.
                    HnswConfig = new HnswConfigDiff { M = 16, EfConstruct = 100, FullScanThreshold = 10_000 },
                    OptimizerConfig = new OptimizersConfigDiff { DeletedThreshold = 0.2, VacuumMinVectorNumber = 1000, IndexingThreshold = 10_000, FlushIntervalSec = 5 },
                    WalConfig = new WalConfigDiff { WalCapacityMb = 32, WalSegmentsAhead = 0 },
                },
            };
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    private List<ScoredPoint> Rank(float[] vector, NearestQuery query)
    {
        var largerIsBetter = VectorMath.LargerIsBetter(Distance);
        var top = new TopKSelector((int)Math.Min((long)query.Limit + query.Offset, _count));
        var scratch = Distance == Distance.Manhattan ? new float[Dimension] : [];
        for (var i = 0; i < _count; i++)
        {
            var point = _slots[i];
            if (point.Key == query.PointIdVector || (query.Filter is not null && !FilterEvaluator.Matches(query.Filter, point)))
            {
                continue;
            }

            var score = VectorMath.Score(Distance, vector, point.Vector, scratch);

            // Qdrant keeps only scores strictly better than the threshold.
            if (query.ScoreThreshold is { } threshold && !(largerIsBetter ? score > threshold : score < threshold))
            {
                continue;
            }

            top.Offer(largerIsBetter ? score : -score, point);
        }

        var ranked = top.ToSortedArray();
        var result = new List<ScoredPoint>(Math.Max(0, ranked.Length - query.Offset));
        for (var i = query.Offset; i < ranked.Length; i++)
        {
            var (rank, point) = ranked[i];
            result.Add(ToScored(point, largerIsBetter ? rank : -rank, query));
        }

        return result;
    }

    /// <summary>A query without a vector lists points by id, as Qdrant does.</summary>
    private List<ScoredPoint> ListById(NearestQuery query) =>
        _order
            .Select(key => _points[key])
            .Where(point => FilterEvaluator.Matches(query.Filter, point))
            .Skip(query.Offset)
            .Take(query.Limit)
            .Select(point => ToScored(point, 0, query))
            .ToList();

    private static ScoredPoint ToScored(PointRecord point, float score, NearestQuery query)
    {
        var scored = new ScoredPoint { Id = point.Id, Score = score, Version = point.Version, Vectors = ResponseShaper.Vectors(point, query.WithVectors) };
        ResponseShaper.CopyPayload(scored.Payload, point, query.WithPayload, enabledByDefault: false);
        return scored;
    }

    private static RetrievedPoint ToRetrieved(PointRecord point, WithPayloadSelector? withPayload, WithVectorsSelector? withVectors)
    {
        var retrieved = new RetrievedPoint { Id = point.Id, Vectors = ResponseShaper.Vectors(point, withVectors) };
        ResponseShaper.CopyPayload(retrieved.Payload, point, withPayload, enabledByDefault: true);
        return retrieved;
    }

    private IEnumerable<PointRecord> Scan()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _slots[i];
        }
    }

    private void Store(PointRecord record, PointRecord? existing)
    {
        if (existing is not null)
        {
            record.Slot = existing.Slot;
        }
        else
        {
            if (_count == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
            }

            record.Slot = _count++;
            _order.Add(record.Key);
        }

        _slots[record.Slot] = record;
        _points[record.Key] = record;
    }

    private void Remove(PointKey key)
    {
        if (!_points.Remove(key, out var record))
        {
            return;
        }

        _order.Remove(key);

        // Swap the last record into the hole so the scan array stays dense.
        var last = _slots[--_count];
        last.Slot = record.Slot;
        _slots[record.Slot] = last;
        _slots[_count] = null!;
    }

    /// <summary>Checks the size and returns a private copy, normalized for Cosine as Qdrant stores it.</summary>
    private float[] PrepareVector(ICollection<float> source)
    {
        if (source.Count != Dimension)
        {
            throw QdrantErrors.DimensionMismatch(Dimension, source.Count);
        }

        var vector = new float[Dimension];
        source.CopyTo(vector, 0);

        if (Distance == Distance.Cosine)
        {
            VectorMath.NormalizeInPlace(vector);
        }

        return vector;
    }

    private static ICollection<float> ReadVector(Vectors? vectors)
    {
        switch (vectors?.VectorsOptionsCase)
        {
            case Vectors.VectorsOptionsOneofCase.Vector:
                return ReadDense(vectors.Vector);
            case Vectors.VectorsOptionsOneofCase.Vectors_:
                foreach (var (name, vector) in vectors.Vectors_.Vectors)
                {
                    // Qdrant names the unnamed vector "", so a map holding only that key is the same thing.
                    if (name.Length != 0)
                    {
                        throw QdrantErrors.VectorNameNotFound(name);
                    }

                    return ReadDense(vector);
                }

                return [];
            default:
                return [];
        }
    }

    internal static ICollection<float> ReadDense(Vector vector)
    {
#pragma warning disable CS0612 // Data and Indices are deprecated, but clients before 1.13 still send dense vectors in Data.
        return vector.VectorCase switch
        {
            Vector.VectorOneofCase.Dense => vector.Dense.Data,
            Vector.VectorOneofCase.None when vector.Indices is null => vector.Data,
            Vector.VectorOneofCase.None => throw QdrantErrors.NotSupported("Sparse vectors"),
            _ => throw QdrantErrors.NotSupported($"{vector.VectorCase} vectors"),
        };
#pragma warning restore CS0612
    }
}
