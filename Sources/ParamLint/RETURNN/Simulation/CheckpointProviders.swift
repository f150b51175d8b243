/// Referenced checkpoints from disk (RETURNN's suffix rules) or from `--ckpt`.
public struct StandardCheckpointProvider: CheckpointProvider {
    /// `--ckpt REF=PATH` entries: REF is a reference name or the path as written; "" for a bare `--ckpt PATH`.
    public var given: [(ref: String, checkpoint: CheckpointLookup)]
    public var fileSystem: any FileSystem
    /// Reads a checkpoint file on disk; injected so tests can supply a world of their own.
    public var read: @Sendable (String) -> CheckpointLookup

    public init(given: [(ref: String, checkpoint: CheckpointLookup)], fileSystem: any FileSystem,
                read: @escaping @Sendable (String) -> CheckpointLookup) {
        self.given = given
        self.fileSystem = fileSystem
        self.read = read
    }

    func givenLookup(_ r: CheckpointReference) -> CheckpointLookup? {
        if let hit = given.first(where: { $0.ref == r.name || $0.ref == r.path }) { return hit.checkpoint }
        if case .existingEpoch = r.kind, let hit = given.first(where: { $0.ref == "existing-epoch" }) { return hit.checkpoint }
        return given.first(where: { $0.ref.isEmpty })?.checkpoint
    }

    public func isSuppliedByUser(_ r: CheckpointReference) -> Bool { givenLookup(r) != nil }

    public func lookup(_ r: CheckpointReference, backend: Backend) -> CheckpointLookup {
        // The file RETURNN would read, when it is on this machine.
        let candidates: [String]
        switch (backend, r.kind) {
        case (.tf, _):
            let p = CheckpointLoader.stripCheckpointSuffix(r.path)
            candidates = [p + ".index"]
        case (.torch, .preload):
            candidates = [r.path]
        case (.torch, _):
            let p = CheckpointLoader.stripCheckpointSuffix(r.path)
            candidates = [p + ".pt", r.path]
        }
        if let onDisk = candidates.first(where: { fileSystem.fileExists($0) && !fileSystem.directoryExists($0) }) {
            return read(onDisk)
        }
        return givenLookup(r) ?? .unavailable
    }
}
