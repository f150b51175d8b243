import ArgumentParser
import ParamLint

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Show the rule catalogue, or one rule's documentation.")

    @Argument(help: "A rule id or name (e.g. PL001 or preload-inactive).")
    var rule: String?

    @Option(help: "Output format: text or json.")
    var format: ListFormat = .text

    @Option(name: .customLong("write-docs"), help: "Write the rule pages (README.md, <ID>.md) into this directory.")
    var writeDocs: String?

    func run() throws {
        if let dir = writeDocs {
            for (name, content) in RuleDocs.pages() {
                do {
                    try DocsWriter.write(content, to: dir + "/" + name)
                } catch {
                    throw ToolError(message: error.description)
                }
            }
            return
        }
        var rules = Registry.descriptions
        if let rule {
            guard let r = Registry.rule(named: rule) else {
                let names = Registry.descriptions.flatMap { [$0.id, $0.name] }
                let hint = DidYouMean.best(for: rule, among: names).map { "; did you mean '\($0)'?" } ?? ""
                throw ToolError(message: "no rule '\(rule)'\(hint)")
            }
            rules = [r.description]
        }
        switch format {
        case .json:
            let out: JSONOutput = .object([
                ("schemaVersion", .int(1)),
                ("rules", .array(rules.map { r in
                    .object([
                        ("id", .string(r.id)), ("name", .string(r.name)), ("severity", .string(r.severity.rawValue)),
                        ("summary", .string(r.summary)), ("rationale", .string(r.rationale)),
                        ("returnnBehavior", .string(r.returnnBehavior)), ("fix", .string(r.fix)),
                        ("references", .array(r.references.map { .string($0) })), ("url", .string(r.url)),
                    ])
                })),
            ])
            Terminal.write(out.serialized(pretty: true) + "\n")
        case .text:
            if rule != nil, let r = rules.first {
                Terminal.write(RuleDocs.page(r))
            } else {
                for r in rules {
                    Terminal.write("\(r.id)  \(r.name.padding(34))\(r.severity.rawValue.padding(8))\(r.summary)\n")
                }
            }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        let n = unicodeScalars.count
        return n >= width ? self + " " : self + String(repeating: " ", count: width - n)
    }
}
