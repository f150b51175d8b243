import Testing
@testable import ParamLint

@Suite struct ListingTests {
    static let tricky: [CheckpointVariable] = [
        CheckpointVariable(name: "output/W", dtype: "float32", shape: [512, 10]),
        CheckpointVariable(name: "global_step", dtype: "int64", shape: []),
        CheckpointVariable(name: "no/dtype", dtype: nil, shape: [3]),
        CheckpointVariable(name: "no/shape", dtype: "float16", shape: nil),
        CheckpointVariable(name: "odd/dtype", dtype: "unknown_dtype_99", shape: nil),
        CheckpointVariable(name: "nothing", dtype: nil, shape: nil),
        CheckpointVariable(name: "my var", dtype: "float32", shape: [3]),
        CheckpointVariable(name: "my var nothing", dtype: nil, shape: nil),
        CheckpointVariable(name: "# not a comment", dtype: "bool", shape: [1]),
        CheckpointVariable(name: "\"quoted\"", dtype: nil, shape: []),
        CheckpointVariable(name: "", dtype: "int8", shape: [2]),
        CheckpointVariable(name: "tab\there", dtype: nil, shape: [1]),
        CheckpointVariable(name: "new\nline", dtype: "string", shape: [1]),
        CheckpointVariable(name: "a[0]", dtype: "float32", shape: nil),
        CheckpointVariable(name: "b [0]", dtype: nil, shape: nil),
        CheckpointVariable(name: "?", dtype: nil, shape: nil),
        CheckpointVariable(name: "[3]", dtype: nil, shape: nil),
        CheckpointVariable(name: "[x] y", dtype: "float32", shape: [1]),
        CheckpointVariable(name: "??", dtype: nil, shape: [2]),
        CheckpointVariable(name: "float32", dtype: nil, shape: nil),
        CheckpointVariable(name: "x float32", dtype: nil, shape: nil),
        CheckpointVariable(name: "misc/ümläut/W", dtype: "float32", shape: [2]),
        CheckpointVariable(name: "\u{0}slice\u{1}", dtype: "float32", shape: [2]),
        CheckpointVariable(name: "trailing ", dtype: "float32", shape: [2]),
        CheckpointVariable(name: "model/.ATTRIBUTES/VARIABLE_VALUE", dtype: "float32", shape: [0, 3]),
        CheckpointVariable(name: "𝔘nicode", dtype: "bfloat16", shape: [1, 2, 3, 4, 5]),
    ]

    @Test func textRoundTrip() throws {
        let checkpoint = Checkpoint(path: "x", format: .textListing, variables: Self.tricky)
        let text = TextListing.render([checkpoint])
        let back = try TextListing.parse(Array(text.utf8), file: "t")
        #expect(back.count == 1)
        #expect(back[0].variables == checkpoint.variables)
        #expect(TextListing.render([Checkpoint(path: "x", format: .textListing, variables: back[0].variables)]) == text)
    }

    @Test func textRoundTripOfSeveralCheckpoints() throws {
        let a = Checkpoint(path: "dir/a.index", format: .tfIndex, variables: Array(Self.tricky.prefix(5)))
        let b = Checkpoint(path: "b (1).safetensors", format: .safetensors, variables: Array(Self.tricky.suffix(5)))
        let text = TextListing.render([a, b])
        #expect(text.hasPrefix("# dir/a.index (tf-index)\n"))
        let back = try TextListing.parse(Array(text.utf8), file: "t")
        #expect(back.map(\.path) == ["dir/a.index", "b (1).safetensors"])
        #expect(back.map(\.format) == [.tfIndex, .safetensors])
        #expect(back[0].variables == a.variables)
        #expect(back[1].variables == b.variables)
    }

    @Test func jsonRoundTrip() throws {
        let a = Checkpoint(path: "dir/a.index", format: .tfIndex, variables: Self.tricky)
        let b = Checkpoint(path: "empty", format: .safetensors, variables: [])
        for list in [[a], [a, b], [b], []] {
            let json = JSONListing.render(list)
            let back = try JSONListing.parse(Array(json.utf8), file: "j")
            #expect(back.map(\.path) == list.map(\.path))
            #expect(back.map(\.format) == list.map(\.format))
            #expect(back.map(\.variables) == list.map(\.variables))
            #expect(JSONListing.render(back) == json)
            // the JSONOutput rendering is the same document
            let viaValue = try JSONListing.parse(Array(JSONListing.value(list).serialized().utf8), file: "v")
            #expect(viaValue.map(\.variables) == list.map(\.variables))
        }
    }

