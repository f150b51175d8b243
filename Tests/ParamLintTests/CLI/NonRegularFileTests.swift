import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import ParamLint

/// A path from anyone's config or command line is opened only when it is a regular file the linter
/// may read whole: no hang on a FIFO, no endless read of /dev/zero or /proc, no 1 GB read.
struct NonRegularFileTests {
    static func expectRefused(_ args: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try CLITests.lint(args)
        #expect(run.status == 2, "\(args): exit \(run.status)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(message), "\(args): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(!run.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
    }

    @Test func devicesAreNotReadAsConfigs() throws {
        for device in ["/dev/zero", "/dev/urandom", "/dev/null"] {
            try Self.expectRefused([device], "cannot read config \(device): is a device, not a regular file; it is not read")
            try Self.expectRefused(["plan", device], "is a device, not a regular file")
        }
    }

    @Test func procIsNotRead() throws {
        try Self.expectRefused(["/proc/self/status"], "is in /proc, not a file on disk; it is not read")
    }

    @Test func aFIFOAndBrokenLinksAreRefusedWithoutWaiting() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        #expect(mkfifo(dir.path + "/fifo", 0o600) == 0)
        #expect(symlink(dir.path + "/nowhere", dir.path + "/dangling") == 0)
        #expect(symlink(dir.path + "/loop2", dir.path + "/loop1") == 0)
        #expect(symlink(dir.path + "/loop1", dir.path + "/loop2") == 0)
        try Self.expectRefused([dir.path + "/fifo"], "is a FIFO (named pipe), not a regular file; it is not read")
        try Self.expectRefused([dir.path + "/dangling"], "is a symbolic link to a file that does not exist")
        try Self.expectRefused([dir.path + "/loop1"], "is a symbolic link loop")
        try Self.expectRefused(["dump", dir.path + "/fifo"], "is a FIFO")
        // As a checkpoint: `lint vars` and a --ckpt listing.
        let vars = try CLITests.lint(["vars", dir.path + "/fifo"])
        #expect(vars.status == 2)
        #expect(vars.stderr.contains(dir.path + "/fifo"))
        dir.write("c.json", #"{"backend": "tensorflow-net-dict", "task": "train", "load": "/x/net.001"}"#)
        let ckpt = try CLITests.lint([dir.path + "/c.json", "--ckpt", "load=" + dir.path + "/fifo"])
        #expect(ckpt.status == 2)
        #expect(ckpt.stderr.contains("not a regular file"), "\(ckpt.stderr)")
    }

    @Test func aConfigLargerThanTheLimitIsNotRead() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/huge.json"
        dir.write("huge.json", "{}")
        // Sparse: 65 MiB on paper, nothing on disk.
        #expect(truncate(path, 65 << 20) == 0)
        try Self.expectRefused([path], "is 65 MiB, more than the 64 MiB the linter reads of such a file")
    }

    @Test func theGateItself() throws {
        #expect(throws: RegularFileRefusal.self) { _ = try RegularFile.open("/dev/zero", limit: nil) }
        let opened = try RegularFile.open(packageRoot + "/Package.swift", limit: RegularFile.configLimit)
        #expect(opened.size > 0)
        close(opened.fd)
        #expect(RegularFile.sizeText(64 << 20) == "64 MiB")
        #expect(RegularFile.sizeText(4 << 30) == "4 GiB")
        #expect(RegularFile.sizeText((1 << 20) + (1 << 19)) == "1.5 MiB")
    }
}
