import ArgumentParser
import ParamLint

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint RETURNN configs (the default command).")

    @Argument(help: "RETURNN configs (JSON or Python); '-' reads standard input.")
    var configs: [String] = []

    @OptionGroup(title: "RETURNN simulation")
    var simulation: SimulationOptions

    @Option(help: "Output format: text, json, sarif or github.")
    var format: OutputFormat = .text

    @Option(help: "Only these rules: ids, names or id prefixes (comma-separated, repeatable).")
    var select: [String] = []

    @Option(help: "Skip these rules: ids, names or id prefixes (comma-separated, repeatable).")
    var ignore: [String] = []

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: error, warning, info or never.")
    var failOn: FailOn = .error

    @Flag(name: .customLong("no-color"), help: "No ANSI colours (also: NO_COLOR, or stdout not a terminal).")
    var noColor = false

    @Option(name: .customLong("stdin-filename"), help: "The name to report for a config read from standard input.")
    var stdinFilename: String?

    func validate() throws {
        if configs.isEmpty { throw ValidationError("Missing expected argument '<configs> ...'") }
    }

    func run() throws {
        let selection = RuleSelection(select: try parseSelectors(select, option: "--select"),
                                      ignore: try parseSelectors(ignore, option: "--ignore"))
        var inputs: [(String, [UInt8])] = []
        for path in configs {
            let shown = path == "-" ? (stdinFilename ?? "<stdin>") : path
            do {
                inputs.append((shown, try DiskFileSystem.read(path, shownAs: shown)))
            } catch {
                throw ToolError(message: "cannot read config \(error.description)")
            }
        }
        let environment = try simulation.environment(configs: inputs.map { ConfigDocument.parse(file: $0.0, bytes: $0.1) })
        var diagnostics: [Diagnostic] = []
        var documents: [String: ConfigDocument] = [:]
        var results: [LintRun.Result] = []  // kept until the process ends (see Finish)
        for (shown, bytes) in inputs {
            let result = LintRun.check(file: shown, bytes: bytes, environment: environment, selection: selection)
            documents[shown] = result.document
            diagnostics += result.diagnostics
            results.append(result)
        }
        Report.emit(diagnostics, documents: documents, fileCount: configs.count, format: format, noColor: noColor)
        let failed = failOn.threshold.map { threshold in diagnostics.contains { $0.severity >= threshold } } ?? false
        Finish.now(failed ? 1 : 0)
    }
}

enum Report {
    static func emit(_ diagnostics: [Diagnostic], documents: [String: ConfigDocument], fileCount: Int,
                     format: OutputFormat, noColor: Bool) {
        switch format {
        case .text:
            let tty = Terminal.stdoutIsTerminal
            let reporter = TextReporter(showSource: tty, color: tty && !noColor && Terminal.colorAllowed)
            Terminal.write(reporter.render(diagnostics, documents: documents, fileCount: fileCount))
        case .json:
            Terminal.write(JSONReporter.render(diagnostics, fileCount: fileCount))
        case .sarif:
            Terminal.write(SARIFReporter.render(diagnostics, rules: Registry.descriptions))
        case .github:
            Terminal.write(GitHubReporter.render(diagnostics))
        }
    }
}
