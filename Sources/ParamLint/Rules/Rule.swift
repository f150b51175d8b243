/// A rule's identity, documentation and tests, in one declaration: the pages under `rules/`,
/// `lint rules ID` and the example tests are all generated from it.
public struct RuleDescription: Sendable {
    public enum Category: String, Sendable, CaseIterable {
        case config = "CF"
        case mainCheckpoint = "LD"
        case preload = "PL"
        case variables = "VM"
        case layers = "LY"
        case checkpointFiles = "CK"

        public var title: String {
            switch self {
            case .config: return "The config file"
            case .mainCheckpoint: return "Which checkpoint is the main model"
            case .preload: return "preload_from_files"
            case .variables: return "Variables: the model against the checkpoints"
            case .layers: return "Layer options in the network"
            case .checkpointFiles: return "Checkpoint files"
            }
        }
    }

    public var id: String
    public var name: String
    public var severity: Severity
    /// How the default severity varies, when it does (e.g. "error if the epoch ≥ num_epochs").
    public var severityNote: String?
    public var summary: String
    public var rationale: String
    public var returnnBehavior: String
    public var fix: String
    /// Spec references: "M1", "T3", ...
    public var references: [String]
    public var examples: [RuleExample]

    public init(id: String, name: String, severity: Severity, severityNote: String? = nil, summary: String,
                rationale: String, returnnBehavior: String, fix: String, references: [String] = [],
                examples: [RuleExample]) {
        self.id = id
        self.name = name
        self.severity = severity
        self.severityNote = severityNote
        self.summary = summary
        self.rationale = rationale
        self.returnnBehavior = returnnBehavior
        self.fix = fix
        self.references = references
        self.examples = examples
    }

    /// The severities the page documents: the default, and the one `severityNote` opens with
    /// ("error if the epoch ≥ num_epochs"). A finding at any other severity is undocumented.
    public var documentedSeverities: Set<Severity> {
        var out: Set<Severity> = [severity]
        if let note = severityNote, let word = note.split(separator: " ").first, let s = Severity(rawValue: String(word)) {
            out.insert(s)
        }
        return out
    }

    public var category: Category? { Category(rawValue: String(id.prefix(2))) }
    public var url: String { "rules/\(id).md" }
}

/// A config that triggers the rule (with `↓` where the finding starts) or stays clean, plus the
/// world it is linted in: checkpoint listings, files on disk, the task.
public struct RuleExample: Sendable {
    public static let marker = "↓"

    public var config: String
    public var triggers: Bool
    public var fileName: String
    /// Files that exist, as RETURNN would look for them (`base.003.meta`, `models/net.001.index`).
    public var files: [String]
    /// Checkpoint contents as text listings, keyed by the path as written in the config.
    public var checkpoints: [String: String]
    /// The model's own variables as a text listing (`--model`).
    public var model: String?
    public var task: String?
    public var existingEpochs: [Int]?
    /// Linted with `--offline`: referenced checkpoints not on disk are unavailable, not missing.
    public var offline: Bool
    public var explanation: String?
    public var sourceFile: String
    public var sourceLine: Int

    public init(_ config: String, triggers: Bool, fileName: String = "config.json", files: [String] = [],
                checkpoints: [String: String] = [:], model: String? = nil, task: String? = nil,
                existingEpochs: [Int]? = nil, offline: Bool = false, explanation: String? = nil,
                sourceFile: String = #filePath, sourceLine: Int = #line) {
        self.config = config
        self.triggers = triggers
        self.fileName = fileName
        self.files = files
        self.checkpoints = checkpoints
        self.model = model
        self.task = task
        self.existingEpochs = existingEpochs
        self.offline = offline
        self.explanation = explanation
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }

    public static func triggering(_ config: String, fileName: String = "config.json", files: [String] = [],
                                  checkpoints: [String: String] = [:], model: String? = nil, task: String? = nil,
                                  existingEpochs: [Int]? = nil, offline: Bool = false, explanation: String? = nil,
                                  sourceFile: String = #filePath, sourceLine: Int = #line) -> RuleExample {
        RuleExample(config, triggers: true, fileName: fileName, files: files, checkpoints: checkpoints, model: model,
                    task: task, existingEpochs: existingEpochs, offline: offline, explanation: explanation,
                    sourceFile: sourceFile, sourceLine: sourceLine)
    }

