import Foundation
import Testing
@testable import ParamLint

/// The 581 real configs of `../shared/corpus/` (third-party files, read from there, never copied):
/// the linter must not crash on any of them, must not give up (exit 2) on a RETURNN config, and must
/// never let a loading option it cannot determine fall back to a silent default.
enum Corpus {
    static let root = packageRoot + "/../shared/corpus/configs"

    static let available: Bool = FileManager.default.fileExists(atPath: root)

    /// Every corpus file, as `owner__repo/name`.
    static let files: [String] = {
        guard available else { return [] }
        var out: [String] = []
        for repo in listDirectory(root) {
            for name in listDirectory(root + "/" + repo) { out.append(repo + "/" + name) }
        }
        return out
    }()

    static func bytes(_ file: String) -> [UInt8] {
        (try? DiskFileSystem.read(root + "/" + file)) ?? []
    }
}

@Suite(.enabled(if: Corpus.available, "../shared/corpus is not there: the corpus tests are skipped"))
struct CorpusTests {
    @Test func theCorpusIsThere() {
        #expect(Corpus.files.count > 500)
    }

    /// `lint` and `lint plan` as a user runs them, on every file: exit 0 or 1, JSON output; `plan` may
    /// decline (exit 2) only for a file that is no net-dict or torch config it can simulate.
    @Test func lintAndPlanRunOnEveryFile() throws {
        var failures: [String] = []
        for file in Corpus.files {
            let path = Corpus.root + "/" + file
            let check = try CLITests.lint(["check", path, "--format", "json", "--existing-epochs", "none"])
            if check.status != 0 && check.status != 1 {
                failures.append("check \(file): exit \(check.status): \(check.stderr.prefix(200))")
            } else if (try? JSONSerialization.jsonObject(with: Data(check.stdout.utf8))) == nil {
                failures.append("check \(file): output is not JSON")
            }
            let plan = try CLITests.lint(["plan", path, "--format", "json", "--existing-epochs", "none"])
            if plan.status == 2 {
                let declined = plan.stderr.contains("no plan: it selects no engine")
                    || plan.stderr.contains("no plan: RETURNN would read it in the line-based format")
                    || plan.stderr.contains("no plan: it does not parse")
                if !declined { failures.append("plan \(file): exit 2: \(plan.stderr.prefix(200))") }
            } else if plan.status != 0 && plan.status != 1 {
                failures.append("plan \(file): exit \(plan.status)")
            } else if (try? JSONSerialization.jsonObject(with: Data(plan.stdout.utf8))) == nil {
                failures.append("plan \(file): output is not JSON")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    /// Never silent: every loading option that is dynamic (or partly) has its CF007 finding, `lint dump`
    /// lists it as dynamic, and the plan marks what depends on it as unknown.
    @Test func everyDynamicLoadingOptionIsSaid() {
        var failures: [String] = []
        var dynamicFiles = 0
        for file in Corpus.files {
            let bytes = Corpus.bytes(file)
            let environment = LintEnvironment(existingEpochs: [])
            let result = LintRun.check(file: file, bytes: bytes, environment: environment)
            guard let config = result.context.config else { continue }
            let inputs = config.dynamicInputs
            if !inputs.isEmpty { dynamicFiles += 1 }
            let said = result.diagnostics.filter { $0.ruleId == "CF007" }
            for input in inputs where !input.mayBeSetLater {
                if !said.contains(where: { $0.pointer == input.pointer }) {
                    failures.append("\(file): '\(input.option)' is dynamic (\(input.reason)) but no CF007 finding says so")
                }
            }
            let options = DumpReporter.options(result.document)
            for name in ReturnnConfig.loadingOptions {
                let bound = config.root[name]
                let dumped = options.first { $0.name == name }
                switch (bound, dumped) {
                case (nil, nil): break
                case (let node?, let option?):
                    if node.isDynamic, option.status == .known {
                        failures.append("\(file): '\(name)' is dynamic but dump calls it known")
                    }
                case (nil, let option?) where result.document.incomplete != nil && option.status == .dynamic: break
                default:
                    failures.append("\(file): '\(name)' bound \(bound != nil), dumped \(dumped != nil)")
                }
            }
            guard let plan = result.context.plan else { continue }
            let names = Set(inputs.map(\.option))
            if names.contains("task"), plan.taskUnknown == nil {
                failures.append("\(file): the task is dynamic but the plan does not say so")
            }
            let mainInputs: Set<String> = ["task", "load", "load_epoch", "import_model_train_epoch1", "start_epoch"]
            if !names.isDisjoint(with: mainInputs), plan.mainUnknown == nil {
                failures.append("\(file): the main checkpoint depends on a dynamic option but the plan predicts it")
            }
            if names.contains("preload_from_files"), plan.entriesUnknown == nil {
                failures.append("\(file): preload_from_files is dynamic but the plan lists its entries")
            }
            if !names.isDisjoint(with: ["network", "preload_from_files", "task", "load", "import_model_train_epoch1"]),
               plan.outcome.complete {
                failures.append("\(file): the outcome is called complete although \(names.sorted().joined(separator: ", ")) is dynamic")
            }
        }
        #expect(dynamicFiles > 0)
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}

/// The front end skips evaluation for a file of literal assignments and definitions; on every real
/// config where it does, the document must be the one evaluation gives.
@Suite(.enabled(if: Corpus.available, "../shared/corpus is not there: the corpus tests are skipped"))
struct LiteralShortcutTests {
    static func describe(_ node: ConfigNode) -> String {
        let r = "@\(node.range.start.offset)-\(node.range.end.offset)"
        switch node.value {
        case .null: return "None" + r
        case .bool(let b): return "\(b)" + r
        case .int(let i): return "\(i)" + r
        case .double(let d): return "\(d)" + r
        case .string(let s): return "\(s.debugDescription)" + r
        case .dynamic(let why): return "dynamic(\(why))" + r
        case .array(let e): return "[" + e.map(describe).joined(separator: ", ") + "]" + r
        case .object(let m):
            return "{" + m.map { "\($0.key)@\($0.keyRange.start.offset): \(describe($0.node))" }.joined(separator: ", ") + "}" + r
        }
    }

    static func describe(_ doc: ConfigDocument) -> String {
        var out = doc.root.map(describe) ?? "no root"
        out += "\ndynamic: " + doc.dynamicValues.map { "\($0.pointer) \($0.reason)" }.sorted().joined(separator: "; ")
        out += "\npartial: " + doc.partialValues.map { "\($0.pointer) \($0.reason)" }.sorted().joined(separator: "; ")
        out += "\nfunctions: " + doc.functions.map { "\($0.name)@\($0.range.start.offset)" }.joined(separator: ", ")
        out += "\nduplicates: " + doc.duplicateKeys.map { "\($0.objectPointer)/\($0.key)" }.joined(separator: ", ")
        out += "\nincomplete: \(doc.incomplete?.reason ?? "-")"
        return out
    }

    @Test func theShortcutAgreesWithTheEvaluator() {
        var compared = 0
        var differing: [String] = []
        for file in Corpus.files {
            let bytes = Corpus.bytes(file)
            let fast = PythonFrontEnd.parse(file: file, bytes: bytes, shortcut: true)
            let full = PythonFrontEnd.parse(file: file, bytes: bytes, shortcut: false)
            guard fast.syntaxError == nil else { continue }
            compared += 1
            let (a, b) = (Self.describe(fast), Self.describe(full))
            if a != b {
                // The first point where they part, to say what differs.
                let common = zip(a, b).prefix { $0 == $1 }.count
                let from = max(0, common - 120)
                differing.append("\(file): shortcut …\(a.dropFirst(from).prefix(240))… evaluated …\(b.dropFirst(from).prefix(240))…")
            }
        }
        #expect(compared > 100)
        #expect(differing.isEmpty, "\(differing.count) differ:\n\(differing.prefix(6).joined(separator: "\n"))")
    }
}
