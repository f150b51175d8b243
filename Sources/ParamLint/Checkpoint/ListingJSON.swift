import CJansson

/// The JSON listing: exactly what `lint vars --format json` prints.
///
///     {"schemaVersion": 1, "checkpoints": [
///       {"path": "model.index", "format": "tf-index", "variables": [
///         {"name": "output/W", "dtype": "float32", "shape": [512, 10]}
///       ]}
///     ]}
///
/// One variable a line, so listings diff well. `dtype` and `shape` are `null` when unknown (the
/// reader also accepts them missing). Read with jansson.
public enum JSONListing {
    public static let schemaVersion = 1

    // MARK: - Writing

    public static func render(_ checkpoints: [Checkpoint]) -> String {
        var out = "{\"schemaVersion\": \(schemaVersion), \"checkpoints\": ["
        var size = 64
        for c in checkpoints { size += c.variables.count * 64 }
        out.reserveCapacity(size)
        for (ci, c) in checkpoints.enumerated() {
            out += "\n  {\"path\": "
            appendJSONString(c.path, into: &out)
            out += ", \"format\": "
            appendJSONString(c.format.rawValue, into: &out)
            if let t = c.torch { appendTorch(t, to: &out) }
            out += ", \"variables\": ["
            for (vi, v) in c.variables.enumerated() {
                out += vi == 0 ? "\n    " : ",\n    "
                appendVariable(v, to: &out)
            }
            out += c.variables.isEmpty ? "]}" : "\n  ]}"
            if ci + 1 < checkpoints.count { out += "," }
        }
        out += checkpoints.isEmpty ? "]}\n" : "\n]}\n"
        return out
    }