    public static func clean(_ config: String, fileName: String = "config.json", files: [String] = [],
                             checkpoints: [String: String] = [:], model: String? = nil, task: String? = nil,
                             existingEpochs: [Int]? = nil, offline: Bool = false, explanation: String? = nil,
                             sourceFile: String = #filePath, sourceLine: Int = #line) -> RuleExample {
        RuleExample(config, triggers: false, fileName: fileName, files: files, checkpoints: checkpoints, model: model,
                    task: task, existingEpochs: existingEpochs, offline: offline, explanation: explanation,
                    sourceFile: sourceFile, sourceLine: sourceLine)
    }

    /// The config without the marker, and the byte offsets where markers stood.
    public var strippedConfig: (text: String, markerOffsets: [Int]) {
        var text = ""
        var offsets: [Int] = []
        var byteCount = 0
        for scalar in config.unicodeScalars {
            if scalar == "↓" {
                offsets.append(byteCount)
            } else {
                text.unicodeScalars.append(scalar)
                byteCount += String(scalar).utf8.count
            }
        }
        return (text, offsets)
    }
}

/// Where a finding points in the config.
public enum FindingLocation: Sendable, Hashable {
    /// The value at the pointer.
    case value(JSONPointer)
    /// The key of the member at the pointer (for unknown or misspelled keys).
    case key(JSONPointer)
    /// An explicit range (syntax errors, duplicate keys).
    case range(SourceRange, JSONPointer?)
    /// A checkpoint file, no range in the config.
    case file(String)
    /// The config as a whole (e.g. an option that is missing altogether).
    case document
}

/// What a rule reports; the linter adds the rule's id, name, url and the resolved range.
public struct Finding: Sendable, Hashable {
    public var message: String
    public var location: FindingLocation
    public var notes: [String]
    public var suggestions: [Suggestion]
    /// Overrides the rule's default severity for this finding (e.g. LD001 becomes an error).
    public var severity: Severity?
    /// Files the finding is also about (the checkpoint behind a config value).
    public var relatedFiles: [String]

    public init(_ message: String, at location: FindingLocation, notes: [String] = [],
                suggestions: [Suggestion] = [], severity: Severity? = nil, relatedFiles: [String] = []) {
        self.message = message
        self.location = location
        self.notes = notes
        self.suggestions = suggestions
        self.severity = severity
        self.relatedFiles = relatedFiles
    }
}

/// A rule: a declaration plus a small check over the lint context.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ context: LintContext) -> [Finding]
}

extension RuleExample {
    /// The example's world: its files exist (with their listing as content where given), its
    /// checkpoints and model are known, nothing else.
    public func environment() -> LintEnvironment {
        var files: [String: [UInt8]] = [:]
        for f in self.files { files[f] = [] }
        let fs = MemoryFileSystem(files: files)
        var given: [(ref: String, checkpoint: CheckpointLookup)] = []
        for (ref, listing) in checkpoints.sorted(by: { $0.key < $1.key }) {
            given.append((ref, Self.parseListing(listing, path: ref)))
        }
        var modelVariables: ModelVariables?
        if let model, case .available(let c) = Self.parseListing(model, path: "model") {
            modelVariables = ModelVariables(origin: .listing(path: "model"),
                                            variables: c.variables.map { ModelVariable(name: $0.name, dtype: $0.dtype, shape: $0.shape) })
        }
        // A file that is both on the example's disk and listed reads as that listing.
        let onDisk = given
        return LintEnvironment(fileSystem: fs, givenCheckpoints: given, model: modelVariables, taskOverride: task,
                               existingEpochs: existingEpochs, offline: offline, readCheckpoint: { path in
                                   onDisk.first { $0.ref == path || CheckpointLoader.stripCheckpointSuffix(path) == $0.ref
                                       || path == $0.ref + ".index" }?.checkpoint ?? .unavailable
                               })
    }

    static func parseListing(_ text: String, path: String) -> CheckpointLookup {
        do {
            let sections = try TextListing.parse(Array(text.utf8), file: path)
            let format = sections.first?.format ?? (path.hasSuffix(".safetensors") ? .safetensors : .textListing)
            return .available(Checkpoint(path: path, format: format, variables: sections.flatMap(\.variables)))
        } catch {
            return .corrupt(error)
        }
    }
}
