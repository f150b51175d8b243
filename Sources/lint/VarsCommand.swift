import ArgumentParser
import ParamLint

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `lint vars CHECKPOINT... [--format text|json]`: the variable listing of each checkpoint, in the
/// text or JSON listing format (both read back as listings). Exit 2, with `lint: <file>: <reason>`
/// on stderr, when a checkpoint cannot be read.
struct Vars: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vars",
        abstract: "List the variables of checkpoints",
        discussion: """
            CHECKPOINT is a TensorFlow checkpoint prefix (dir/net.080), its .index file, a directory \
            with a TensorFlow 'checkpoint' state file, a safetensors file, or a text or JSON listing.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("Checkpoints or listings to list.", valueName: "CHECKPOINT"))
    var checkpoints: [String]

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func validate() throws {
        if checkpoints.isEmpty { throw ValidationError("give at least one CHECKPOINT") }
    }

    func run() throws {
        var loaded: [Checkpoint] = []
        for path in checkpoints {
            do {
                loaded.append(contentsOf: try CheckpointLoader.loadAll(path: path))
            } catch {
                writeStandardError("lint: \(error.description)\n")
                throw ExitCode(2)
            }
        }
        switch format {
        case .text: writeStandardOutput(TextListing.renderUTF8(loaded))
        case .json:
            var json = JSONListing.render(loaded)
            json.withUTF8 { writeStandardOutput($0) }
        }
    }
}

private func writeStandardOutput(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { writeStandardOutput($0) }
}

private func writeStandardOutput(_ buf: UnsafeBufferPointer<UInt8>) {
    do {
        var offset = 0
        while offset < buf.count {
            let n = write(1, buf.baseAddress.map { $0 + offset }, buf.count - offset)
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}

private func writeStandardError(_ s: String) {
    var s = s
    s.withUTF8 { buf in _ = write(2, buf.baseAddress, buf.count) }
}
