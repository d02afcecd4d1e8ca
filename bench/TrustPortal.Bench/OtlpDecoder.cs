using System.Buffers.Binary;
using System.Text;

namespace TrustPortal.Bench;

/// One data point the sink keeps: a histogram's count and sum, or a sum's (counter's) value in Sum with Count 0.
/// TimeUnixNano is when the instance collected it; Cumulative says the figures count from the instance's start.
public sealed record OtlpPoint(
    string Instance, string Metric, IReadOnlyDictionary<string, string> Attributes, double Count, double Sum, bool Cumulative, ulong TimeUnixNano);

/// Reads an OTLP ExportMetricsServiceRequest (protobuf, opentelemetry-proto metrics/v1 and collector/metrics/v1) by
/// hand: the few messages the benchmark needs are a handful of field numbers, and no package that restores here holds
/// the generated OTLP types. Fields it does not know are skipped, as protobuf requires; a body that is not valid
/// protobuf throws InvalidDataException.
public static class OtlpDecoder
{
    /// Points of the named metrics only (all of them when names is null): sums, gauges (a latest value: read as
    /// cumulative) and histograms; exponential histograms and summaries are left out (the portal sends none).
    public static List<OtlpPoint> Decode(ReadOnlySpan<byte> body, IReadOnlySet<string>? names = null)
    {
        var points = new List<OtlpPoint>();
        var request = new ProtoReader(body);
        while (request.Next(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoReader.WireLength)
            {
                ResourceMetrics(request.Bytes(), names, points);
            }
            else
            {
                request.Skip(wire);
            }
        }
        return points;
    }

