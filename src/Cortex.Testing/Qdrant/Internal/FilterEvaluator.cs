using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>
/// Evaluates Qdrant filters against stored payloads without any index, the way an unindexed Qdrant collection does:
/// an array field matches when any of its elements matches, and a missing field matches nothing.
/// </summary>
internal static class FilterEvaluator
{
    public static bool Matches(Filter? filter, PointRecord point)
    {
        if (filter is null)
        {
            return true;
        }

        foreach (var condition in filter.Must)
        {
            if (!Matches(condition, point))
            {
                return false;
            }
        }

        foreach (var condition in filter.MustNot)
        {
            if (Matches(condition, point))
            {
                return false;
            }
        }

        if (filter.Should.Count > 0 && !AnyMatches(filter.Should, point))
        {
            return false;
        }

        return filter.MinShould is not { } minShould || CountMatches(minShould.Conditions, point) >= minShould.MinCount;
    }

    private static bool AnyMatches(RepeatedField<Condition> conditions, PointRecord point)
    {
        foreach (var condition in conditions)
        {
            if (Matches(condition, point))
            {
                return true;
            }
        }

        return false;
    }

    private static ulong CountMatches(RepeatedField<Condition> conditions, PointRecord point)
    {
        ulong count = 0;
        foreach (var condition in conditions)
        {
            if (Matches(condition, point))
            {
                count++;
            }
        }

        return count;
    }

    private static bool Matches(Condition condition, PointRecord point) => condition.ConditionOneOfCase switch
    {
        Condition.ConditionOneOfOneofCase.Field => MatchesField(condition.Field, point),
        Condition.ConditionOneOfOneofCase.IsEmpty => IsEmpty(Resolve(point.Payload, condition.IsEmpty.Key)),
        Condition.ConditionOneOfOneofCase.IsNull => IsNull(Resolve(point.Payload, condition.IsNull.Key)),
        Condition.ConditionOneOfOneofCase.HasId => condition.HasId.HasId.Any(id => PointKey.From(id) == point.Key),
        Condition.ConditionOneOfOneofCase.Filter => Matches(condition.Filter, point),
        // The collections here hold only the unnamed vector, so only that name is ever present.
        Condition.ConditionOneOfOneofCase.HasVector => condition.HasVector.HasVector.Length == 0,
        Condition.ConditionOneOfOneofCase.None => throw QdrantErrors.BadInput("Condition is empty"),
        _ => throw QdrantErrors.NotSupported($"Filter condition '{condition.ConditionOneOfCase}'"),
    };

    private static bool MatchesField(FieldCondition field, PointRecord point)
    {
        if (field.GeoBoundingBox is not null || field.GeoRadius is not null || field.GeoPolygon is not null)
        {
            throw QdrantErrors.NotSupported("Geo filter condition");
        }

        if (field.DatetimeRange is not null)
        {
            throw QdrantErrors.NotSupported("Datetime range filter condition");
        }

        var raw = Resolve(point.Payload, field.Key);
        var hasCondition = false;
        if (field.Match is { } match)
        {
            hasCondition = true;
            if (!Flatten(raw).Any(value => MatchesValue(match, value)))
            {
                return false;
            }
        }

        if (field.Range is { } range)
        {
            hasCondition = true;
            if (!Flatten(raw).Any(value => InRange(range, value)))
            {
                return false;
            }
        }

        if (field.ValuesCount is { } valuesCount)
        {
            hasCondition = true;
            var count = (ulong)Flatten(raw).Count(value => value.KindCase != Value.KindOneofCase.NullValue);
            if ((valuesCount.HasLt && count >= valuesCount.Lt) || (valuesCount.HasLte && count > valuesCount.Lte)
                || (valuesCount.HasGt && count <= valuesCount.Gt) || (valuesCount.HasGte && count < valuesCount.Gte))
            {
                return false;
            }
        }

        if (field.HasIsEmpty)
        {
            hasCondition = true;
            if (IsEmpty(raw) != field.IsEmpty)
            {
                return false;
            }
        }

        if (field.HasIsNull)
        {
            hasCondition = true;
            if (IsNull(raw) != field.IsNull)
            {
                return false;
            }
        }

        return hasCondition ? true : throw QdrantErrors.BadInput($"Field condition on `{field.Key}` has no condition to check");
    }

