import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
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

    @Option(name: .customLong("project-root"), help: ArgumentHelp(
        "SARIF: artifact URIs are relative to this directory (uriBaseId %SRCROOT%; default: the current directory).",
        valueName: "DIR"))
    var projectRoot: String?

    @Option(name: .customLong("sarif-category"), help: ArgumentHelp(
        "SARIF: the run's automationDetails.id, so that several uploads to code scanning stay apart.",
        valueName: "NAME"))
    var sarifCategory: String?

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
        let failed = failOn.threshold.map { threshold in diagnostics.contains { $0.severity >= threshold } } ?? false
        let code: Int32 = failed ? 1 : 0
        let sarif = format == .sarif ? try SARIFRun.options(projectRoot: projectRoot, category: sarifCategory, exitCode: code) : nil
        Report.emit(diagnostics, documents: documents, fileCount: configs.count, format: format, noColor: noColor, sarif: sarif)
        if format == .github, let path = getenv("GITHUB_STEP_SUMMARY").map({ String(cString: $0) }), !path.isEmpty {
            try StepSummary.append(GitHubReporter.stepSummary(diagnostics, fileCount: configs.count), to: path)
        }
        Finish.now(code)
    }
}

enum Report {
    static func emit(_ diagnostics: [Diagnostic], documents: [String: ConfigDocument], fileCount: Int,
                     format: OutputFormat, noColor: Bool, sarif: SARIFReporter.Options?) {
        switch format {
        case .text:
            let tty = Terminal.stdoutIsTerminal
            let reporter = TextReporter(showSource: tty, color: tty && !noColor && Terminal.colorAllowed)
            Terminal.write(reporter.render(diagnostics, documents: documents, fileCount: fileCount))
        case .json:
            Terminal.write(JSONReporter.render(diagnostics, fileCount: fileCount))
        case .sarif:
            let options = sarif ?? SARIFReporter.Options(projectRoot: SARIFRun.currentDirectory(), currentDirectory: SARIFRun.currentDirectory())
            Terminal.write(SARIFReporter.render(diagnostics, documents: documents, rules: Registry.descriptions, options: options))
        case .github:
            Terminal.write(GitHubReporter.render(diagnostics))
        }
    }
}

/// The command line's part of SARIF: directories resolved on this machine, and the document an
/// upload step still gets when the run fails (exit 2).
enum SARIFRun {
    static func options(projectRoot: String?, category: String?, exitCode: Int32?) throws -> SARIFReporter.Options {
        let cwd = currentDirectory()
        let root: String
        if let projectRoot {
            guard let resolved = realPath(projectRoot) else {
                throw ToolError(message: "--project-root \(projectRoot): no such directory")
            }
            root = resolved
        } else {
            root = cwd
        }
        return SARIFReporter.Options(projectRoot: root, currentDirectory: cwd, category: category,
                                     exitCode: exitCode.map { Int($0) })
    }

    /// Whether the raw arguments ask `check` for SARIF: a usage error happens before they are parsed.
    static func requested(_ arguments: [String]) -> (category: String?, projectRoot: String?)? {
        let args = Array(arguments.dropFirst())
        if let first = args.first, ["plan", "vars", "rules", "dump"].contains(first) { return nil }
        func value(_ name: String) -> String? {
            for (i, a) in args.enumerated() {
                if a == name, i + 1 < args.count { return args[i + 1] }
                if a.hasPrefix(name + "=") { return String(a.dropFirst(name.count + 1)) }
            }
            return nil
        }
        guard value("--format") == "sarif" else { return nil }
        return (value("--sarif-category"), value("--project-root"))
    }

    static func failureDocument(_ message: String, arguments: [String]) -> String? {
        guard let request = requested(arguments) else { return nil }
        var options = (try? Self.options(projectRoot: request.projectRoot, category: request.category, exitCode: 2))
            ?? (try? Self.options(projectRoot: nil, category: request.category, exitCode: 2))
            ?? SARIFReporter.Options(projectRoot: "/", currentDirectory: "/")
        options.executionSuccessful = false
        options.errors = [message]
        return SARIFReporter.render([], rules: Registry.descriptions, options: options)
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(cString: buffer)
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        var isDirectory = stat()
        guard stat(p, &isDirectory) == 0, (isDirectory.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return String(cString: p)
    }
}

/// GitHub Actions renders the Markdown appended to the file `GITHUB_STEP_SUMMARY` names on the
/// run's page; earlier steps' content stays.
enum StepSummary {
    static func append(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ToolError(message: "GITHUB_STEP_SUMMARY \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ToolError(message: "GITHUB_STEP_SUMMARY \(path): \(String(cString: strerror(errno)))")
            }
            bytes = bytes.dropFirst(n)
        }
    }
}
