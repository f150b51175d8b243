import Glibc
import Testing
@testable import ParamLint

/// Damaged and hostile `.pt` files, each derived from a real fixture: every one ends in a
/// `CheckpointError` that names the file and the reason — no crash, no hang, nothing executed.
@Suite struct TorchCorruptTests {
    static func reason(_ bytes: [UInt8], file: String = "bad.pt") -> String? {
        do {
            _ = try CheckpointLoader.read(bytes, file: file)
            return nil
        } catch {
            #expect(error.file == file)
            return error.description
        }
    }

    static func offset(of pattern: [UInt8], in bytes: [UInt8], from: Int = 0) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        var i = from
        while i + pattern.count <= bytes.count {
            if bytes[i] == pattern[0], Array(bytes[i..<(i + pattern.count)]) == pattern { return i }
            i += 1
        }
        return nil
    }

    static func patch(_ b: inout [UInt8], at i: Int, _ value: UInt64, _ n: Int) {
        for (k, x) in TestZip.le(value, n).enumerated() { b[i + k] = x }
    }

    // MARK: - The zip container

    @Test func truncatedFiles() throws {
        let real = try TorchFixtures.bytes("returnn_style.pt")
        for keep in [real.count - 1, real.count - 30, real.count / 2, 100, 10] {
            let r = try #require(Self.reason(Array(real.prefix(keep))), "kept \(keep)")
            #expect(r.contains("bad.pt"))
            #expect(r.contains("truncated"), "\(keep): \(r)")
        }
    }

    @Test func centralDirectoryPastTheEnd() throws {
        var b = try TorchFixtures.bytes("returnn_style.pt")
        let record = try #require(Self.offset(of: [0x50, 0x4B, 0x06, 0x06], in: b))
        Self.patch(&b, at: record + 48, UInt64(b.count) + 4096, 8)
        let r = try #require(Self.reason(b))
        #expect(r.contains("runs past the end of the file"), "\(r)")
    }

    @Test func zipBombDeclaredSizes() throws {
        let real = try TorchFixtures.bytes("returnn_style.pt")
        let central = try #require(Self.offset(of: [0x50, 0x4B, 0x01, 0x02], in: real))
        // data.pkl's central header (the first one) declares 2 GiB stored and uncompressed.
        var b = real
        Self.patch(&b, at: central + 20, 0x7FFF_FFFF, 4)
        Self.patch(&b, at: central + 24, 0x7FFF_FFFF, 4)
        let r = try #require(Self.reason(b))
        #expect(r.contains("declares 2147483647 bytes"), "\(r)")
        // stored and uncompressed sizes that disagree (what a bomb's deflate header looks like)
        b = real
        Self.patch(&b, at: central + 24, 0x7FFF_FFFF, 4)
        #expect(try #require(Self.reason(b)).contains("uncompressed"))
        // a billion entries declared in the zip64 end record
        b = real
        let record = try #require(Self.offset(of: [0x50, 0x4B, 0x06, 0x06], in: b))
        Self.patch(&b, at: record + 32, 1_000_000_000, 8)
        #expect(try #require(Self.reason(b)).contains("1000000000 entries declared"))
    }

    @Test func missingOrShortStorage() throws {
        let entries = try TorchFixtures.entries("returnn_style.pt")
        let withoutFirst = entries.filter { !$0.name.hasSuffix("/data/0") }
        #expect(try #require(Self.reason(TestZip.make(withoutFirst))).contains("there is no 'returnn_style/data/0'"))
        let short = entries.map { $0.name.hasSuffix("/data/0") ? ($0.name, Array($0.bytes.prefix(3))) : $0 }
        #expect(try #require(Self.reason(TestZip.make(short))).contains("bytes, but its"))
    }

    @Test func aZipWithoutDataPkl() throws {
        let b = TestZip.make([("archive/readme.txt", Array("hi".utf8))])
        #expect(try #require(Self.reason(b)).contains("no 'archive/data.pkl'"))
    }

    // MARK: - The pickle

    static func pickleReason(_ pickle: [UInt8]) throws -> String {
        try #require(Self.reason(try TorchFixtures.withPickle(pickle)))
    }

    @Test func unknownOpcode() throws {
        #expect(try Self.pickleReason(P.proto() + [0xFF]).contains("unknown pickle opcode 0xff"))
        #expect(try Self.pickleReason(P.proto() + P.emptyDict + [0x69]).contains("INST"))
        #expect(try Self.pickleReason(P.proto(6)).contains("protocol 6"))
    }

    @Test func reduceToOsSystemIsNeverPerformed() throws {
        let marker = "/tmp/paramlint-torch-marker-\(getpid())"
        unlink(marker)
        let call = P.global("os", "system") + P.mark + P.str("touch \(marker)") + P.tuple + P.reduce
        // at the top level
        let top = try Self.pickleReason(P.proto() + call + P.stop)
        #expect(top.contains("built by os.system, which is not performed"), "\(top)")
        // as a value of the model's state dict
        let inModel = P.proto() + P.emptyDict + P.str("model") + P.emptyDict + P.str("w") + call + P.setItem + P.setItem + P.stop
        #expect(try Self.pickleReason(inModel).contains("'model.w'") || (try Self.pickleReason(inModel)).contains("entry 'w'"))
        #expect(try Self.pickleReason(inModel).contains("call to os.system"))
        // beside the model (an opaque value RETURNN's engine would not look at): read, not run
        let beside = P.proto() + P.emptyDict + P.str("model") + P.emptyDict + P.setItem + P.str("x") + call + P.setItem + P.stop
        let c = try TorchCheckpointReader.read(bytes: try TorchFixtures.withPickle(beside), file: "ok.pt")
        #expect(c.torch?.topLevelKeys == ["model", "x"])
        #expect(access(marker, F_OK) != 0, "the marker file was created")
    }

    @Test func pickledModuleObject() throws {
        let r = try Self.pickleReason(P.proto() + P.global("__main__", "Net") + P.emptyTuple + [0x81] + P.stop)
        #expect(r.contains("built by __main__.Net"), "\(r)")
        #expect(r.contains("model.state_dict()"))
    }

    @Test func unknownTensorConstructorIsNamed() throws {
        let r = try Self.pickleReason(P.proto() + P.global("torch._utils", "_rebuild_qtensor") + P.emptyTuple + P.reduce + P.stop)
        #expect(r.contains("a tensor built by torch._utils._rebuild_qtensor"), "\(r)")
    }

    @Test func cyclicMemo() throws {
        // d = {}; d["self"] = d; {"model": d}
        let cyclic = P.proto() + P.emptyDict + P.str("model") + P.emptyDict + P.put(1) + P.str("self") + P.get(1)
            + P.setItem + P.setItem + P.stop
        #expect(try Self.pickleReason(cyclic).contains("contains itself"))
    }

    @Test func deepNesting() throws {
        // 2000 nested MARKs
        #expect(try Self.pickleReason(P.proto() + [UInt8](repeating: 0x28, count: 2000)).contains("MARK nesting deeper"))
        // dicts nested 500 deep under "model"
        var deep = P.proto() + P.emptyDict + P.str("model")
        for _ in 0..<500 { deep += P.emptyDict + P.str("k") }
        deep += P.emptyDict
        for _ in 0..<501 { deep += P.setItem }
        deep += P.stop
        #expect(try Self.pickleReason(deep).contains("nested deeper than"))
        // a million nested 1-tuples: built and freed without recursion
        let tuples = P.proto() + P.emptyTuple + [UInt8](repeating: 0x85, count: 1_000_000) + P.stop
        #expect(try Self.pickleReason(tuples).contains("a tuple, not a dict"))
    }

    @Test func memoAndLengthBudgets() throws {
        // LONG_BINPUT to index 0xFFFFFFF0 must not allocate 4 billion slots
        #expect(try Self.pickleReason(P.proto() + P.emptyDict + [0x72, 0xF0, 0xFF, 0xFF, 0xFF] + P.stop).contains("memo index 4294967280 above the limit"))
        #expect(try Self.pickleReason(P.proto() + P.get(9)).contains("never stored"))
        // a BINUNICODE8 declaring a terabyte
        #expect(try Self.pickleReason(P.proto() + [0x8D] + TestZip.le(1 << 40, 8)).contains("above the limit"))
        // a string longer than what follows
        #expect(try Self.pickleReason(P.proto() + [0x58] + TestZip.le(1000, 4) + Array("abc".utf8)).contains("truncated"))
    }

    /// A key written twice keeps its last value, as Python's dict does (torch.save never does this).
    @Test func repeatedKeyKeepsTheLastValue() throws {
        // {"model": {"w": <epoch int>, "w": {"x": {}}}, "epoch": 1, "epoch": 9}
        let pickle = P.proto() + P.emptyDict + P.str("model") + P.emptyDict + P.mark + P.str("w") + P.int1(1)
            + P.str("w") + P.emptyDict + [0x75] + P.setItem + P.mark + P.str("epoch") + P.int1(1) + P.str("epoch") + P.int1(9)
            + [0x75] + P.stop
        let c = try TorchCheckpointReader.read(bytes: try TorchFixtures.withPickle(pickle), file: "dup.pt")
        #expect(c.torch?.epoch == 9)
        #expect(c.torch?.topLevelKeys == ["model", "epoch"])
        #expect(c.variables.isEmpty)
    }

    @Test func repeatedNameKeepsTheLastTensor() {
        let c = Checkpoint(path: "p", format: .pytorch, variables: [
            CheckpointVariable(name: "b", dtype: "float32", shape: [1]),
            CheckpointVariable(name: "a", dtype: "float32", shape: [2]),
            CheckpointVariable(name: "b", dtype: "int64", shape: [3]),
        ])
        #expect(TorchStateDict.lastOfRepeatedNames(c).variables == [
            CheckpointVariable(name: "a", dtype: "float32", shape: [2]),
            CheckpointVariable(name: "b", dtype: "int64", shape: [3]),
        ])
    }

    @Test func legacyWithoutMagicIsRefused() throws {
        let r = try #require(Self.reason(P.proto() + P.emptyDict + P.stop))
        #expect(r.contains("magic number"))
    }

    @Test func cliExitsTwoNamingTheFile() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let real = try TorchFixtures.bytes("returnn_style.pt")
        dir.write("cut.pt", Array(real.prefix(real.count / 2)))
        let run = try CLITests.lint(["vars", dir.path + "/cut.pt"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("lint: \(dir.path)/cut.pt: zip: "), "\(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
    }
}
