/// The world a config is linted in: the disk (or a stand-in), checkpoints given on the command
/// line, the model's listing and the command line's overrides.
public struct LintEnvironment: Sendable {
    public var fileSystem: any FileSystem
    /// `--ckpt REF=PATH` (REF "" for a bare `--ckpt PATH`), already read.
    public var givenCheckpoints: [(ref: String, checkpoint: CheckpointLookup)]
    /// `--model`: the model's own variables.
    public var model: ModelVariables?
    public var taskOverride: String?
    public var backendOverride: Backend?
    public var existingEpochs: [Int]?
    /// `--offline`: a referenced checkpoint that is not on disk is unavailable, not missing.
    public var offline: Bool
    /// How a checkpoint file on disk is read.
    public var readCheckpoint: @Sendable (String) -> CheckpointLookup

    public init(fileSystem: any FileSystem = DiskFileSystem(), givenCheckpoints: [(ref: String, checkpoint: CheckpointLookup)] = [],
                model: ModelVariables? = nil, taskOverride: String? = nil, backendOverride: Backend? = nil,
                existingEpochs: [Int]? = nil, offline: Bool = false,
                readCheckpoint: (@Sendable (String) -> CheckpointLookup)? = nil) {
        self.fileSystem = fileSystem
        self.givenCheckpoints = givenCheckpoints
        self.model = model
        self.taskOverride = taskOverride
        self.backendOverride = backendOverride
        self.existingEpochs = existingEpochs
        self.offline = offline
        let fs = fileSystem
        self.readCheckpoint = readCheckpoint ?? { path in LintEnvironment.readFromDisk(path, fileSystem: fs) }
    }

    /// Reads a checkpoint file with the readers (`.pt` in place, the rest in one read).
    public static func readFromDisk(_ path: String, fileSystem: any FileSystem) -> CheckpointLookup {
        let resolved = (fileSystem as? DiskFileSystem)?.resolve(path) ?? path
        do {
            // A torch.save file is read in place (its zip directory and data.pkl only).
            if !path.hasSuffix(".index"), let torch = try CheckpointLoader.torchFile(resolved) {
                var c = try TorchCheckpointReader.read(torch)
                c.path = path
                return .available(c)
            }
            // One read: the bytes decide the format, then the same bytes are parsed.
            let bytes = try FileBytes.read(resolved)
            let all = try CheckpointLoader.read(bytes, file: resolved)
            guard all.count == 1, var c = all.first else {
                return .corrupt(CheckpointError(file: path, reason: "the listing holds \(all.count) checkpoints; a referenced checkpoint must be one"))
            }
            c.path = path
            return .available(c)
        } catch {
            return .corrupt(error)
        }
    }
}

/// One config through the whole flow: document → RETURNN view → simulation → rules.
public enum LintRun {
    public struct Result: Sendable {
        public var document: ConfigDocument
        public var context: LintContext
        public var diagnostics: [Diagnostic]
    }

    public static func check(file: String, bytes: [UInt8], environment: LintEnvironment = LintEnvironment(),
                             selection: RuleSelection = RuleSelection()) -> Result {
        let context = makeContext(file: file, bytes: bytes, environment: environment)
        let diagnostics = Linter(selection: selection).run(context)
        return Result(document: context.document, context: context, diagnostics: diagnostics)
    }

    public static func makeContext(file: String, bytes: [UInt8], environment: LintEnvironment) -> LintContext {
        var document = ConfigDocument.parse(file: file, bytes: bytes)
        var config = ReturnnConfig(document: document)
        var plan: LoadPlan?
        var model = environment.model
        if let found = config, let called = networkOfEpoch(found, environment: environment) {
            document = called
            config = ReturnnConfig(document: called)
        }
        if let config {
            // With get_network, RETURNN does not build the `network` dict (NetworkSource).
            if model == nil, NetworkSource.getNetwork(config) == nil, let network = config.network, let backend = Simulation.backend(of: config, override: environment.backendOverride),
               backend == .tf {
                model = ModelInference.infer(config: config, network: network)
            }
            // Several entries often name the same file: read each file once per run.
            let memo = ReadMemo(environment.readCheckpoint)
            let provider = StandardCheckpointProvider(given: environment.givenCheckpoints, fileSystem: environment.fileSystem,
                                                      read: { memo.read($0) })
            let inputs = SimulationInputs(fileSystem: environment.fileSystem, checkpoints: provider, model: model,
                                          taskOverride: environment.taskOverride, backendOverride: environment.backendOverride,
                                          existingEpochs: environment.existingEpochs, offline: environment.offline)
            plan = Simulation.run(config: config, inputs: inputs)?.applying(config.dynamicInputs, taskOverridden: environment.taskOverride != nil,
                                                                            existingEpochsGiven: environment.existingEpochs != nil)
                .applyingPretrain(config)
        }
        return LintContext(document: document, config: config, plan: plan, environment: environment)
    }
}

extension LintRun {
    /// With `get_network`, RETURNN builds the network `get_network(epoch=E)` returns for the epoch it
    /// loads into: the document then holds that network as `network`, when the evaluator can call it.
    static func networkOfEpoch(_ config: ReturnnConfig, environment: LintEnvironment) -> ConfigDocument? {
        guard let call = config.document.networkForEpoch, NetworkSource.getNetwork(config) != nil,
              Simulation.backend(of: config, override: environment.backendOverride) == .tf else { return nil }
        // The epoch, from a first simulation without the model (it does not depend on it).
        let inputs = SimulationInputs(fileSystem: environment.fileSystem,
                                      checkpoints: StandardCheckpointProvider(given: environment.givenCheckpoints,
                                                                              fileSystem: environment.fileSystem,
                                                                              read: environment.readCheckpoint),
                                      model: nil, taskOverride: environment.taskOverride,
                                      backendOverride: environment.backendOverride,
                                      existingEpochs: environment.existingEpochs, offline: environment.offline)
        guard let first = Simulation.run(config: config, inputs: inputs),
              let epoch = first.trainStartEpoch ?? first.main.epoch, epoch >= 1 else { return nil }
        let result = call(epoch)
        guard result.node.members != nil else { return nil }
        var doc = config.document
        guard var members = doc.root?.members else { return nil }
        let member = ConfigMember(key: "network", keyRange: result.node.range, node: result.node)
        if let k = members.firstIndex(where: { $0.key == "network" }) { members[k] = member } else { members.append(member) }
        doc.root?.value = .object(members)
        doc.dynamicValues = doc.dynamicValues.filter { !$0.pointer.tokens.starts(with: ["network"]) } + result.dynamicValues
        doc.partialValues = doc.partialValues.filter { !$0.pointer.tokens.starts(with: ["network"]) } + result.partialValues
        doc.networkFromCall = epoch
        return doc
    }
}

/// Remembers what each checkpoint file read as, within one lint run (used from one thread only).
final class ReadMemo: @unchecked Sendable {
    private var cache: [String: CheckpointLookup] = [:]
    private let reader: @Sendable (String) -> CheckpointLookup

    init(_ reader: @escaping @Sendable (String) -> CheckpointLookup) {
        self.reader = reader
    }

    func read(_ path: String) -> CheckpointLookup {
        if let hit = cache[path] { return hit }
        let result = reader(path)
        cache[path] = result
        return result
    }
}