    /// `JSONOutput.writeString`, with a fast path for the usual name that needs no escaping.
    static func appendJSONString(_ s: String, into out: inout String) {
        for b in s.utf8 where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
            JSONOutput.writeString(s, into: &out)
            return
        }
        out += "\""
        out += s
        out += "\""
    }

    /// `"torch": {"contents": ..., "topLevelKeys": [...], "epoch": N|null, "step": N|null, "legacy": B}`:
    /// what a `.pt` file holds besides the listed state dict (the contract's `lint vars` shape plus
    /// this one optional member, present only for PyTorch files).
    static func appendTorch(_ t: TorchFileInfo, to out: inout String) {
        out += ", \"torch\": {\"contents\": "
        appendJSONString(t.contents.rawValue, into: &out)
        out += ", \"topLevelKeys\": ["
        for (i, k) in t.topLevelKeys.enumerated() {
            if i > 0 { out += ", " }
            appendJSONString(k, into: &out)
        }
        out += "], \"epoch\": " + (t.epoch.map(String.init) ?? "null")
        out += ", \"step\": " + (t.step.map(String.init) ?? "null")
        out += ", \"legacy\": " + (t.legacy ? "true" : "false") + "}"
    }

    static func torchValue(_ t: TorchFileInfo) -> JSONOutput {
        .object([
            ("contents", .string(t.contents.rawValue)),
            ("topLevelKeys", .array(t.topLevelKeys.map { .string($0) })),
            ("epoch", t.epoch.map { .int($0) } ?? .null),
            ("step", t.step.map { .int($0) } ?? .null),
            ("legacy", .bool(t.legacy)),
        ])
    }

    static func appendVariable(_ v: CheckpointVariable, to out: inout String) {
        out += "{\"name\": "
        appendJSONString(v.name, into: &out)
        out += ", \"dtype\": "
        if let d = v.dtype { appendJSONString(d, into: &out) } else { out += "null" }
        out += ", \"shape\": "
        if let shape = v.shape {
            out += "["
            for (i, d) in shape.enumerated() {
                if i > 0 { out += ", " }
                out += String(d)
            }
            out += "]"
        } else {
            out += "null"
        }
        out += "}"
    }

    /// The same document as a `JSONOutput` value, for embedding in other JSON output.
    public static func value(_ checkpoints: [Checkpoint]) -> JSONOutput {
        .object([
            ("schemaVersion", .int(schemaVersion)),
            ("checkpoints", .array(checkpoints.map { c in
                .object([
                    ("path", .string(c.path)),
                    ("format", .string(c.format.rawValue)),
                ] + (c.torch.map { [("torch", torchValue($0))] } ?? []) + [
                    ("variables", .array(c.variables.map { v in
                        .object([
                            ("name", .string(v.name)),
                            ("dtype", v.dtype.map { .string($0) } ?? .null),
                            ("shape", v.shape.map { .array($0.map { .int($0) }) } ?? .null),
                        ])
                    })),
                ])
            })),
        ])
    }

    // MARK: - Reading

    public static func read(path: String) throws(CheckpointError) -> Checkpoint {
        let bytes = try FileBytes.read(path)
        let checkpoints = try parse(bytes, file: path)
        if checkpoints.count != 1 {
            throw CheckpointError(
                file: path,
                reason: "the listing holds \(checkpoints.count) checkpoints (\(checkpoints.map(\.path).joined(separator: ", "))); give a listing of one")
        }
        return Checkpoint(path: path, format: .jsonListing, variables: checkpoints[0].variables)
    }

    /// Every checkpoint of the document, with the path and format it records.
    public static func parse(_ bytes: [UInt8], file: String) throws(CheckpointError) -> [Checkpoint] {
        var error = json_error_t()
        let flags = Int(JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)
        let parsed: UnsafeMutablePointer<json_t>? = bytes.withUnsafeBytes { raw in
            json_loadb(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, flags, &error)
        }
        guard let root = parsed else {
            let message = withUnsafeBytes(of: error.text) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw CheckpointError(
                file: file, location: "line \(error.line), column \(error.column)",
                reason: "invalid JSON listing: \(message)")
        }
        defer { pl_json_decref(root) }
        func fail(_ pointer: String, _ reason: String) -> CheckpointError {
            CheckpointError(file: file, location: pointer.isEmpty ? nil : pointer, reason: reason)
        }
        guard pl_json_typeof(root) == JSON_OBJECT else {
            throw fail("", "a JSON listing is an object {\"schemaVersion\": 1, \"checkpoints\": [...]}")
        }
        guard let version = json_object_get(root, "schemaVersion"), pl_json_typeof(version) == JSON_INTEGER else {
            throw fail("/schemaVersion", "missing or non-integer schemaVersion")
        }
        guard json_integer_value(version) == Int64(schemaVersion) else {
            throw fail("/schemaVersion", "unsupported schemaVersion \(json_integer_value(version)) (this linter reads \(schemaVersion))")
        }
        guard let list = json_object_get(root, "checkpoints"), pl_json_typeof(list) == JSON_ARRAY else {
            throw fail("/checkpoints", "missing checkpoints array")
        }
        var checkpoints: [Checkpoint] = []
        for ci in 0..<json_array_size(list) {
            let at = "/checkpoints/\(ci)"
            guard let c = json_array_get(list, ci), pl_json_typeof(c) == JSON_OBJECT else {
                throw fail(at, "a checkpoint must be an object")
            }
            guard let path = string(json_object_get(c, "path")) else { throw fail(at + "/path", "missing path string") }
            guard let formatName = string(json_object_get(c, "format")) else {
                throw fail(at + "/format", "missing format string")
            }
            guard let format = CheckpointFormat(rawValue: formatName) else {
                throw fail(at + "/format", "unknown format '\(formatName)' (known: \(CheckpointFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let vars = json_object_get(c, "variables"), pl_json_typeof(vars) == JSON_ARRAY else {
                throw fail(at + "/variables", "missing variables array")
            }
            var variables: [CheckpointVariable] = []
            let count = json_array_size(vars)
            variables.reserveCapacity(count)
            var seen: Set<String> = []
            seen.reserveCapacity(count)
            for vi in 0..<count {
                let vat = "\(at)/variables/\(vi)"
                guard let v = json_array_get(vars, vi), pl_json_typeof(v) == JSON_OBJECT else {
                    throw fail(vat, "a variable must be an object {\"name\", \"dtype\", \"shape\"}")
                }
                guard let name = string(json_object_get(v, "name")) else { throw fail(vat + "/name", "missing name string") }
                var dtype: String?
                if let d = json_object_get(v, "dtype"), pl_json_typeof(d) != JSON_NULL {
                    guard let s = string(d) else { throw fail(vat + "/dtype", "dtype must be a string or null") }
                    dtype = s
                }
                var shape: [Int]?
                if let s = json_object_get(v, "shape"), pl_json_typeof(s) != JSON_NULL {
                    guard pl_json_typeof(s) == JSON_ARRAY else { throw fail(vat + "/shape", "shape must be an array of integers or null") }
                    var dims: [Int] = []
                    for di in 0..<json_array_size(s) {
                        guard let d = json_array_get(s, di), pl_json_typeof(d) == JSON_INTEGER, json_integer_value(d) >= 0 else {
                            throw fail("\(vat)/shape/\(di)", "a dimension must be a non-negative integer")
                        }
                        dims.append(Int(json_integer_value(d)))
                    }
                    shape = dims
                }
                guard seen.insert(name).inserted else { throw fail(vat + "/name", "duplicate variable '\(name)'") }
                variables.append(CheckpointVariable(name: name, dtype: dtype, shape: shape))
            }
            var checkpoint = Checkpoint(path: path, format: format, variables: variables)
            if let t = json_object_get(c, "torch"), pl_json_typeof(t) != JSON_NULL {
                checkpoint.torch = try torchInfo(t, at: at + "/torch", fail: fail)
            }
            checkpoints.append(checkpoint)
        }
        return checkpoints
    }

    /// The optional `torch` member written by `appendTorch`.
    private static func torchInfo(_ t: UnsafeMutablePointer<json_t>, at: String,
                                  fail: (String, String) -> CheckpointError) throws(CheckpointError) -> TorchFileInfo {
        guard pl_json_typeof(t) == JSON_OBJECT else { throw fail(at, "torch must be an object") }
        guard let name = string(json_object_get(t, "contents")), let contents = TorchFileInfo.Contents(rawValue: name) else {
            throw fail(at + "/contents", "contents must be one of returnn-checkpoint, state-dict, nested, optimizer")
        }
        var keys: [String] = []
        if let k = json_object_get(t, "topLevelKeys"), pl_json_typeof(k) == JSON_ARRAY {
            for i in 0..<json_array_size(k) {
                guard let s = string(json_array_get(k, i)) else { throw fail("\(at)/topLevelKeys/\(i)", "a key must be a string") }
                keys.append(s)
            }
        }
        func int(_ key: String) -> Int? {
            guard let v = json_object_get(t, key), pl_json_typeof(v) == JSON_INTEGER else { return nil }
            return Int(json_integer_value(v))
        }
        let legacy = json_object_get(t, "legacy").map { pl_json_typeof($0) == JSON_TRUE } ?? false
        return TorchFileInfo(contents: contents, topLevelKeys: keys, epoch: int("epoch"), step: int("step"), legacy: legacy)
    }

    private static func string(_ json: UnsafeMutablePointer<json_t>?) -> String? {
        guard let json, pl_json_typeof(json) == JSON_STRING, let chars = json_string_value(json) else { return nil }
        let length = json_string_length(json)
        return chars.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
