/// From a path as a user or a config writes it to a `Checkpoint`: which file to read, which format
/// it is (by content, not by name), and one `CheckpointError` when that fails.
///
/// Accepted paths:
/// - a TensorFlow prefix `dir/net.080` (reads `dir/net.080.index`, as `tf.train.list_variables` does);
/// - a `.index` file (read as a TensorFlow index whatever its content, so a corrupt one gets the
///   precise error);
/// - a directory with a TensorFlow `checkpoint` state file (its `model_checkpoint_path`, relative to
///   the directory unless absolute);
/// - any other file, recognised by content: the table magic in the last 8 bytes (TF index), the zip
///   signature or a pickle's (PyTorch `torch.save`, read without executing it), a safetensors header, `{` (JSON listing), else a text
///   listing.
///
/// A `.meta` or `.data-NNNNN-of-NNNNN` path is refused with a hint to give the prefix.
public enum CheckpointLoader {
    /// Reads the one checkpoint at `path` (relative paths resolve against `workingDirectory` when
    /// given). A listing that holds several checkpoints is an error here; see `loadAll`.
    public static func load(path: String, workingDirectory: String? = nil) throws(CheckpointError) -> Checkpoint {
        let all = try loadAll(path: path, workingDirectory: workingDirectory)
        guard all.count == 1, let only = all.first else {
            throw CheckpointError(
                file: display(path, workingDirectory),
                reason: "the listing holds \(all.count) checkpoints (\(all.map(\.path).joined(separator: ", "))); give a listing of one")
        }
        return only
    }

    /// Like `load`, but a listing of several checkpoints (`lint vars A B --format json` output)
    /// gives them all. A listing's checkpoints keep the path and format it records when it holds
    /// several; a single one is reported as the listing file itself.
    public static func loadAll(path: String, workingDirectory: String? = nil) throws(CheckpointError) -> [Checkpoint] {
        let file = display(path, workingDirectory)
        switch FileBytes.kind(file) {
        case .directory:
            let prefix = try stateFilePrefix(directory: file)
            let index = prefix + ".index"
            guard FileBytes.kind(index) == .regular else {
                throw CheckpointError(
                    file: file + "/checkpoint",
                    reason: "model_checkpoint_path names '\(prefix)', but '\(index)' does not exist")
            }
            return [try TensorBundle.read(path: index)]
        case .regular:
            if let hint = siblingHint(file) { throw CheckpointError(file: file, reason: hint) }
            // A torch.save file is read in place (its tail and data.pkl), never in full.
            if !file.hasSuffix(".index"), let torch = try torchFile(file) { return [try TorchCheckpointReader.read(torch)] }
            let bytes = try FileBytes.read(file)
            return try read(bytes, file: file)
        case .other:
            throw CheckpointError(file: file, reason: "not a regular file")
        case .missing:
            let index = file + ".index"
            if FileBytes.kind(index) == .regular { return [try TensorBundle.read(path: index)] }
            throw CheckpointError(file: file, reason: "no such file or directory (nor '\(index)')")
        }
    }

    /// What a file holds, judged by its content.
    public enum DetectedFormat: Sendable, Equatable {
        case tfIndex, pytorchZip, pytorchLegacyPickle, safetensors, jsonListing, textListing, unknown
    }

