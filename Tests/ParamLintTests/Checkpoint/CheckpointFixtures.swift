@testable import ParamLint

/// Locates `Tests/Fixtures/checkpoints` from this source file (no SwiftPM resources).
enum CheckpointFixtures {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        // .../Tests/ParamLintTests/Checkpoint/CheckpointFixtures.swift -> .../Tests
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/Fixtures/checkpoints"
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func bytes(_ relative: String) throws -> [UInt8] { try FileBytes.read(path(relative)) }

    /// TensorFlow's own listing, recorded by generate.py.
    static func expected(_ relative: String) throws -> [CheckpointVariable] {
        let listings = try JSONListing.parse(try bytes(relative), file: relative)
        precondition(listings.count == 1)
        return listings[0].variables
    }

    /// The TF checkpoints and the expected listing of each (prefix relative to the root).
    static let tfPrefixes = [
        "returnn_style_saver/model.ckpt-5",
        "object_based/ckpt-1",
        "partitioned/model.ckpt-1",
        "sharded/model.ckpt-3",
        "sharded_tf2/ckpt-1",
        "many_20k/many",
        "derived/big_endian",
        "derived/unknown_field",
        "derived/rewritten",
    ]
}

/// A scratch directory under /tmp, removed by `remove()`.
struct TemporaryDirectory {
    let path: String
    init() {
        var template = Array("/tmp/paramlint-ckpt-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buf in buf.baseAddress.flatMap { mkdtemp($0) } }
        path = made.map { String(cString: $0) } ?? "/tmp/paramlint-ckpt-fallback"
    }

    func write(_ name: String, _ bytes: [UInt8]) {
        let full = path + "/" + name
        guard let f = fopen(full, "wb") else { return }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
    }

    func write(_ name: String, _ text: String) { write(name, Array(text.utf8)) }

    func mkdir(_ name: String) { _ = Glibc.mkdir(path + "/" + name, 0o755) }

    func remove() {
        _ = system("rm -rf '\(path)'")
    }
}

#if canImport(Glibc)
import Glibc
#endif
