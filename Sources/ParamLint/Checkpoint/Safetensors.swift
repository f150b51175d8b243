import CJansson

/// safetensors (huggingface): an 8-byte little-endian header length N, N bytes of JSON
/// `{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}`,
/// then the tensor bytes. Only the header is read for a listing; the checks are those of the
/// safetensors library: N within the file, offsets within the data and matching the shape.
public enum Safetensors {
    /// safetensors' own limit on the header (100 MB).
    public static let maxHeaderLength: UInt64 = 100_000_000

    /// safetensors dtype → TensorFlow's name.
    public static let dtypeNames: [String: String] = [
        "F64": "float64", "F32": "float32", "F16": "float16", "BF16": "bfloat16",
        "I64": "int64", "I32": "int32", "I16": "int16", "I8": "int8",
        "U64": "uint64", "U32": "uint32", "U16": "uint16", "U8": "uint8", "BOOL": "bool",
        "F8_E5M2": "float8_e5m2", "F8_E4M3": "float8_e4m3fn", "C64": "complex64",
    ]

    static let byteSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1,
        "U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1, "F8_E5M2": 1, "F8_E4M3": 1, "C64": 8,
    ]

    /// Whether `bytes` look like safetensors: a header length that fits, then `{`.
    public static func looksLike(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 10 else { return false }
        let n = bytes.withUnsafeBytes { ByteOrder.le64($0, 0) }
        return n >= 2 && n <= UInt64(bytes.count - 8) && bytes[8] == UInt8(ascii: "{")
    }

    public static func read(path: String) throws(CheckpointError) -> Checkpoint {
        let bytes = try FileBytes.read(path)
        return Checkpoint(path: path, format: .safetensors, variables: try parse(bytes, file: path))
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(CheckpointError) -> [CheckpointVariable] {
        guard bytes.count >= 8 else {
            throw CheckpointError(file: file, reason: "file is too short for safetensors (\(bytes.count) bytes; the header length alone is 8)")
        }
        let n = bytes.withUnsafeBytes { ByteOrder.le64($0, 0) }
        let available = UInt64(bytes.count - 8)
        guard n <= available else {
            throw CheckpointError(file: file, location: "header", reason: "header length \(n) runs past the end of the file (\(available) bytes follow the length): truncated or not safetensors")
        }
        guard n <= maxHeaderLength else {
            throw CheckpointError(file: file, location: "header", reason: "header length \(n) above safetensors' limit of \(maxHeaderLength)")
        }
        let headerEnd = 8 + Int(n)
        let dataLength = bytes.count - headerEnd
        var error = json_error_t()
        let parsed: UnsafeMutablePointer<json_t>? = bytes.withUnsafeBytes { raw in
            json_loadb(raw.baseAddress.map { ($0 + 8).assumingMemoryBound(to: CChar.self) }, Int(n),
                       Int(JSON_REJECT_DUPLICATES), &error)
        }
        guard let root = parsed else {
            let message = withUnsafeBytes(of: error.text) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            throw CheckpointError(file: file, location: "header", reason: "invalid JSON header: \(message)")
        }
        defer { pl_json_decref(root) }
        guard pl_json_typeof(root) == JSON_OBJECT else {
            throw CheckpointError(file: file, location: "header", reason: "the JSON header is not an object")
        }
        var variables: [CheckpointVariable] = []
        variables.reserveCapacity(json_object_size(root))
        var it = json_object_iter(root)
        while let i = it {
            defer { it = json_object_iter_next(root, i) }
            guard let keyPointer = json_object_iter_key(i) else { continue }
            let name = String(cString: keyPointer)
            if name == "__metadata__" { continue }
            let value = json_object_iter_value(i)
            func fail(_ reason: String) -> CheckpointError {
                CheckpointError(file: file, location: "tensor '\(name)'", reason: reason)
            }
            guard let value, pl_json_typeof(value) == JSON_OBJECT else { throw fail("tensor info is not an object") }
            guard let d = json_object_get(value, "dtype"), pl_json_typeof(d) == JSON_STRING, let dc = json_string_value(d) else {
                throw fail("missing dtype")
            }
            let dtype = String(cString: dc)
            guard let s = json_object_get(value, "shape"), pl_json_typeof(s) == JSON_ARRAY else { throw fail("missing shape") }
            var shape: [Int] = []
            var elements = 1
            for k in 0..<json_array_size(s) {
                guard let e = json_array_get(s, k), pl_json_typeof(e) == JSON_INTEGER, json_integer_value(e) >= 0 else {
                    throw fail("shape dimension \(k) is not a non-negative integer")
                }
                let dim = Int(json_integer_value(e))
                let (p, o) = elements.multipliedReportingOverflow(by: dim)
                guard !o else { throw fail("the element count of shape overflows") }
                elements = p
                shape.append(dim)
            }
            guard let offsets = json_object_get(value, "data_offsets"), pl_json_typeof(offsets) == JSON_ARRAY,
                  json_array_size(offsets) == 2,
                  let b = json_array_get(offsets, 0), pl_json_typeof(b) == JSON_INTEGER,
                  let e = json_array_get(offsets, 1), pl_json_typeof(e) == JSON_INTEGER
            else { throw fail("missing data_offsets [begin, end]") }
            let begin = json_integer_value(b), end = json_integer_value(e)
            guard begin >= 0, begin <= end, end <= Int64(dataLength) else {
                throw fail("data_offsets [\(begin), \(end)] outside the \(dataLength) bytes of tensor data")
            }
            if let size = byteSizes[dtype] {
                let (bytesNeeded, o) = elements.multipliedReportingOverflow(by: size)
                guard !o, Int64(bytesNeeded) == end - begin else {
                    throw fail("data_offsets [\(begin), \(end)] hold \(end - begin) bytes, but shape \(shape) of \(dtype) needs \(o ? "more" : String(bytesNeeded))")
                }
            }
            variables.append(CheckpointVariable(name: name, dtype: dtypeNames[dtype] ?? dtype.lowercased(), shape: shape))
        }
        return variables
    }
}
