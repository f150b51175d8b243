/// What evaluating a Python config leaves behind: the top-level names and their final values,
/// frozen into plain values (the evaluator's own objects have reference semantics; these do not).
/// `PythonFrontEnd` turns it into the `ConfigDocument` tree, giving every node its JSON Pointer.
struct PyEvaluationResult: Sendable {
    /// The names bound at top level when the module finished, in the order they were first bound
    /// (a name deleted and bound again counts from its new binding). Names bound by `import` and
    /// names bound to modules are not listed (RETURNN drops modules from the config's namespace
    /// and they are never options); names RETURNN injects (`config`, `__file__`, `__name__`) are
    /// not listed unless the config assigns them.
    var bindings: [PyBinding]
    /// Why the evaluation as a whole stopped early, when it did (the budget, a `raise`, an exception
    /// the evaluator knows Python would raise): every name bound after that point is unknown, so
    /// the bridge marks the whole namespace as possibly incomplete with this reason.
    var stopped: PyDynamicReason?
    /// Set when `locals().update(...)` received something the evaluator does not know: any name may
    /// have been bound there (names bound before it are dynamic already; names never bound may be set).
    var namespaceUnknown: PyDynamicReason? = nil
}

struct PyBinding: Sendable {
    var name: String
    /// Where the name was (last) bound: the target of the assignment, the `def` header, the loop target.
    var nameRange: SourceRange
    var value: PyResultNode
}

/// Why a value is not known, and the construct that made it so.
struct PyDynamicReason: Sendable {
    /// A short clause that reads after "dynamic: " (e.g. "call to an unknown function 'get_dim'",
    /// "os.environ is not read by the linter", "assigned under a condition the linter cannot decide",
    /// "evaluation budget exceeded").
    var reason: String
    /// The expression or statement responsible (the unknown call, the undecidable condition).
    var range: SourceRange
}

struct PyResultNode: Sendable {
    var value: PyResultValue
    /// Where the value was written or computed: a literal's own range, or the expression that made it.
    var range: SourceRange
}

indirect enum PyResultValue: Sendable {
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// A list or a tuple (JSON has only arrays; `isTuple` is kept for messages).
    case list([PyResultNode], isTuple: Bool)
    /// A dict with string keys, in insertion order. `partial` is set when something the evaluator did
    /// not run may have changed it (it was passed to an unknown function, or updated under an
    /// undecidable condition): keys may be missing or extra.
    case dict([PyResultMember], partial: PyDynamicReason?)
    /// A `def` or `lambda`: its name (`<lambda>` for a lambda) and the header's range.
    case function(name: String)
    /// Anything else: a value the evaluator could not determine, or one JSON cannot hold (a set, a
    /// dict with non-string keys, a class, a module attribute it does not model, bytes, a complex number).
    case dynamic(PyDynamicReason)
}

struct PyResultMember: Sendable {
    var key: String
    /// Where the key was written (its string literal), or the expression that computed it.
    var keyRange: SourceRange
    var node: PyResultNode
}
