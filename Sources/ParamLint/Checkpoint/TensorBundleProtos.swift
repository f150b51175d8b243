/// The two messages of a TensorFlow checkpoint index (`tensor_bundle.proto`): `BundleHeaderProto`
/// (the value of the empty key) and `BundleEntryProto` (every tensor), decoded from the wire
/// format without allocating for the fields a listing does not need.

/// `BundleHeaderProto` with its `VersionDef`.
public struct TensorBundleHeader: Sendable, Equatable {
    public enum Endianness: Sendable, Equatable {
        case little, big
        case unknown(Int32)
    }

    public var numShards: Int32 = 0
    public var endianness: Endianness = .little
    public var producer: Int32 = 0
    public var minConsumer: Int32 = 0
    public var badConsumers: [Int32] = []

    /// `kTensorBundleVersion`: the consumer version of every TF release since 1.x, 2.21 included.
    public static let consumerVersion: Int32 = 1
    /// `kTensorBundleMinProducer`.
    public static let minProducer: Int32 = 0

    /// TF's `CheckVersions(version, kTensorBundleVersion, kTensorBundleMinProducer)`: nil when TF
    /// accepts the checkpoint, else TF's reason. (Endianness is not checked: TF 2.x byte-swaps
    /// tensors of the other byte order while loading, and listing does not read tensors.)
    public var versionProblem: String? {
        if producer < Self.minProducer {
            return "checkpoint producer version \(producer) below min producer \(Self.minProducer) supported by TensorFlow; TensorFlow refuses to read it"
        }
        if minConsumer > Self.consumerVersion {
            return "checkpoint min consumer version \(minConsumer) above current version \(Self.consumerVersion) for TensorFlow; TensorFlow refuses to read it (please upgrade TensorFlow)"
        }
        if badConsumers.contains(Self.consumerVersion) {
            return "checkpoint disallows consumer version \(Self.consumerVersion) (bad_consumers \(badConsumers)); TensorFlow refuses to read it"
        }
        return nil
    }
}

/// One extent of a `TensorSliceProto`: `length` nil means the full extent (TF encodes -1).
struct SliceExtent: Equatable {
    var start: Int64
    var length: Int64?
}

/// The fields of a `BundleEntryProto` a listing uses. `slices` is empty (and unallocated) except on
/// the full-tensor entry of a partitioned variable.
struct BundleEntry {
    var dtype: Int32 = 0
    var shape: [Int] = []
    var slices: [[SliceExtent]] = []
}

struct ProtoDecodeError: Error {
    var reason: String
}

enum TensorBundleProtos {
    /// TF's `TensorShape::MaxDimensions()`.
    static let maxDimensions = 254

    static func decodeHeader(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtoDecodeError)
        -> TensorBundleHeader
    {
        var header = TensorBundleHeader()
        var wire = ProtobufWire(bytes, range: range)
        while !wire.isAtEnd {
            guard let (field, wt) = wire.tag() else { throw malformed("BundleHeaderProto", "bad tag") }
            switch (field, wt) {
            case (1, .varint):
                guard let v = wire.varint() else { throw malformed("BundleHeaderProto", "bad num_shards varint") }
                header.numShards = ProtobufWire.int32(v)
            case (2, .varint):
                guard let v = wire.varint() else { throw malformed("BundleHeaderProto", "bad endianness varint") }
                switch ProtobufWire.int32(v) {
                case 0: header.endianness = .little
                case 1: header.endianness = .big
                case let other: header.endianness = .unknown(other)
                }
            case (3, .lengthDelimited):
                guard let r = wire.lengthDelimited() else { throw malformed("BundleHeaderProto", "version runs past the value") }
                try decodeVersion(bytes, r, into: &header)
            default:
                guard wire.skip(wt) else { throw malformed("BundleHeaderProto", "bad field \(field)") }
            }
        }
        return header
    }

    private static func decodeVersion(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into h: inout TensorBundleHeader)
        throws(ProtoDecodeError)
    {
        var wire = ProtobufWire(bytes, range: range)
        while !wire.isAtEnd {
            guard let (field, wt) = wire.tag() else { throw malformed("VersionDef", "bad tag") }
            switch (field, wt) {
            case (1, .varint):
                guard let v = wire.varint() else { throw malformed("VersionDef", "bad producer varint") }
                h.producer = ProtobufWire.int32(v)
            case (2, .varint):
                guard let v = wire.varint() else { throw malformed("VersionDef", "bad min_consumer varint") }
                h.minConsumer = ProtobufWire.int32(v)
            case (3, .varint):
                guard let v = wire.varint() else { throw malformed("VersionDef", "bad bad_consumers varint") }
                h.badConsumers.append(ProtobufWire.int32(v))
            case (3, .lengthDelimited):  // packed
                guard let r = wire.lengthDelimited() else { throw malformed("VersionDef", "bad_consumers runs past the value") }
                var packed = ProtobufWire(bytes, range: r)
                while !packed.isAtEnd {
                    guard let v = packed.varint() else { throw malformed("VersionDef", "bad packed bad_consumers") }
                    h.badConsumers.append(ProtobufWire.int32(v))
                }
            default:
                guard wire.skip(wt) else { throw malformed("VersionDef", "bad field \(field)") }
            }
        }
    }