    @Test func jsonListingLayout() {
        let c = Checkpoint(path: "model.index", format: .tfIndex, variables: [
            CheckpointVariable(name: "output/W", dtype: "float32", shape: [512, 10]),
        ])
        #expect(JSONListing.render([c]) == """
            {"schemaVersion": 1, "checkpoints": [
              {"path": "model.index", "format": "tf-index", "variables": [
                {"name": "output/W", "dtype": "float32", "shape": [512, 10]}
              ]}
            ]}

            """)
    }

    @Test func textLinesAsUsersWriteThem() throws {
        let text = """
            # a listing written by hand
              output/W [512, 10] float32
            output/b [10]
            scalar []   float64
            bare
            typed float16
            two words
            name with spaces [2,3] int32\r
            "quoted name" float32

            weird [ 4 ,5 ]
            """
        let v = try TextListing.parse(Array(text.utf8), file: "t")[0].variables
        #expect(v == [
            CheckpointVariable(name: "output/W", dtype: "float32", shape: [512, 10]),
            CheckpointVariable(name: "output/b", dtype: nil, shape: [10]),
            CheckpointVariable(name: "scalar", dtype: "float64", shape: []),
            CheckpointVariable(name: "bare", dtype: nil, shape: nil),
            CheckpointVariable(name: "typed", dtype: "float16", shape: nil),
            CheckpointVariable(name: "two words", dtype: nil, shape: nil),
            CheckpointVariable(name: "name with spaces", dtype: "int32", shape: [2, 3]),
            CheckpointVariable(name: "quoted name", dtype: "float32", shape: nil),
            CheckpointVariable(name: "weird", dtype: nil, shape: [4, 5]),
        ])
    }

    @Test(arguments: [
        ("a [1, -2] float32", "bad shape"),
        ("a [x] float32", "bad shape"),
        ("a [2 3] float32", "bad shape"),
        ("a [2, 3 4]", "bad shape"),
        ("\"q\" [2 3] float32", "bad shape"),
        ("[3] float32", "missing variable name"),
        ("\"open float32", "quoted name"),
        ("\"q\"x [1]", "blank after the quoted name"),
        ("a [1]\na [2]", "duplicate variable 'a' (first on line 1)"),
    ])
    func textErrors(text: String, reason: String) {
        do {
            _ = try TextListing.parse(Array(text.utf8), file: "t.txt")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.file == "t.txt")
            #expect(error.location?.hasPrefix("line ") == true)
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test(arguments: [
        ("{", "invalid JSON listing"),
        ("[]", "is an object"),
        ("{\"schemaVersion\": 2, \"checkpoints\": []}", "unsupported schemaVersion 2"),
        ("{\"schemaVersion\": 1}", "missing checkpoints"),
        ("{\"schemaVersion\": 1, \"checkpoints\": [{\"path\": \"p\", \"format\": \"zip\", \"variables\": []}]}", "unknown format 'zip'"),
        ("{\"schemaVersion\": 1, \"checkpoints\": [{\"path\": \"p\", \"format\": \"tf-index\", \"variables\": [{\"name\": \"a\", \"shape\": [-1]}]}]}", "non-negative"),
        ("{\"schemaVersion\": 1, \"checkpoints\": [{\"path\": \"p\", \"format\": \"tf-index\", \"variables\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}]}", "duplicate variable 'a'"),
        ("{\"schemaVersion\": 1, \"checkpoints\": [{\"path\": \"p\", \"format\": \"tf-index\", \"variables\": [{\"dtype\": \"float32\"}]}]}", "missing name"),
    ])
    func jsonErrors(text: String, reason: String) {
        do {
            _ = try JSONListing.parse(Array(text.utf8), file: "l.json")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.file == "l.json")
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test func fixtureListingsReadBackAsListings() throws {
        // every expected.json is itself a JSON listing the loader reads
        let c = try CheckpointLoader.load(path: CheckpointFixtures.path("returnn_style_saver/model.ckpt-5.expected.json"))
        #expect(c.format == .jsonListing)
        #expect(c.variables == (try CheckpointFixtures.expected("returnn_style_saver/model.ckpt-5.expected.json")))
        // the text rendering of a real checkpoint reads back identically
        let real = try CheckpointLoader.load(path: CheckpointFixtures.path("many_20k/many"))
        let text = TextListing.render([real])
        #expect(try TextListing.parse(Array(text.utf8), file: "t")[0].variables == real.variables)
    }
}