    private static bool MatchesValue(Match match, Value value) => match.MatchValueCase switch
    {
        Match.MatchValueOneofCase.Keyword => value.KindCase == Value.KindOneofCase.StringValue && value.StringValue == match.Keyword,
        Match.MatchValueOneofCase.Integer => value.KindCase == Value.KindOneofCase.IntegerValue && value.IntegerValue == match.Integer,
        Match.MatchValueOneofCase.Boolean => value.KindCase == Value.KindOneofCase.BoolValue && value.BoolValue == match.Boolean,
        Match.MatchValueOneofCase.Keywords => value.KindCase == Value.KindOneofCase.StringValue && match.Keywords.Strings.Contains(value.StringValue),
        Match.MatchValueOneofCase.Integers => value.KindCase == Value.KindOneofCase.IntegerValue && match.Integers.Integers.Contains(value.IntegerValue),
        Match.MatchValueOneofCase.ExceptKeywords => !(value.KindCase == Value.KindOneofCase.StringValue && match.ExceptKeywords.Strings.Contains(value.StringValue)),
        Match.MatchValueOneofCase.ExceptIntegers => !(value.KindCase == Value.KindOneofCase.IntegerValue && match.ExceptIntegers.Integers.Contains(value.IntegerValue)),
        // Without a full-text index Qdrant falls back to a plain substring test, and so does this server.
        Match.MatchValueOneofCase.Text => value.KindCase == Value.KindOneofCase.StringValue && value.StringValue.Contains(match.Text, StringComparison.Ordinal),
        Match.MatchValueOneofCase.Substring => value.KindCase == Value.KindOneofCase.StringValue && value.StringValue.Contains(match.Substring, StringComparison.Ordinal),
        Match.MatchValueOneofCase.Prefix => value.KindCase == Value.KindOneofCase.StringValue && value.StringValue.StartsWith(match.Prefix, StringComparison.Ordinal),
        Match.MatchValueOneofCase.None => throw QdrantErrors.BadInput("Match condition is empty"),
        _ => throw QdrantErrors.NotSupported($"Match '{match.MatchValueCase}'"),
    };

    private static bool InRange(global::Qdrant.Client.Grpc.Range range, Value value)
    {
        double number;
        switch (value.KindCase)
        {
            case Value.KindOneofCase.IntegerValue:
                number = value.IntegerValue;
                break;
            case Value.KindOneofCase.DoubleValue:
                number = value.DoubleValue;
                break;
            default:
                return false;
        }

        return (!range.HasLt || number < range.Lt) && (!range.HasLte || number <= range.Lte)
            && (!range.HasGt || number > range.Gt) && (!range.HasGte || number >= range.Gte);
    }

    private static bool IsEmpty(List<Value> raw) =>
        raw.All(value => value.KindCase == Value.KindOneofCase.NullValue
            || (value.KindCase == Value.KindOneofCase.ListValue && value.ListValue.Values.Count == 0));

    private static bool IsNull(List<Value> raw) => raw.Any(value => value.KindCase == Value.KindOneofCase.NullValue);

    /// <summary>
    /// The values at a dotted payload path (<c>a.b</c>, <c>a[].b</c>), walking into every element of the arrays
    /// on the way, as Qdrant's JSON paths do.
    /// </summary>
    private static List<Value> Resolve(MapField<string, Value> payload, string path)
    {
        var segments = path.Split('.');
        var current = new List<Value>();
        if (payload.TryGetValue(StripArrayMarker(segments[0]), out var root))
        {
            current.Add(root);
        }

        for (var i = 1; i < segments.Length && current.Count > 0; i++)
        {
            var name = StripArrayMarker(segments[i]);
            var next = new List<Value>();
            foreach (var value in Flatten(current))
            {
                if (value.KindCase == Value.KindOneofCase.StructValue && value.StructValue.Fields.TryGetValue(name, out var child))
                {
                    next.Add(child);
                }
            }

            current = next;
        }

        return current;
    }

    private static string StripArrayMarker(string segment) =>
        segment.EndsWith("[]", StringComparison.Ordinal) ? segment[..^2] : segment;

    private static IEnumerable<Value> Flatten(List<Value> values)
    {
        foreach (var value in values)
        {
            if (value.KindCase == Value.KindOneofCase.ListValue)
            {
                foreach (var element in value.ListValue.Values)
                {
                    yield return element;
                }
            }
            else
            {
                yield return value;
            }
        }
    }
}
