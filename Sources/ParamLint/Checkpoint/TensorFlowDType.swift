/// TensorFlow's `DataType` enum (`types.proto`, TF 2.21) and the names `tf.DType.name` gives them.
public enum TensorFlowDType {
    /// Index = enum number. nil for DT_INVALID (0).
    private static let names: [String?] = [
        nil, "float32", "float64", "int32", "uint8", "int16", "int8", "string", "complex64", "int64",
        "bool", "qint8", "quint8", "qint32", "bfloat16", "qint16", "quint16", "uint16", "complex128",
        "float16", "resource", "variant", "uint32", "uint64", "float8_e5m2", "float8_e4m3fn",
        "float8_e4m3fnuz", "float8_e4m3b11fnuz", "float8_e5m2fnuz", "int4", "uint4", "int2", "uint2",
        "float4_e2m1fn",
    ]

    /// Bytes per element as stored in a checkpoint's data file; nil where variable (string, variant)
    /// or not stored (resource).
    private static let sizes: [Int?] = [
        nil, 4, 8, 4, 1, 2, 1, nil, 8, 8, 1, 1, 1, 4, 2, 2, 2, 2, 16, 2, nil, nil, 4, 8, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1,
    ]

    /// The TF name of enum value `number`: `float32` for 1, `float32_ref` for 101 (reference types,
    /// never stored by TF), `unknown_dtype_N` for numbers this table does not know (the enum grows;
    /// such entries are listed, not refused). nil only for DT_INVALID (0).
    public static func name(_ number: Int32) -> String? {
        if number >= 0 && Int(number) < names.count { return names[Int(number)] }
        if number > 100 && Int(number) - 100 < names.count, let base = names[Int(number) - 100] {
            return base + "_ref"
        }
        return "unknown_dtype_\(number)"
    }

    /// Inverse of `name`, for the known names.
    public static func number(_ name: String) -> Int32? {
        if let i = names.firstIndex(of: name) { return Int32(i) }
        return nil
    }

    public static func byteSize(_ number: Int32) -> Int? {
        guard number >= 0 && Int(number) < sizes.count else { return nil }
        return sizes[Int(number)]
    }

    /// Every name TF gives a stored dtype (float32 ... float4_e2m1fn), in enum order.
    public static var allNames: [String] { names.compactMap { $0 } }

    /// Whether `name` reads as a dtype written by this linter: a known name, `<known>_ref` or
    /// `unknown_dtype_N`.
    public static func isDTypeName(_ name: String) -> Bool {
        if names.contains(name) { return true }
        if name.hasSuffix("_ref"), names.contains(String(name.dropLast(4))) { return true }
        if name.hasPrefix("unknown_dtype_") {
            let digits = name.dropFirst("unknown_dtype_".count)
            return !digits.isEmpty && Int32(digits) != nil
        }
        return false
    }
}