    public static func detect(_ bytes: [UInt8], path: String) -> DetectedFormat {
        if bytes.withUnsafeBytes({ TensorBundleTable.hasMagic($0) }) || path.hasSuffix(".index") { return .tfIndex }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .pytorchZip }
        if Safetensors.looksLike(bytes) || path.hasSuffix(".safetensors") { return .safetensors }
        if let first = bytes.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }),
           first == UInt8(ascii: "{")
        {
            return .jsonListing
        }
        if bytes.count >= 2 && bytes[0] == 0x80 && (2...5).contains(bytes[1]) { return .pytorchLegacyPickle }
        let head = bytes.prefix(65536)
        if head.contains(0) { return .unknown }
        if bytes.count <= 65536 {
            guard String(validating: bytes, as: UTF8.self) != nil else { return .unknown }
        }
        return .textListing
    }

    static func read(_ bytes: [UInt8], file: String) throws(CheckpointError) -> [Checkpoint] {
        let format = detect(bytes, path: file)
        if bytes.isEmpty && format != .tfIndex { throw CheckpointError(file: file, reason: "file is empty") }
        switch format {
        case .tfIndex:
            let index = try TensorBundle.parse(bytes, file: file)
            return [Checkpoint(path: file, format: .tfIndex, variables: index.variables)]
        case .pytorchZip, .pytorchLegacyPickle:
            return [try TorchCheckpointReader.read(bytes: bytes, file: file)]
        case .safetensors:
            return [Checkpoint(path: file, format: .safetensors, variables: try Safetensors.parse(bytes, file: file))]
        case .jsonListing:
            let all = try JSONListing.parse(bytes, file: file)
            if all.count == 1 {
                var c = Checkpoint(path: file, format: .jsonListing, variables: all[0].variables)
                c.torch = all[0].torch
                return [c]
            }
            return all
        case .textListing:
            let sections = try TextListing.parse(bytes, file: file)
            if sections.count == 1 {
                return [Checkpoint(path: file, format: .textListing, variables: sections[0].variables, byteOrder: sections[0].byteOrder)]
            }
            return sections.map {
                Checkpoint(path: $0.path ?? file, format: $0.format ?? .textListing, variables: $0.variables, byteOrder: $0.byteOrder)
            }
        case .unknown:
            if bytes.isEmpty { throw CheckpointError(file: file, reason: "file is empty") }
            throw CheckpointError(
                file: file,
                reason: "not a checkpoint: no TensorFlow table magic, zip signature or safetensors header, and not a text or JSON listing")
        }
    }

    /// The open file when its first bytes are a zip's or a pickle's signature (what `torch.save`
    /// writes), else nil.
    static func torchFile(_ file: String) throws(CheckpointError) -> PositionalFile? {
        let f = try PositionalFile(path: file)
        guard f.count >= 4 else { return nil }
        let head = try f.read(at: 0, length: 4)
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return f }
        if head[0] == 0x80, (2...5).contains(head[1]) { return f }
        return nil
    }

    // MARK: - TensorFlow file layout

    /// Which files of a TensorFlow checkpoint prefix exist: what RETURNN's existence checks look at
    /// (`exists(P + ".meta") or exists(P)`, `P.index` for TF's reader).
    public struct TFCheckpointFiles: Sendable, Equatable {
        public var prefix: String
        public var indexExists: Bool
        public var metaExists: Bool
        /// The bare prefix exists as a file or directory.
        public var prefixExists: Bool
        public var ptExists: Bool

        public var indexPath: String { prefix + ".index" }
        public var metaPath: String { prefix + ".meta" }
        public var ptPath: String { prefix + ".pt" }
    }

    /// `prefix` as RETURNN passes it (after `stripCheckpointSuffix`), relative to `workingDirectory`.
    public static func resolveTF(prefix: String, workingDirectory: String? = nil) -> TFCheckpointFiles {
        let p = display(prefix, workingDirectory)
        return TFCheckpointFiles(
            prefix: p,
            indexExists: FileBytes.kind(p + ".index") == .regular,
            metaExists: FileBytes.exists(p + ".meta"),
            prefixExists: FileBytes.exists(p),
            ptExists: FileBytes.exists(p + ".pt"))
    }

    /// RETURNN's `get_checkpoint_filepattern`: strips one trailing `.meta`, `.index` or `.pt`.
    public static func stripCheckpointSuffix(_ path: String) -> String {
        for suffix in [".meta", ".index", ".pt"] where path.hasSuffix(suffix) {
            return String(path.dropLast(suffix.count))
        }
        return path
    }

    /// For `dir/P.meta` or `dir/P.data-00000-of-00001`: why that file cannot be listed, and what to
    /// give instead.
    static func siblingHint(_ path: String) -> String? {
        if path.hasSuffix(".meta") {
            let prefix = String(path.dropLast(5))
            return "this is a TensorFlow meta graph, which holds no variable values; give the checkpoint prefix '\(prefix)' (reads '\(prefix).index')"
        }
        if let range = dataShardSuffix(path) {
            let prefix = String(path[..<range.lowerBound])
            return "this is a data shard of a TensorFlow checkpoint; give the checkpoint prefix '\(prefix)' (reads '\(prefix).index')"
        }
        return nil
    }

    /// The range of a trailing `.data-NNNNN-of-NNNNN`.
    static func dataShardSuffix(_ path: String) -> Range<String.Index>? {
        // ".data-%05d-of-%05d": 20 bytes when both numbers have five digits
        let u = Array(path.utf8)
        guard u.count > 20 else { return nil }
        let tail = Array(u[(u.count - 20)...])
        let pattern = Array(".data-#####-of-#####".utf8)
        for (c, p) in zip(tail, pattern) {
            if p == UInt8(ascii: "#") { guard (48...57).contains(c) else { return nil } } else if c != p { return nil }
        }
        let start = path.utf8.index(path.utf8.endIndex, offsetBy: -20)
        return start..<path.endIndex
    }

    /// The prefix named by `directory/checkpoint` (`model_checkpoint_path: "..."`, text format).
    public static func stateFilePrefix(directory: String) throws(CheckpointError) -> String {
        let stateFile = directory.hasSuffix("/") ? directory + "checkpoint" : directory + "/checkpoint"
        guard FileBytes.kind(stateFile) == .regular else {
            throw CheckpointError(
                file: directory,
                reason: "a directory without a TensorFlow 'checkpoint' state file; give the checkpoint prefix (e.g. '\(directory)/model.ckpt-5') or its .index file")
        }
        let text = String(decoding: try FileBytes.read(stateFile), as: UTF8.self)
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let t = line.trimmingBlanks()
            guard t.hasPrefix("model_checkpoint_path") else { continue }
            var rest = t.dropFirst("model_checkpoint_path".count).trimmingBlanks()
            guard rest.first == ":" else { continue }
            rest = rest.dropFirst().trimmingBlanks()
            guard let value = unquoteTextProto(rest) else {
                throw CheckpointError(file: stateFile, reason: "malformed model_checkpoint_path value \(rest)")
            }
            if value.hasPrefix("/") { return value }
            return (directory.hasSuffix("/") ? directory : directory + "/") + value
        }
        throw CheckpointError(file: stateFile, reason: "no model_checkpoint_path in the checkpoint state file")
    }

    /// A text-format protobuf string: `"..."` or `'...'` with C escapes.
    static func unquoteTextProto(_ s: Substring) -> String? {
        guard let q = s.first, q == "\"" || q == "'", s.count >= 2, s.last == q else { return nil }
        let body = Array(s.dropFirst().dropLast().utf8)
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            let c = body[i]
            i += 1
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            guard i < body.count else { return nil }
            let e = body[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(e - 48)
                var k = 0
                while k < 2, i < body.count, (48...55).contains(body[i]) { v = v * 8 + Int(body[i] - 48); i += 1; k += 1 }
                out.append(UInt8(truncatingIfNeeded: v))
            case UInt8(ascii: "x"):
                var v = 0
                var k = 0
                while k < 2, i < body.count, let d = Int(String(UnicodeScalar(body[i])), radix: 16) { v = v * 16 + d; i += 1; k += 1 }
                guard k > 0 else { return nil }
                out.append(UInt8(v))
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func display(_ path: String, _ workingDirectory: String?) -> String {
        guard let wd = workingDirectory, !path.hasPrefix("/"), !wd.isEmpty else { return path }
        return wd.hasSuffix("/") ? wd + path : wd + "/" + path
    }
}
