import ArgumentParser
import ParamLint

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show where every model variable will come from, and whether RETURNN will start.")

    @Argument(help: "A RETURNN config (JSON or Python); '-' reads standard input.")
    var config: String

    @OptionGroup(title: "RETURNN simulation")
    var simulation: SimulationOptions

    @Option(help: "Output format: text or json.")
    var format: ListFormat = .text

    @Flag(name: .long, help: "List every variable instead of one line per scope.")
    var verbose = false

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try DiskFileSystem.read(config)
        } catch {
            throw ToolError(message: "cannot read config \(error.description)")
        }
        let environment = try simulation.environment(configs: [ConfigDocument.parse(file: config, bytes: bytes)])
        let context = LintRun.makeContext(file: config, bytes: bytes, environment: environment)
        guard let plan = context.plan else {
            let reason: String
            if let e = context.document.syntaxError {
                reason = "it does not parse (\(e.position.line):\(e.position.column): \(e.message))"
            } else if context.config == nil {
                reason = "RETURNN would read it in the line-based format"
            } else {
                reason = "it selects no engine whose loading the linter simulates (backend 'tensorflow-net-dict' or 'torch'); see `lint \(config)`"
            }
            throw ToolError(message: "\(config): no plan: \(reason)")
        }
        switch format {
        case .json: Terminal.write(PlanReporter.json(plan))
        case .text: Terminal.write(PlanReporter.text(plan, file: config, verbose: verbose))
        }
        Finish.now(plan.outcome.ok ? 0 : 1)
    }
}
