import ArgumentParser
import CHeap
import ParamLint
#if canImport(Glibc)
import Glibc
#endif

/// The root command: `lint CONFIG...` runs `check`; exit codes follow the contract (0 clean,
/// 1 findings, 2 the linter could not do its job — including usage errors, which
/// ArgumentParser would report as 64).
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Predict what RETURNN will do when it loads parameters, and report every mistake.",
        version: ParamLintInfo.version,
        subcommands: [Check.self, PlanCommand.self, Vars.self, RulesCommand.self, DumpCommand.self],
        defaultSubcommand: Check.self)

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch let error as ToolError {
            failed("lint: \(error.message)")
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            failed(fullMessage(for: error))
        }
    }

    /// Exit 2. A code-scanning upload after this step still finds a SARIF document, which says the run failed.
    static func failed(_ message: String) -> Never {
        if let document = SARIFRun.failureDocument(message, arguments: CommandLine.arguments) {
            Terminal.write(document)
        }
        Terminal.writeError(message + "\n")
        Glibc.exit(2)
    }
}

paramlint_prepare_heap()
Lint.main()
