/// What a `.pt` file holds besides its tensors: the facts RETURNN's torch engine reads from the
/// top-level dict (`checkpoint_key`, the stored `epoch` and `step`), kept on the `Checkpoint` so
/// that the simulation and `lint vars` can use them.
public struct TorchFileInfo: Sendable, Hashable {
    public enum Contents: String, Sendable, Hashable {
        /// RETURNN's `{"model": state_dict, "epoch": N, "step": N, ...}` (or any dict with a
        /// `"model"` dict): the variables are `model`'s.
        case returnnCheckpoint = "returnn-checkpoint"
        /// `torch.save(model.state_dict())`: tensors at the top level.
        case stateDict = "state-dict"
        /// A dict of dicts without `"model"` (e.g. `{"ema": ..., "student": ...}`): the variables
        /// are the nested tensors under `key.name`; `checkpoint_key` picks one.
        case nested = "nested"
        /// An optimizer state (`optimizer.state_dict()`, or RETURNN's `.opt.pt` with it under
        /// `"optimizer"`): listed, but it holds no model parameters.
        case optimizer = "optimizer"
    }

    public var contents: Contents
    /// The top-level keys in file order (str keys as written, others as Python's repr would show
    /// an int).
    public var topLevelKeys: [String]
    public var epoch: Int?
    public var step: Int?
    /// The pre-1.6 format (a pickle stream with its magic number) rather than the zip.
    public var legacy: Bool
    /// For each top-level key whose value is a dict holding tensors, other than the one whose
    /// tensors are listed as the checkpoint's variables: its tensors (what `checkpoint_key` = that
    /// key gives RETURNN).
    public var otherStateDicts: [String: [CheckpointVariable]]
    /// Tensors directly at the top level (what `checkpoint_key: None` gives RETURNN for a file that
    /// is not a raw state dict).
    public var topLevelTensors: [CheckpointVariable]

    public init(contents: Contents, topLevelKeys: [String], epoch: Int? = nil, step: Int? = nil, legacy: Bool = false,
                otherStateDicts: [String: [CheckpointVariable]] = [:], topLevelTensors: [CheckpointVariable] = []) {
        self.contents = contents
        self.topLevelKeys = topLevelKeys
        self.epoch = epoch
        self.step = step
        self.legacy = legacy
        self.otherStateDicts = otherStateDicts
        self.topLevelTensors = topLevelTensors
    }
}
