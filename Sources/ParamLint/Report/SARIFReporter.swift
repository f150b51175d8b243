/// SARIF 2.1.0 as GitHub code scanning reads it: rule metadata with help and absolute links,
/// `%SRCROOT%`-relative artifact URIs, a region and fingerprints on every result, and the
/// invocation's success. The JSON Pointer travels as a logical location.
public enum SARIFReporter {
    public static let sourceRoot = "%SRCROOT%"

    public struct Options: Sendable {
        /// Absolute; artifact URIs are relative to it (`--project-root`).
        public var projectRoot: String
        /// Absolute; relative file names given on the command line are relative to it.
        public var currentDirectory: String
        /// Rule pages are `documentationBase/rules/<ID>.md`.
        public var documentationBase: String
        /// `--sarif-category`: `automationDetails.id`, so that several uploads stay apart.
        public var category: String?
        public var executionSuccessful: Bool
        public var exitCode: Int?
        /// Why the run could not do its job (exit 2), one message each.
        public var errors: [String]

        public init(projectRoot: String, currentDirectory: String, documentationBase: String = ParamLintInfo.documentationBase,
                    category: String? = nil, executionSuccessful: Bool = true, exitCode: Int? = nil, errors: [String] = []) {
            self.projectRoot = Path.normalized(projectRoot)
            self.currentDirectory = Path.normalized(currentDirectory)
            self.documentationBase = documentationBase
            self.category = category
            self.executionSuccessful = executionSuccessful
            self.exitCode = exitCode
            self.errors = errors
        }
    }

    public static func render(_ diagnostics: [Diagnostic], documents: [String: ConfigDocument] = [:],
                              rules: [RuleDescription], options: Options) -> String {
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let driver: JSONOutput = .object([
            ("name", .string(ParamLintInfo.productName)),
            ("fullName", .string("\(ParamLintInfo.productName) \(ParamLintInfo.version)")),
            ("version", .string(ParamLintInfo.version)),
            ("semanticVersion", .string(ParamLintInfo.version)),
            ("informationUri", .string(ParamLintInfo.repositoryURL)),
            ("rules", .array(rules.map { rule($0, base: options.documentationBase) })),
        ])

        var lineHashes: [String: [Int: String]] = [:]
        var fingerprintCounts: [String: Int] = [:]
        let results: [JSONOutput] = diagnostics.map { d in
            let artifact = artifactLocation(d.file, options)
            let region = d.range.map(region) ?? .object([("startLine", .int(1)), ("startColumn", .int(1))])
            var location: [(String, JSONOutput)] = [("physicalLocation", .object([
                ("artifactLocation", artifact.json), ("region", region),
            ]))]
            if let p = d.pointer {
                location.append(("logicalLocations", .array([.object([
                    ("fullyQualifiedName", .string(p.description)), ("kind", .string("value")),
                ])])))
            }
            var text = d.message
            for n in d.notes { text += "\nnote: \(n)" }
            for s in d.suggestions { text += "\nhelp: \(s.message)" }

            var fingerprints: [(String, JSONOutput)] = []
            if let document = documents[d.file] {
                if lineHashes[d.file] == nil { lineHashes[d.file] = LineHash.lineHashes(document.lines.bytes) }
                if let h = lineHashes[d.file]?[d.range?.start.line ?? 1] { fingerprints.append(("primaryLocationLineHash", .string(h))) }
            }
            // Rule, file and pointer survive edits anywhere else in the file; the count keeps two
            // findings of one rule at one value apart.
            let identity = "\(d.ruleId)\u{0}\(artifact.uri)\u{0}\(d.pointer?.description ?? "")"
            fingerprintCounts[identity, default: 0] += 1
            fingerprints.append(("paramlint/v1", .string("\(fnv1a(identity)):\(fingerprintCounts[identity]!)")))

            var result: [(String, JSONOutput)] = [("ruleId", .string(d.ruleId))]
            if let i = ruleIndex[d.ruleId] { result.append(("ruleIndex", .int(i))) }
            result += [
                ("level", .string(level(d.severity))),
                ("message", .object([("text", .string(text))])),
                ("locations", .array([.object(location)])),
            ]
            if !d.relatedFiles.isEmpty {
                result.append(("relatedLocations", .array(d.relatedFiles.enumerated().map { i, f in
                    .object([
                        ("id", .int(i + 1)),
                        ("physicalLocation", .object([("artifactLocation", artifactLocation(f, options).json)])),
                        ("message", .object([("text", .string("the checkpoint file"))])),
                    ])
                })))
            }
            result.append(("partialFingerprints", .object(fingerprints)))
            return .object(result)
        }

        var invocation: [(String, JSONOutput)] = [("executionSuccessful", .bool(options.executionSuccessful))]
        if let code = options.exitCode { invocation.append(("exitCode", .int(code))) }
        if !options.errors.isEmpty {
            invocation.append(("toolExecutionNotifications", .array(options.errors.map { e in
                .object([("level", .string("error")), ("message", .object([("text", .string(e))]))])
            })))
        }
        var run: [(String, JSONOutput)] = [
            ("tool", .object([("driver", driver)])),
            ("invocations", .array([.object(invocation)])),
            ("originalUriBaseIds", .object([
                (sourceRoot, .object([("uri", .string(fileURI(options.projectRoot, directory: true)))])),
            ])),
        ]
        if let category = options.category {
            // As upload-sarif's `category` input: the category is what precedes the last '/'.
            run.append(("automationDetails", .object([("id", .string(category.hasSuffix("/") ? category : category + "/"))])))
        }
        run += [
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
        ]
        let doc: JSONOutput = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
        return doc.serialized(pretty: true) + "\n"
    }

