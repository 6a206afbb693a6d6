using System.Buffers.Binary;
using System.Globalization;
using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>
/// A point id as a value that sorts the way Qdrant sorts ids: every numeric id before every UUID, UUIDs by their
/// canonical (big-endian) bytes, so scroll pages come back in the same order as from a real node.
/// </summary>
internal readonly record struct PointKey(bool IsUuid, ulong High, ulong Low) : IComparable<PointKey>
{
    public static PointKey Max { get; } = new(true, ulong.MaxValue, ulong.MaxValue);

    public static PointKey FromNumber(ulong number) => new(false, 0, number);

    public static PointKey FromGuid(Guid guid)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return new PointKey(true, BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>Reads a protobuf id, answering InvalidArgument as Qdrant does when it is empty or not a UUID.</summary>
    public static PointKey From(PointId? id)
    {
        switch (id?.PointIdOptionsCase)
        {
            case PointId.PointIdOptionsOneofCase.Num:
                return FromNumber(id.Num);
            case PointId.PointIdOptionsOneofCase.Uuid:
                if (!Guid.TryParse(id.Uuid, out var guid))
                {
                    throw QdrantErrors.BadInput($"Unable to parse UUID: {id.Uuid}");
                }

                return FromGuid(guid);
            default:
                throw QdrantErrors.BadInput("PointId is empty: set either a number or a UUID");
        }
    }

    /// <summary>The id as Qdrant returns it: UUIDs in lowercase hyphenated form, whatever form they came in.</summary>
    public PointId ToPointId()
    {
        if (!IsUuid)
        {
            return new PointId { Num = Low };
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return new PointId { Uuid = new Guid(bytes, bigEndian: true).ToString("D") };
    }

    public int CompareTo(PointKey other)
    {
        if (IsUuid != other.IsUuid)
        {
            return IsUuid ? 1 : -1;
        }

        var high = High.CompareTo(other.High);
        return high != 0 ? high : Low.CompareTo(other.Low);
    }

    public override string ToString() =>
        IsUuid ? ToPointId().Uuid : Low.ToString(CultureInfo.InvariantCulture);
}