    // ResourceMetrics: 1 resource, 2 scope_metrics. The resource may come after the metrics on the wire, so the
    // scopes are read once the instance is known.
    private static void ResourceMetrics(ReadOnlySpan<byte> message, IReadOnlySet<string>? names, List<OtlpPoint> points)
    {
        var instance = "(unknown)";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoReader.WireLength)
            {
                // Resource: 1 attributes.
                var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                var resource = new ProtoReader(reader.Bytes());
                while (resource.Next(out var f, out var w))
                {
                    if (f == 1 && w == ProtoReader.WireLength)
                    {
                        KeyValue(resource.Bytes(), attributes);
                    }
                    else
                    {
                        resource.Skip(w);
                    }
                }
                instance = attributes.GetValueOrDefault("service.instance.id") ?? attributes.GetValueOrDefault("service.name") ?? instance;
            }
            else
            {
                reader.Skip(wire);
            }
        }
        reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 2 && wire == ProtoReader.WireLength)
            {
                // ScopeMetrics: 2 metrics.
                var scope = new ProtoReader(reader.Bytes());
                while (scope.Next(out var f, out var w))
                {
                    if (f == 2 && w == ProtoReader.WireLength)
                    {
                        Metric(instance, scope.Bytes(), names, points);
                    }
                    else
                    {
                        scope.Skip(w);
                    }
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    // Metric: 1 name, 5 gauge, 7 sum, 9 histogram (the name comes first on the wire from every exporter, but need not).
    private static void Metric(string instance, ReadOnlySpan<byte> message, IReadOnlySet<string>? names, List<OtlpPoint> points)
    {
        string? name = null;
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoReader.WireLength)
            {
                name = Encoding.UTF8.GetString(reader.Bytes());
            }
            else
            {
                reader.Skip(wire);
            }
        }
        if (name is null || (names is not null && !names.Contains(name)))
        {
            return;
        }
        reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field is 5 or 7 or 9 && wire == ProtoReader.WireLength)
            {
                Data(instance, name, histogram: field == 9, gauge: field == 5, reader.Bytes(), points);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    // Gauge, Sum and Histogram alike: 1 data_points; Sum and Histogram 2 aggregation_temporality (1 delta, 2 cumulative).
    private static void Data(string instance, string name, bool histogram, bool gauge, ReadOnlySpan<byte> message, List<OtlpPoint> points)
    {
        var cumulative = gauge;
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 2 && wire == ProtoReader.WireVarint)
            {
                cumulative = reader.Varint() == 2;
            }
            else
            {
                reader.Skip(wire);
            }
        }
        reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoReader.WireLength)
            {
                points.Add(histogram ? HistogramPoint(instance, name, cumulative, reader.Bytes()) : NumberPoint(instance, name, cumulative, reader.Bytes()));
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    // NumberDataPoint: 7 attributes, 3 time_unix_nano (fixed64), 4 as_double (double), 6 as_int (sfixed64).
    private static OtlpPoint NumberPoint(string instance, string name, bool cumulative, ReadOnlySpan<byte> message)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        double value = 0;
        ulong time = 0;
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (7, ProtoReader.WireLength): KeyValue(reader.Bytes(), attributes); break;
                case (3, ProtoReader.WireFixed64): time = reader.Fixed64(); break;
                case (4, ProtoReader.WireFixed64): value = BitConverter.UInt64BitsToDouble(reader.Fixed64()); break;
                case (6, ProtoReader.WireFixed64): value = unchecked((long)reader.Fixed64()); break;
                default: reader.Skip(wire); break;
            }
        }
        return new OtlpPoint(instance, name, attributes, 0, value, cumulative, time);
    }

    // HistogramDataPoint: 9 attributes, 3 time_unix_nano (fixed64), 4 count (fixed64), 5 sum (double).
    private static OtlpPoint HistogramPoint(string instance, string name, bool cumulative, ReadOnlySpan<byte> message)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        double count = 0, sum = 0;
        ulong time = 0;
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (9, ProtoReader.WireLength): KeyValue(reader.Bytes(), attributes); break;
                case (3, ProtoReader.WireFixed64): time = reader.Fixed64(); break;
                case (4, ProtoReader.WireFixed64): count = reader.Fixed64(); break;
                case (5, ProtoReader.WireFixed64): sum = BitConverter.UInt64BitsToDouble(reader.Fixed64()); break;
                default: reader.Skip(wire); break;
            }
        }
        return new OtlpPoint(instance, name, attributes, count, sum, cumulative, time);
    }

    // KeyValue: 1 key, 2 value; AnyValue: 1 string_value, 2 bool_value, 3 int_value, 4 double_value (others skipped).
    private static void KeyValue(ReadOnlySpan<byte> message, Dictionary<string, string> into)
    {
        string? key = null, value = null;
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoReader.WireLength)
            {
                key = Encoding.UTF8.GetString(reader.Bytes());
            }
            else if (field == 2 && wire == ProtoReader.WireLength)
            {
                var any = new ProtoReader(reader.Bytes());
                while (any.Next(out var f, out var w))
                {
                    switch (f, w)
                    {
                        case (1, ProtoReader.WireLength): value = Encoding.UTF8.GetString(any.Bytes()); break;
                        case (2, ProtoReader.WireVarint): value = any.Varint() != 0 ? "true" : "false"; break;
                        case (3, ProtoReader.WireVarint): value = unchecked((long)any.Varint()).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                        case (4, ProtoReader.WireFixed64): value = BitConverter.UInt64BitsToDouble(any.Fixed64()).ToString("R", System.Globalization.CultureInfo.InvariantCulture); break;
                        default: any.Skip(w); break;
                    }
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }
        if (key is not null)
        {
            into[key] = value ?? "";
        }
    }
}

/// The protobuf wire format: a tag (field number and wire type) as a varint, then a varint, 8 or 4 bytes, or a
/// length-prefixed run of bytes. Groups (wire types 3 and 4) are long deprecated and refused.
public ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLength = 2;
    public const int WireFixed32 = 5;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _at;

    public bool Next(out int field, out int wire)
    {
        if (_at >= _data.Length)
        {
            field = wire = 0;
            return false;
        }
        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wire = (int)(tag & 7);
        if (field == 0 || tag >> 3 > int.MaxValue)
        {
            throw new InvalidDataException($"Invalid field number at byte {_at}");
        }
        return true;
    }

    public ulong Varint() => ReadVarint();

    public ulong Fixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> Bytes()
    {
        var length = ReadVarint();
        return length > int.MaxValue ? throw new InvalidDataException("Length out of range") : Take((int)length);
    }

    public void Skip(int wire)
    {
        switch (wire)
        {
            case WireVarint: ReadVarint(); break;
            case WireFixed64: Take(8); break;
            case WireLength: Bytes(); break;
            case WireFixed32: Take(4); break;
            default: throw new InvalidDataException($"Unsupported wire type {wire} at byte {_at}");
        }
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_at >= _data.Length)
            {
                throw new InvalidDataException("Truncated varint");
            }
            var b = _data[_at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("Varint longer than 10 bytes");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _at)
        {
            throw new InvalidDataException($"Truncated: {count} bytes wanted at byte {_at} of {_data.Length}");
        }
        var slice = _data.Slice(_at, count);
        _at += count;
        return slice;
    }
}