    static func rule(_ r: RuleDescription, base: String) -> JSONOutput {
        let url = documentationURL(r.id, base: base)
        let help = """
            \(r.summary)

            Why: \(r.rationale)

            What RETURNN does: \(r.returnnBehavior)

            How to fix: \(r.fix)

            \(url)
            """
        return .object([
            ("id", .string(r.id)),
            ("name", .string(r.name)),
            ("shortDescription", .object([("text", .string(r.summary))])),
            ("fullDescription", .object([("text", .string(r.rationale))])),
            ("help", .object([("text", .string(help)), ("markdown", .string(RuleDocs.page(r)))])),
            ("helpUri", .string(url)),
            ("defaultConfiguration", .object([("level", .string(level(r.severity)))])),
            ("properties", .object([
                ("tags", .array(tags(r).map { .string($0) })),
                ("precision", .string(precision(r))),
                ("problem.severity", .string(r.severity == .info ? "recommendation" : r.severity.rawValue)),
            ])),
        ])
    }

    public static func documentationURL(_ id: String, base: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/rules/\(id).md"
    }

    static func tags(_ r: RuleDescription) -> [String] {
        let area: String
        switch r.category {
        case .config: area = "config"
        case .mainCheckpoint: area = "main-checkpoint"
        case .preload: area = "preload"
        case .variables: area = "variables"
        case .layers: area = "layers"
        case .checkpointFiles: area = "checkpoint"
        case nil: area = "other"
        }
        return ["returnn", area, r.severity == .info ? "information" : "correctness"]
    }

    /// An error predicts a RETURNN failure from its own code (checked against the real RETURNN in
    /// the scenarios); a warning is a silent behaviour that a config may intend; an info says what
    /// the linter could not check.
    static func precision(_ r: RuleDescription) -> String {
        switch r.severity {
        case .error: return "very-high"
        case .warning: return "high"
        case .info: return "medium"
        }
    }

    static func region(_ r: SourceRange) -> JSONOutput {
        .object([
            ("startLine", .int(r.start.line)), ("startColumn", .int(r.start.column)),
            ("endLine", .int(r.end.line)), ("endColumn", .int(r.end.column)),
            ("byteOffset", .int(r.start.offset)), ("byteLength", .int(max(0, r.end.offset - r.start.offset))),
        ])
    }

    struct Artifact {
        var uri: String
        var baseId: String?
        var json: JSONOutput {
            var f: [(String, JSONOutput)] = [("uri", .string(uri))]
            if let baseId { f.append(("uriBaseId", .string(baseId))) }
            return .object(f)
        }
    }

    /// Relative to the project root where the file is inside it (what code scanning maps onto the
    /// repository); an absolute `file:` URI otherwise.
    static func artifactLocation(_ file: String, _ options: Options) -> Artifact {
        let absolute = Path.normalized(file.hasPrefix("/") ? file : options.currentDirectory + "/" + file)
        let root = options.projectRoot
        let prefix = root == "/" ? "/" : root + "/"
        if absolute.hasPrefix(prefix) {
            return Artifact(uri: percentEncode(String(absolute.dropFirst(prefix.count))), baseId: sourceRoot)
        }
        return Artifact(uri: fileURI(absolute, directory: false), baseId: nil)
    }

    static func fileURI(_ absolute: String, directory: Bool) -> String {
        var path = percentEncode(absolute)
        if directory && !path.hasSuffix("/") { path += "/" }
        return "file://" + path
    }

    /// Everything but RFC 3986's unreserved characters and '/' is encoded: a ':' in a first segment
    /// would read as a scheme, a '#' as a fragment, a space is no URI at all.
    public static func percentEncode(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(b)
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func fnv1a(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let digits = String(h, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }
}

/// Lexical path arithmetic (no file system): "." and empty segments dropped, ".." taken back.
enum Path {
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(segment)
        }
        return "/" + parts.joined(separator: "/")
    }
}
