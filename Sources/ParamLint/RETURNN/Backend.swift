/// The RETURNN engines whose loading code the linter simulates. Part of RETURNN's view, not of the
/// checkpoint readers: a file format only hints at the engine that wrote it.
public enum Backend: String, Sendable, Hashable, CaseIterable {
    case tf
    case torch
}

extension CheckpointFormat {
    /// Which RETURNN backend writes this format, when the format says so.
    public var backend: Backend? {
        switch self {
        case .tfIndex: return .tf
        case .pytorch, .safetensors: return .torch
        case .textListing, .jsonListing: return nil
        }
    }
}