    /// Decodes a `BundleEntryProto`. `dims` is a scratch buffer reused between entries. Rejects what
    /// TF rejects or aborts on: a negative dimension, more than 254 dimensions, an element count
    /// that overflows int64.
    static func decodeEntry(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, dims: inout [Int])
        throws(ProtoDecodeError) -> BundleEntry
    {
        var entry = BundleEntry()
        dims.removeAll(keepingCapacity: true)
        var wire = ProtobufWire(bytes, range: range)
        while !wire.isAtEnd {
            guard let (field, wt) = wire.tag() else { throw malformed("BundleEntryProto", "bad tag") }
            switch (field, wt) {
            case (1, .varint):
                guard let v = wire.varint() else { throw malformed("BundleEntryProto", "bad dtype varint") }
                entry.dtype = ProtobufWire.int32(v)
            case (2, .lengthDelimited):
                // Repeated occurrences of a message field merge: their dims concatenate.
                guard let r = wire.lengthDelimited() else { throw malformed("BundleEntryProto", "shape runs past the value") }
                try decodeShape(bytes, r, into: &dims)
            case (3, .varint), (4, .varint), (5, .varint):
                guard wire.varint() != nil else { throw malformed("BundleEntryProto", "bad varint in field \(field)") }
            case (6, .fixed32):
                guard wire.fixed32() != nil else { throw malformed("BundleEntryProto", "crc32c runs past the value") }
            case (7, .lengthDelimited):
                guard let r = wire.lengthDelimited() else { throw malformed("BundleEntryProto", "slice runs past the value") }
                entry.slices.append(try decodeSlice(bytes, r))
            default:
                guard wire.skip(wt) else { throw malformed("BundleEntryProto", "bad field \(field) (wire type \(wt.rawValue))") }
            }
        }
        if dims.count > maxDimensions {
            throw ProtoDecodeError(reason: "invalid tensor shape: \(dims.count) dimensions, TensorFlow allows at most \(maxDimensions)")
        }
        var elements = 1
        for d in dims {
            if d < 0 {
                throw ProtoDecodeError(reason: "invalid tensor shape \(dims): negative dimension \(d) (TensorFlow aborts on this)")
            }
            let (p, overflow) = elements.multipliedReportingOverflow(by: d)
            if overflow {
                throw ProtoDecodeError(reason: "invalid tensor shape \(dims): the element count overflows int64")
            }
            elements = p
        }
        if !dims.isEmpty { entry.shape = dims }
        return entry
    }

    private static func decodeShape(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into dims: inout [Int])
        throws(ProtoDecodeError)
    {
        var wire = ProtobufWire(bytes, range: range)
        while !wire.isAtEnd {
            guard let (field, wt) = wire.tag() else { throw malformed("TensorShapeProto", "bad tag") }
            if field == 2 && wt == .lengthDelimited {
                guard let r = wire.lengthDelimited() else { throw malformed("TensorShapeProto", "dim runs past the shape") }
                var size: Int64 = 0
                var dim = ProtobufWire(bytes, range: r)
                while !dim.isAtEnd {
                    guard let (f, w) = dim.tag() else { throw malformed("TensorShapeProto.Dim", "bad tag") }
                    if f == 1 && w == .varint {
                        guard let v = dim.varint() else { throw malformed("TensorShapeProto.Dim", "bad size varint") }
                        size = ProtobufWire.int64(v)
                    } else {
                        guard dim.skip(w) else { throw malformed("TensorShapeProto.Dim", "bad field \(f)") }
                    }
                }
                if dims.count > maxDimensions {
                    throw ProtoDecodeError(reason: "invalid tensor shape: more than \(maxDimensions) dimensions")
                }
                dims.append(Int(size))
            } else {
                // unknown_rank (3) is ignored, as TF's TensorShape does when dims are present.
                guard wire.skip(wt) else { throw malformed("TensorShapeProto", "bad field \(field)") }
            }
        }
    }

    private static func decodeSlice(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtoDecodeError)
        -> [SliceExtent]
    {
        var extents: [SliceExtent] = []
        var wire = ProtobufWire(bytes, range: range)
        while !wire.isAtEnd {
            guard let (field, wt) = wire.tag() else { throw malformed("TensorSliceProto", "bad tag") }
            if field == 1 && wt == .lengthDelimited {
                guard let r = wire.lengthDelimited() else { throw malformed("TensorSliceProto", "extent runs past the slice") }
                var e = SliceExtent(start: 0, length: nil)
                var x = ProtobufWire(bytes, range: r)
                while !x.isAtEnd {
                    guard let (f, w) = x.tag() else { throw malformed("TensorSliceProto.Extent", "bad tag") }
                    switch (f, w) {
                    case (1, .varint):
                        guard let v = x.varint() else { throw malformed("TensorSliceProto.Extent", "bad start") }
                        e.start = ProtobufWire.int64(v)
                    case (2, .varint):
                        guard let v = x.varint() else { throw malformed("TensorSliceProto.Extent", "bad length") }
                        e.length = ProtobufWire.int64(v)
                    default:
                        guard x.skip(w) else { throw malformed("TensorSliceProto.Extent", "bad field \(f)") }
                    }
                }
                if extents.count > maxDimensions {
                    throw ProtoDecodeError(reason: "invalid tensor slice: more than \(maxDimensions) extents")
                }
                extents.append(e)
            } else {
                guard wire.skip(wt) else { throw malformed("TensorSliceProto", "bad field \(field)") }
            }
        }
        return extents
    }

    private static func malformed(_ message: String, _ detail: String) -> ProtoDecodeError {
        ProtoDecodeError(reason: "malformed \(message) (\(detail)): the entry value does not parse as protobuf")
    }
}
