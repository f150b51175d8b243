import ArgumentParser
import ParamLint

struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Show what the linter sees: every top-level option, its value or 'dynamic' with the reason, and its position.")

    @Argument(help: "A RETURNN config (JSON or Python); '-' reads standard input.")
    var config: String

    @Option(help: "Output format: text or json.")
    var format: ListFormat = .text

    @Option(name: .customLong("stdin-filename"), help: "The name of a config read from '-'.")
    var stdinFilename: String?

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try DiskFileSystem.read(config)
        } catch {
            throw ToolError(message: "cannot read config \(error.description)")
        }
        let name = config == "-" ? (stdinFilename ?? "<stdin>") : config
        let document = ConfigDocument.parse(file: name, bytes: bytes)
        switch format {
        case .json: Terminal.write(DumpReporter.json(document))
        case .text: Terminal.write(DumpReporter.text(document))
        }
        // A config that does not parse is a finding (CF001) for `check`; for `dump` it means there is nothing to show.
        Finish.now(document.syntaxError == nil ? 0 : 1)
    }
}
