import Glibc
@testable import ParamLint

/// `Tests/Fixtures/torch-checkpoints`: files written by real `torch.save` (generate.py) and the
/// listing torch itself gave for each.
enum TorchFixtures {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        // .../Tests/ParamLintTests/Checkpoint/Torch/TorchFixtures.swift -> .../Tests
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/Fixtures/torch-checkpoints"
    }()

    static let files = [
        "returnn_style.pt", "state_dict.pt", "dtypes.pt", "nested.pt", "parameters.pt",
        "model.003.opt.pt", "plain_optimizer.pt", "legacy.pt", "protocol4.pt", "rezipped_zip64.pt",
    ]

    static func path(_ name: String) -> String { root + "/" + name }

    static func bytes(_ name: String) throws -> [UInt8] { try FileBytes.read(path(name)) }

    /// torch's own listing of `name`, as generate.py recorded it.
    static func expected(_ name: String) throws -> Checkpoint {
        let json = path(String(name.dropLast(3)) + ".expected.json")
        let all = try JSONListing.parse(try FileBytes.read(json), file: json)
        precondition(all.count == 1)
        return all[0]
    }

    /// The entries of a real fixture's archive, in order, read with the product's zip reader.
    static func entries(_ name: String) throws -> [(name: String, bytes: [UInt8])] {
        let source = InMemoryBytes(file: name, bytes: try bytes(name))
        let zip = try ZipDirectory.read(source)
        return try zip.entries.map { ($0.name, try zip.contents(of: $0, in: source, limit: 1 << 30)) }
    }

    /// The same archive with `data.pkl` replaced: how the pickle variants below are made.
    static func withPickle(_ pickle: [UInt8], from name: String = "returnn_style.pt") throws -> [UInt8] {
        let entries = try entries(name)
        return TestZip.make(entries.map { $0.name.hasSuffix("/data.pkl") ? ($0.name, pickle) : $0 })
    }
}

/// A minimal writer of stored zip archives in torch.save's layout (zip64 end records), for
/// variants derived from the real fixtures. `zip64Extras`: every central header saturates its
/// sizes and offset and carries them in a zip64 extra field, as a file over 4 GiB would.
enum TestZip {
    static func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }

    static func make(_ entries: [(name: String, bytes: [UInt8])], zip64Extras: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for e in entries {
            let name = Array(e.name.utf8)
            let offset = UInt64(out.count)
            let size = UInt64(e.bytes.count)
            out += le(0x0403_4B50, 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4)
            out += le(size, 4) + le(size, 4) + le(UInt64(name.count), 2) + le(0, 2) + name + e.bytes
            let extra = zip64Extras ? le(1, 2) + le(24, 2) + le(size, 8) + le(size, 8) + le(offset, 8) : []
            let saturated: UInt64 = 0xFFFF_FFFF
            central += le(0x0201_4B50, 4) + le(45, 2) + le(45, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4)
            central += le(zip64Extras ? saturated : size, 4) + le(zip64Extras ? saturated : size, 4)
            central += le(UInt64(name.count), 2) + le(UInt64(extra.count), 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4)
            central += le(zip64Extras ? saturated : offset, 4) + name + extra
        }
        let cdOffset = UInt64(out.count)
        out += central
        let zip64End = UInt64(out.count)
        let n = UInt64(entries.count)
        out += le(0x0606_4B50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4)
        out += le(n, 8) + le(n, 8) + le(UInt64(central.count), 8) + le(cdOffset, 8)
        out += le(0x0706_4B50, 4) + le(0, 4) + le(zip64End, 8) + le(1, 4)
        out += le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(n, 2) + le(n, 2)
        out += le(UInt64(central.count), 4) + le(cdOffset, 4) + le(0, 2)
        return out
    }
}

/// Pickle streams written opcode by opcode, for the hostile variants.
enum P {
    static func proto(_ v: UInt8 = 2) -> [UInt8] { [0x80, v] }
    static func str(_ s: String) -> [UInt8] { [0x58] + TestZip.le(UInt64(s.utf8.count), 4) + Array(s.utf8) }
    static func global(_ module: String, _ name: String) -> [UInt8] { [0x63] + Array("\(module)\n\(name)\n".utf8) }
    static let mark: [UInt8] = [0x28]
    static let tuple: [UInt8] = [0x74]
    static let reduce: [UInt8] = [0x52]
    static let emptyDict: [UInt8] = [0x7D]
    static let emptyTuple: [UInt8] = [0x29]
    static let setItem: [UInt8] = [0x73]
    static let stop: [UInt8] = [0x2E]
    static func put(_ i: UInt8) -> [UInt8] { [0x71, i] }
    static func get(_ i: UInt8) -> [UInt8] { [0x68, i] }
    static func int1(_ i: UInt8) -> [UInt8] { [0x4B, i] }
}
