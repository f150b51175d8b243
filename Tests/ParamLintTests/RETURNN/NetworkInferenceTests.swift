import Testing
@testable import ParamLint

/// Hand-built networks, with the variables RETURNN creates for them (from the measured table in
/// `returnn-layer-params.md` where it has the case, else from RETURNN's source).
@Suite struct NetworkInferenceTests {
    /// The extern data the spec's measurements used: input `[B,T,9]`, sparse `classes` with 3 labels.
    static let defaultExtern = #"{"data": {"dim": 9}, "classes": {"dim": 3, "sparse": true}}"#
    /// The softmax output layer every spec case had.
    static let output = #""output": {"class": "softmax", "loss": "ce", "target": "classes", "from": "L"}"#

    static func infer(_ network: String, extern: String? = defaultExtern, behaviorVersion: Int = 16) -> ModelVariables {
        let text = #"{"network": \#(network), "extern_data": \#(extern ?? "null")}"#
        let doc = JSONFrontEnd.parse(file: "test.json", bytes: Array(text.utf8))
        guard let root = doc.root, let network = root["network"] else {
            Issue.record("cannot parse \(text): \(String(describing: doc.syntaxError))")
            return ModelVariables(origin: .inferred, variables: [])
        }
        let externData = root["extern_data"].flatMap { $0.isNull ? nil : $0 }
        return NetworkInference.infer(network: network, externData: externData, behaviorVersion: behaviorVersion)
    }

    /// name → shape ("nil" shapes as nil), with global_step.
    static func table(_ v: ModelVariables) -> [String: [Int]?] {
        var t: [String: [Int]?] = [:]
        for variable in v.variables { t[variable.name] = .some(variable.shape) }
        return t
    }

    static func expect(_ network: String, _ expected: [String: [Int]?], extern: String? = defaultExtern,
                       behaviorVersion: Int = 16, sourceLocation: SourceLocation = #_sourceLocation) {
        let v = infer(network, extern: extern, behaviorVersion: behaviorVersion)
        var want = expected
        want["global_step"] = .some([])
        #expect(table(v) == want, sourceLocation: sourceLocation)
        #expect(v.isComplete, "unexpected unknown scopes \(v.unknownScopes)", sourceLocation: sourceLocation)
    }

    static let outputVars: [String: [Int]?] = ["output/W": [5, 3], "output/b": [3]]

    // MARK: linear / softmax

    @Test func linear() {
        Self.expect(#"{"L": {"class": "linear", "n_out": 5, "from": "data"}, \#(Self.output)}"#,
                    Self.outputVars.merging(["L/W": [9, 5], "L/b": [5]]) { a, _ in a })
    }

    @Test func linearWithoutBias() {
        Self.expect(#"{"L": {"class": "linear", "n_out": 5, "with_bias": false, "activation": "tanh", "from": "data"}, \#(Self.output)}"#,
                    Self.outputVars.merging(["L/W": [9, 5]]) { a, _ in a })
    }

    @Test func linearOnSparseInputIsAnEmbedding() {
        Self.expect(#"{"L": {"class": "linear", "n_out": 5, "from": "data:classes"}, \#(Self.output)}"#,
                    Self.outputVars.merging(["L/W": [3, 5], "L/b": [5]]) { a, _ in a })
    }

    @Test func softmaxTakesNOutFromTargetAndCTCAddsBlank() {
        Self.expect(#"{"output": {"class": "softmax", "loss": "ctc", "target": "classes", "from": "data"}}"#,
                    ["output/W": [9, 4], "output/b": [4]])
        // Only `loss`: the default target `classes`.
        Self.expect(#"{"output": {"class": "softmax", "loss": "ce", "from": "data"}}"#,
                    ["output/W": [9, 3], "output/b": [3]])
    }

    @Test func concatenatedSourcesAddUp() {
        Self.expect(#"{"a": {"class": "linear", "n_out": 4, "from": "data"}, "output": {"class": "linear", "n_out": 2, "from": ["a", "data"], "is_output_layer": true}}"#,
                    ["a/W": [9, 4], "a/b": [4], "output/W": [13, 2], "output/b": [2]])
    }

    @Test func missingFromReadsData() {
        Self.expect(#"{"output": {"class": "linear", "n_out": 2}}"#, ["output/W": [9, 2], "output/b": [2]],
                    behaviorVersion: 0)
    }

    // MARK: conv

    @Test func conv1DWithBiasFromBehaviorVersion10() {
        let net = #"{"L": {"class": "conv", "filter_size": [3], "padding": "same", "n_out": 4, "from": "data"}, \#(Self.output)}"#
        Self.expect(net, ["L/W": [3, 9, 4], "L/bias": [4], "output/W": [4, 3], "output/b": [3]])
        Self.expect(net, ["L/W": [3, 9, 4], "output/W": [4, 3], "output/b": [3]], behaviorVersion: 0)
        Self.expect(net, ["L/W": [3, 9, 4], "output/W": [4, 3], "output/b": [3]], behaviorVersion: 9)
        Self.expect(net, ["L/W": [3, 9, 4], "L/bias": [4], "output/W": [4, 3], "output/b": [3]], behaviorVersion: 10)
    }

    @Test func conv2DOnSplitDims() {
        Self.expect(#"""
        {"split": {"class": "split_dims", "axis": "F", "dims": [9, 1], "from": "data"},
         "L": {"class": "conv", "filter_size": [3, 3], "padding": "same", "n_out": 4, "from": "split", "in_spatial_dims": ["T", "dim:9"]},
         "output": {"class": "softmax", "loss": "ce", "target": "classes", "from": "L"}}
        """#, ["L/W": [3, 3, 1, 4], "L/bias": [4], "output/W": [4, 3], "output/b": [3]])
    }

    // MARK: batch norm, layer norm

    @Test func batchNormParamVersions() {
        Self.expect(#"{"L": {"class": "batch_norm", "masked_time": false, "from": "data"}, \#(Self.output)}"#,
                    ["L/batch_norm/v2_beta": [9], "L/batch_norm/v2_gamma": [9], "L/batch_norm/v2_mean": [9],
                     "L/batch_norm/v2_variance": [9], "output/W": [9, 3], "output/b": [3]])
        Self.expect(#"{"L": {"class": "batch_norm", "masked_time": false, "param_version": 1, "from": "data"}, \#(Self.output)}"#,
                    ["L/batch_norm/beta": [1, 1, 9], "L/batch_norm/gamma": [1, 1, 9], "L/batch_norm/mean": [1, 1, 9],
                     "L/batch_norm/variance": [1, 1, 9], "output/W": [9, 3], "output/b": [3]])
        Self.expect(#"{"bn1": {"class": "batch_norm", "masked_time": false, "param_version": 0, "from": "data"}, "output": {"class": "softmax", "loss": "ce", "from": "bn1"}}"#,
                    ["bn1/batch_norm/bn1_bn1_output_beta": [1, 1, 9], "bn1/batch_norm/bn1_bn1_output_gamma": [1, 1, 9],
                     "bn1/batch_norm/bn1_bn1_output_mean": [1, 1, 9], "bn1/batch_norm/bn1_bn1_output_variance": [1, 1, 9],
                     "output/W": [9, 3], "output/b": [3]])
    }

    @Test func batchNormDefaultsToParamVersion0BelowBehaviorVersion12() {
        Self.expect(#"{"L": {"class": "batch_norm", "from": "data"}, \#(Self.output)}"#,
                    ["L/batch_norm/L_L_output_beta": [1, 1, 9], "L/batch_norm/L_L_output_gamma": [1, 1, 9],
                     "L/batch_norm/L_L_output_mean": [1, 1, 9], "L/batch_norm/L_L_output_variance": [1, 1, 9],
                     "output/W": [9, 3], "output/b": [3]], behaviorVersion: 11)
    }

    @Test func batchNormOptionOnAnyLayer() {
        Self.expect(#"{"enc": {"class": "linear", "n_out": 4, "from": "data", "batch_norm": {"param_version": 0, "masked_time": false}}, "output": {"class": "softmax", "loss": "ce", "from": "enc"}}"#,
                    ["enc/W": [9, 4], "enc/b": [4],
                     "enc/batch_norm/enc_enc_output_beta": [1, 1, 4], "enc/batch_norm/enc_enc_output_gamma": [1, 1, 4],
                     "enc/batch_norm/enc_enc_output_mean": [1, 1, 4], "enc/batch_norm/enc_enc_output_variance": [1, 1, 4],
                     "output/W": [4, 3], "output/b": [3]])
        Self.expect(#"{"L": {"class": "copy", "from": "data", "batch_norm": {"masked_time": false}}, \#(Self.output)}"#,
                    ["L/batch_norm/v2_beta": [9], "L/batch_norm/v2_gamma": [9], "L/batch_norm/v2_mean": [9],
                     "L/batch_norm/v2_variance": [9], "output/W": [9, 3], "output/b": [3]])
        let v = Self.infer(#"{"L": {"class": "copy", "from": "data", "batch_norm": {"masked_time": false}}, \#(Self.output)}"#)
        #expect(v.variables.first { $0.name == "L/batch_norm/v2_mean" }?.trainable == false)
        #expect(v.variables.first { $0.name == "L/batch_norm/v2_beta" }?.trainable == true)
    }

    @Test func layerNorm() {
        Self.expect(#"{"L": {"class": "layer_norm", "from": "data"}, \#(Self.output)}"#,
                    ["L/scale": [9], "L/bias": [9], "output/W": [9, 3], "output/b": [3]])
    }

    // MARK: rec

    static func lstm(_ unit: String) -> String {
        #"{"L": {"class": "rec", "unit": "\#(unit)", "n_out": 6, "from": "data"}, \#(output)}"#
    }

    @Test(arguments: ["nativelstm2", "lstm", "LSTMBlock", "LSTMBlockFused", "NativeLSTM"])
    func nativeLSTMUnits(unit: String) {
        Self.expect(Self.lstm(unit), ["L/rec/W": [9, 24], "L/rec/W_re": [6, 24], "L/rec/b": [24],
                                      "output/W": [6, 3], "output/b": [3]])
    }

    @Test func standardLSTM() {
        Self.expect(Self.lstm("standardlstm"), ["L/rec/lstm_cell/kernel": [15, 24], "L/rec/lstm_cell/bias": [24],
                                                "output/W": [6, 3], "output/b": [3]])
    }

    @Test func recDefaultsToLSTMAndInputProjectionCanBeOff() {
        Self.expect(#"{"L": {"class": "rec", "n_out": 6, "from": "data"}, \#(Self.output)}"#,
                    ["L/rec/W": [9, 24], "L/rec/W_re": [6, 24], "L/rec/b": [24], "output/W": [6, 3], "output/b": [3]])
        Self.expect(#"{"L": {"class": "rec", "unit": "nativelstm2", "input_projection": false, "n_out": 6, "from": "data"}, \#(Self.output)}"#,
                    ["L/rec/W_re": [6, 24], "output/W": [6, 3], "output/b": [3]])
    }

    @Test func bidirectionalLSTMPairs() {
        Self.expect(#"""
        {"lstm0_fw": {"class": "rec", "unit": "nativelstm2", "n_out": 6, "direction": 1, "from": "data"},
         "lstm0_bw": {"class": "rec", "unit": "nativelstm2", "n_out": 6, "direction": -1, "from": "data"},
         "lstm1_fw": {"class": "rec", "unit": "nativelstm2", "n_out": 4, "direction": 1, "from": ["lstm0_fw", "lstm0_bw"]},
         "lstm1_bw": {"class": "rec", "unit": "nativelstm2", "n_out": 4, "direction": -1, "from": ["lstm0_fw", "lstm0_bw"]},
         "output": {"class": "softmax", "loss": "ce", "from": ["lstm1_fw", "lstm1_bw"]}}
        """#, ["lstm0_fw/rec/W": [9, 24], "lstm0_fw/rec/W_re": [6, 24], "lstm0_fw/rec/b": [24],
               "lstm0_bw/rec/W": [9, 24], "lstm0_bw/rec/W_re": [6, 24], "lstm0_bw/rec/b": [24],
               "lstm1_fw/rec/W": [12, 16], "lstm1_fw/rec/W_re": [4, 16], "lstm1_fw/rec/b": [16],
               "lstm1_bw/rec/W": [12, 16], "lstm1_bw/rec/W_re": [4, 16], "lstm1_bw/rec/b": [16],
               "output/W": [8, 3], "output/b": [3]])
    }

    @Test func recSubnetworkUnit() {
        Self.expect(#"""
        {"L": {"class": "rec", "from": "data", "unit": {
            "lin": {"class": "linear", "n_out": 5, "from": ["data:source", "prev:lin"]},
            "cell": {"class": "rnn_cell", "unit": "LSTMBlock", "n_out": 6, "from": "lin"},
            "unused": {"class": "linear", "n_out": 7, "from": "data:source"},
            "output": {"class": "copy", "from": "cell"}}},
         "output": {"class": "softmax", "loss": "ce", "target": "classes", "from": "L"}}
        """#, ["L/rec/lin/W": [14, 5], "L/rec/lin/b": [5],
               "L/rec/cell/rec/lstm_cell/kernel": [11, 24], "L/rec/cell/rec/lstm_cell/bias": [24],
               "output/W": [6, 3], "output/b": [3]])
    }

    @Test func recUnitDecoderWithBaseAndTarget() {
        // A decoder: embedding of the previous label, attention-free; `base:` reads the encoder.
        Self.expect(#"""
        {"enc": {"class": "linear", "n_out": 4, "from": "data"},
         "dec": {"class": "rec", "from": [], "target": "classes", "unit": {
            "emb": {"class": "linear", "n_out": 2, "with_bias": false, "from": "prev:output"},
            "s": {"class": "rnn_cell", "unit": "standardlstm", "n_out": 3, "from": ["emb", "base:enc"]},
            "output": {"class": "softmax", "loss": "ce", "target": "classes", "from": "s"},
            "end": {"class": "compare", "from": "output", "value": 0}}},
         "decision": {"class": "decide", "from": "dec", "loss": "edit_distance", "target": "classes"}}
        """#, ["enc/W": [9, 4], "enc/b": [4],
               "dec/rec/emb/W": [3, 2],
               "dec/rec/s/rec/lstm_cell/kernel": [9, 12], "dec/rec/s/rec/lstm_cell/bias": [12],
               "dec/rec/output/W": [3, 3], "dec/rec/output/b": [3]])
    }

    // MARK: attention, subnetworks, variables

    @Test func selfAttention() {
        Self.expect(#"{"L": {"class": "self_attention", "num_heads": 2, "total_key_dim": 8, "n_out": 8, "from": "data"}, \#(Self.output)}"#,
                    ["L/QKV": [9, 24], "output/W": [8, 3], "output/b": [3]])
    }

    @Test func subnetwork() {
        Self.expect(#"{"L": {"class": "subnetwork", "from": "data", "subnetwork": {"lin": {"class": "linear", "n_out": 5, "from": "data"}, "output": {"class": "copy", "from": "lin"}}}, \#(Self.output)}"#,
                    ["L/lin/W": [9, 5], "L/lin/b": [5], "output/W": [5, 3], "output/b": [3]])
    }

    @Test func nestedSubnetworksWithBaseAndSubLayerReferences() {
        Self.expect(#"""
        {"pre": {"class": "linear", "n_out": 4, "from": "data"},
         "outer": {"class": "subnetwork", "from": "data", "subnetwork": {
            "inner": {"class": "subnetwork", "from": "base:pre", "subnetwork": {
                "lin": {"class": "linear", "n_out": 2, "from": "data"},
                "output": {"class": "copy", "from": "lin"}}},
            "aux": {"class": "linear", "n_out": 3, "from": "data:classes", "is_output_layer": true},
            "output": {"class": "copy", "from": "inner"}}},
         "side": {"class": "linear", "n_out": 1, "from": "outer/aux", "is_output_layer": true},
         "output": {"class": "softmax", "loss": "ce", "from": "outer"}}
        """#, ["pre/W": [9, 4], "pre/b": [4],
               "outer/inner/lin/W": [4, 2], "outer/inner/lin/b": [2],
               "outer/aux/W": [3, 3], "outer/aux/b": [3],
               "side/W": [3, 1], "side/b": [1],
               "output/W": [2, 3], "output/b": [3]])
    }

    @Test func subnetworkInputIsOnlyBuiltWhenRead() {
        Self.expect(#"""
        {"src": {"class": "linear", "n_out": 4, "from": "data"},
         "L": {"class": "subnetwork", "from": "src", "subnetwork": {"output": {"class": "linear", "n_out": 2, "from": "data:classes"}}},
         "output": {"class": "softmax", "loss": "ce", "from": "L"}}
        """#, ["L/output/W": [3, 2], "L/output/b": [2], "output/W": [2, 3], "output/b": [3]])
    }

    @Test func variableLayer() {
        Self.expect(#"{"l": {"class": "variable", "shape": [5], "is_output_layer": true}}"#, ["l/l": [5]])
        let v = Self.infer(#"{"v": {"class": "variable", "shape": [2, 3], "dtype": "int32", "trainable": false, "param_name": "p", "is_output_layer": true}, "s": {"class": "variable", "shape": [1], "saveable": false, "is_output_layer": true}}"#)
        #expect(Self.table(v) == ["v/p": [2, 3], "global_step": []])
        #expect(v.variables.first { $0.name == "v/p" }.map { ($0.dtype, $0.trainable) } ?? ("", nil) == ("int32", false))
    }

    @Test func globalStepIsInt64() {
        let v = Self.infer("{}")
        #expect(v.variables.map(\.name) == ["global_step"])
        #expect(v.variables[0].dtype == "int64" && v.variables[0].shape == [] && v.variables[0].trainable == false)
    }

    // MARK: reuse

    @Test func reuseParamsStringAndDictForms() {
        let expected: [String: [Int]?] = ["a/W": [9, 5], "a/b": [5], "output/W": [5, 3], "output/b": [3]]
        for reuse in [#""a""#, #"{"reuse_layer": "a"}"#, #"{"map": {"W": "a", "b": {"reuse_layer": "a"}}}"#] {
            Self.expect(#"""
            {"a": {"class": "linear", "n_out": 5, "from": "data"},
             "L": {"class": "linear", "n_out": 5, "from": "data", "reuse_params": \#(reuse)},
             "output": {"class": "softmax", "loss": "ce", "from": ["L"]}}
            """#, expected)
        }
        // `None` in the map: created under the layer's own name.
        Self.expect(#"""
        {"a": {"class": "linear", "n_out": 5, "from": "data"},
         "L": {"class": "linear", "n_out": 5, "from": "a", "reuse_params": {"map": {"W": null, "b": "a"}}},
         "output": {"class": "softmax", "loss": "ce", "from": ["L"]}}
        """#, ["a/W": [9, 5], "a/b": [5], "L/W": [5, 5], "output/W": [5, 3], "output/b": [3]])
    }

    @Test func reusedLayerIsConstructedEvenIfOnlyReuseReachesIt() {
        Self.expect(#"""
        {"a": {"class": "linear", "n_out": 5, "from": "data"},
         "output": {"class": "linear", "n_out": 5, "from": "data", "reuse_params": "a", "is_output_layer": true}}
        """#, ["a/W": [9, 5], "a/b": [5]])
    }

    // MARK: reachability, names

    @Test func unreachableLayersHaveNoVariables() {
        Self.expect(#"{"lonely": {"class": "linear", "n_out": 5, "from": "data"}}"#, [:])
        Self.expect(#"""
        {"used": {"class": "linear", "n_out": 5, "from": "data"},
         "unused": {"class": "linear", "n_out": 5, "from": "used"},
         "#comment": {"class": "linear", "n_out": 5, "from": "data", "is_output_layer": true},
         "search_only": {"class": "linear", "n_out": 5, "from": "data", "is_output_layer": true, "only_on_search": true},
         "output": {"class": "softmax", "loss": "ce", "from": "used"}}
        """#, ["used/W": [9, 5], "used/b": [5], "output/W": [5, 3], "output/b": [3]])
    }

    @Test func targetNamingALayerIsConstructed() {
        Self.expect(#"""
        {"teacher": {"class": "linear", "n_out": 3, "from": "data"},
         "output": {"class": "linear", "loss": "mse", "target": "layer:teacher", "from": "data"}}
        """#, ["teacher/W": [9, 3], "teacher/b": [3], "output/W": [9, 3], "output/b": [3]])
    }

    @Test func emptyFromAndParamFreeLayers() {
        Self.expect(#"""
        {"a": {"class": "activation", "activation": "relu", "from": "data"},
         "d": {"class": "dropout", "dropout": 0.1, "from": "a"},
         "c": {"class": "combine", "kind": "add", "from": ["d", "a"]},
         "r": {"class": "reduce", "mode": "max", "axes": "T", "from": "c"},
         "output": {"class": "linear", "n_out": 2, "from": "r", "is_output_layer": true}}
        """#, ["output/W": [9, 2], "output/b": [2]])
    }

    @Test func nameScopesAndInvalidCharacters() {
        Self.expect(#"""
        {"enc-1": {"class": "linear", "n_out": 4, "from": "data"},
         "x": {"class": "linear", "n_out": 4, "from": "enc-1", "name_scope": "shared"},
         "y": {"class": "rec", "unit": "nativelstm2", "n_out": 2, "from": "x", "name_scope": "/abs"},
         "output": {"class": "softmax", "loss": "ce", "from": "y"}}
        """#, ["enc__1/W": [9, 4], "enc__1/b": [4], "shared/W": [4, 4], "shared/b": [4],
               "abs/W": [4, 8], "abs/W_re": [2, 8], "abs/b": [8], "output/W": [2, 3], "output/b": [3]])
    }

    @Test func trainableFalse() {
        let v = Self.infer(#"{"output": {"class": "linear", "n_out": 2, "trainable": false, "from": "data", "is_output_layer": true}}"#)
        #expect(v.variables.filter { $0.name.hasPrefix("output/") }.allSatisfy { $0.trainable == false })
    }

    @Test func underivableShapesStayNil() {
        Self.expect(#"""
        {"m": {"class": "merge_dims", "axes": "except_time", "from": "data"},
         "output": {"class": "linear", "n_out": 2, "from": "m", "is_output_layer": true}}
        """#, ["output/W": nil, "output/b": [2]])
        Self.expect(#"{"output": {"class": "linear", "n_out": 2, "from": "data", "is_output_layer": true}}"#,
                    ["output/W": nil, "output/b": [2]], extern: nil)
    }

    // MARK: unknown parts

    @Test func unknownClassReportsItsScopeAndInventsNothing() {
        let v = Self.infer(#"""
        {"weird": {"class": "my_custom_layer", "n_out": 5, "from": "data", "helper": "h"},
         "h": {"class": "linear", "n_out": 3, "from": "data"},
         "output": {"class": "softmax", "loss": "ce", "from": "weird"}}
        """#)
        #expect(Self.table(v) == ["h/W": [9, 3], "h/b": [3], "output/W": nil, "output/b": [3], "global_step": []])
        #expect(v.unknownScopes.map(\.scope) == ["weird/"])
        #expect(v.unknownScopes.first?.layerClass == "my_custom_layer")
        #expect(v.unknownScopes.first?.pointer?.description == "/network/weird")
        #expect(v.isUnknown("weird/W") && !v.isUnknown("h/W"))
    }

    @Test func unknownUnitsAndDynamicValues() {
        let v = Self.infer(#"""
        {"gru": {"class": "rec", "unit": "GRUBlock", "n_out": 4, "from": "data"},
         "cell": {"class": "rnn_cell", "unit": "nativelstm2", "n_out": 4, "from": "data"},
         "o": {"class": "linear", "n_out": 4, "from": "data", "unit_opts": {"x": 1}},
         "output": {"class": "combine", "kind": "add", "from": ["gru", "cell", "o"], "is_output_layer": true}}
        """#)
        #expect(Set(v.unknownScopes.map(\.scope)) == ["gru/", "cell/"])
        #expect(Self.table(v)["o/W"] == .some([9, 4]))
    }

    /// `node` with the value at `pointer` replaced by a dynamic one (what the Python front end gives
    /// for a call or a name).
    static func makingDynamic(_ node: ConfigNode, at pointer: JSONPointer) -> ConfigNode {
        var node = node
        if node.pointer == pointer {
            node.value = .dynamic(reason: "call")
            return node
        }
        switch node.value {
        case .object(let members):
            node.value = .object(members.map { m in
                var m = m
                m.node = makingDynamic(m.node, at: pointer)
                return m
            })
        case .array(let elements):
            node.value = .array(elements.map { makingDynamic($0, at: pointer) })
        default:
            break
        }
        return node
    }

    @Test func dynamicOptionMakesTheLayerUnknown() {
        let text = #"""
        {"network": {
            "enc": {"class": "linear", "n_out": 4, "from": "data"},
            "init": {"class": "linear", "n_out": 3, "from": "data", "forward_weights_init": "x"},
            "dyn": {"class": "linear", "n_out": 3, "from": "data"},
            "output": {"class": "softmax", "loss": "ce", "from": ["enc", "init", "dyn"]}}}
        """#
        guard var network = JSONFrontEnd.parse(file: "c.json", bytes: Array(text.utf8)).root?["network"] else {
            Issue.record("no network")
            return
        }
        network = Self.makingDynamic(network, at: JSONPointer(["network", "enc", "n_out"]))
        network = Self.makingDynamic(network, at: JSONPointer(["network", "init", "forward_weights_init"]))
        network = Self.makingDynamic(network, at: JSONPointer(["network", "dyn"]))
        let externDoc = JSONFrontEnd.parse(file: "e.json", bytes: Array(Self.defaultExtern.utf8))
        let v = NetworkInference.infer(network: network, externData: externDoc.root, behaviorVersion: 16)
        // A dynamic `n_out` leaves the names (enc/W, enc/b) and only their dims unknown.
        #expect(v.unknownScopes.map(\.scope).sorted() == ["dyn/"])
        #expect(Self.table(v) == ["enc/W": nil, "enc/b": nil, "init/W": [9, 3], "init/b": [3], "output/W": nil,
                                  "output/b": [3], "global_step": []])
        // A dynamic `network` is unknown as a whole.
        let whole = NetworkInference.infer(network: Self.makingDynamic(network, at: network.pointer),
                                           externData: nil, behaviorVersion: 0)
        #expect(whole.unknownScopes.map(\.scope) == [""] && whole.isUnknown("anything/W"))
    }

    @Test func validScopeName() {
        #expect(NetworkInference.validScopeName("a:b") == "a__b")
        #expect(NetworkInference.validScopeName("_x") == ".95.x")
        #expect(NetworkInference.validScopeName("lstm0_fw") == "lstm0_fw")
    }
}

extension NetworkInferenceTests {
    /// A deep residual stack and a decoder loop whose layers all feed each other through `prev:`:
    /// shapes must come out right (fixpoint over the cycle) and fast.
    @Test func deepResidualNetworksAndDenseRecLoops() {
        var layers: [String] = [#""l0": {"class": "linear", "n_out": 8, "from": "data"}"#]
        for i in 1...60 {
            layers.append(#""ff\#(i)": {"class": "linear", "n_out": 8, "from": "l\#(i - 1)"}"#)
            layers.append(#""l\#(i)": {"class": "combine", "kind": "add", "from": ["ff\#(i)", "l\#(i - 1)"]}"#)
        }
        var unit: [String] = [#""s0": {"class": "rnn_cell", "unit": "standardlstm", "n_out": 4, "from": ["prev:out", "prev:s9"]}"#]
        for i in 1...9 {
            unit.append(#""f\#(i)": {"class": "linear", "n_out": 4, "from": ["s\#(i - 1)", "prev:s\#(i)"]}"#)
            unit.append(#""s\#(i)": {"class": "combine", "kind": "add", "from": ["f\#(i)", "s\#(i - 1)"]}"#)
        }
        unit.append(#""out": {"class": "linear", "n_out": 3, "from": ["s9", "base:l60"]}"#)
        unit.append(#""output": {"class": "copy", "from": "out"}"#)
        layers.append(#""dec": {"class": "rec", "from": "l60", "unit": {\#(unit.joined(separator: ", "))}}"#)
        layers.append(#""output": {"class": "softmax", "loss": "ce", "from": "dec"}"#)
        let clock = ContinuousClock()
        var v = ModelVariables(origin: .inferred, variables: [])
        let elapsed = clock.measure { v = Self.infer("{" + layers.joined(separator: ", ") + "}") }
        #expect(elapsed < .seconds(2))
        let t = Self.table(v)
        #expect(v.isComplete)
        #expect(t["ff60/W"] == .some([8, 8]))
        #expect(t["dec/rec/s0/rec/lstm_cell/kernel"] == .some([3 + 4 + 4, 16]))
        #expect(t["dec/rec/f5/W"] == .some([8, 4]))
        #expect(t["dec/rec/out/W"] == .some([12, 3]))
        #expect(t["output/W"] == .some([3, 3]))
        #expect(v.variables.allSatisfy { $0.shape != nil })
    }
}

extension NetworkInferenceTests {
    @Test func transposedConvAndCombineBias() {
        Self.expect(#"""
        {"up": {"class": "transposed_conv", "filter_size": [2], "strides": [2], "n_out": 4, "from": "data"},
         "c": {"class": "combine", "kind": "add", "with_bias": true, "from": ["up", "up"]},
         "output": {"class": "softmax", "loss": "ce", "from": "c"}}
        """#, ["up/W_native_transposed_conv": [2, 1, 4, 9], "up/bias": [4], "c/b": [4], "output/W": [4, 3], "output/b": [3]])  // 1-D: [k, 1, n_out, n_in] (oracle n51)
    }
}

extension NetworkInferenceTests {
    /// Oracle case n22: layer `b` reusing `a`'s `W` and creating its own `b` gets `b/b_1`.
    @Test func reuseParamsOwnVariableNamedLikeTheLayerIsUniquified() {
        Self.expect(#"""
        {"a": {"class": "linear", "n_out": 5, "from": "data"},
         "b": {"class": "linear", "n_out": 5, "from": "data", "reuse_params": {"map": {"W": {"reuse_layer": "a"}, "b": null}}},
         "output": {"class": "softmax", "loss": "ce", "from": ["a", "b"]}}
        """#, ["a/W": [9, 5], "a/b": [5], "b/b_1": [5], "output/W": [10, 3], "output/b": [3]])
    }

    /// Oracle case n07: conv 2-D, then merging the static spatial axis into the feature axis.
    @Test func mergeDimsOfStaticAxesNamedBySize() {
        Self.expect(#"""
        {"split": {"class": "split_dims", "axis": "F", "dims": [9, 1], "from": "data"},
         "conv": {"class": "conv", "filter_size": [3, 3], "padding": "same", "n_out": 4, "from": "split", "in_spatial_dims": ["T", "dim:9"]},
         "merge": {"class": "merge_dims", "axes": ["dim:9", "F"], "keep_order": true, "from": "conv"},
         "output": {"class": "softmax", "loss": "ce", "target": "classes", "from": "merge"}}
        """#, ["conv/W": [3, 3, 1, 4], "conv/bias": [4], "output/W": [36, 3], "output/b": [3]])
    }
}

extension NetworkInferenceTests {
    static func externs(_ config: String) -> [String: LayerShape] {
        guard let root = JSONFrontEnd.parse(file: "c.json", bytes: Array(config.utf8)).root else { return [:] }
        return ExternData.shapes(config: root)
    }

    /// `_extern_data_types_from_config` (oracle cases n30–n36 record the common forms).
    @Test func externDataFromNumInputsAndNumOutputs() {
        // An int num_outputs names `target`'s key; `data` from num_inputs, dense.
        #expect(Self.externs(#"{"num_inputs": 9, "num_outputs": 4, "target": "phones"}"#)
                == ["phones": LayerShape(dim: 4, sparse: true, rank: 2),
                    "data": LayerShape(dim: 9, rank: 3, spatial: [nil])])
        // A dict: ints are [n, 2] for `data` and [n, 1] otherwise; a `data` entry wins over num_inputs.
        #expect(Self.externs(#"{"num_inputs": 5, "num_outputs": {"data": 9, "classes": 3}}"#)
                == ["classes": LayerShape(dim: 3, sparse: true, rank: 2),
                    "data": LayerShape(dim: 9, rank: 3, spatial: [nil])])
        // sparse_input, default_input, and ndim >= 3.
        #expect(Self.externs(#"{"num_inputs": 7, "sparse_input": true, "default_input": "src", "num_outputs": {"img": [2, 3]}}"#)
                == ["src": LayerShape(dim: 7, sparse: true, rank: 2),
                    "img": LayerShape(dim: 2, rank: 4, spatial: [nil, nil])])
        // extern_data present: num_inputs/num_outputs are ignored; lists are [dim, ndim].
        #expect(Self.externs(#"{"extern_data": {"data": [9, 2]}, "num_outputs": 3}"#)
                == ["data": LayerShape(dim: 9, rank: 3, spatial: [nil])])
        // No num_outputs (RETURNN reads a dataset file or asserts), or num_inputs missing: no data key.
        #expect(Self.externs(#"{"num_inputs": 9}"#).isEmpty)
        #expect(Self.externs(#"{"num_outputs": {"classes": [3, 1]}}"#)
                == ["classes": LayerShape(dim: 3, sparse: true, rank: 2)])
    }

    /// `extra.search:x` (and `extra.<name>:x`) are built under `x`'s scope: no duplicates (oracle n53).
    @Test func extraNetLayersShareTheMainScope() {
        #expect(InferenceEngine.withoutExtraNetPrefix("extra.search:output") == "output")
        #expect(InferenceEngine.withoutExtraNetPrefix("extra:dec") == "dec")
        #expect(InferenceEngine.withoutExtraNetPrefix("extra.a(b).c:x/y") == "x/y")
        #expect(InferenceEngine.withoutExtraNetPrefix("extra-x:out") == "extra-x:out")
        #expect(InferenceEngine.withoutExtraNetPrefix("extras:out") == "extras:out")
        #expect(InferenceEngine.inExtraSearchNet("extra.search:output") && !InferenceEngine.inExtraSearchNet("extra.foo:output"))
        let v = Self.infer(#"""
        {"enc": {"class": "linear", "n_out": 5, "from": "data"},
         "output": {"class": "softmax", "loss": "ce", "from": "enc"},
         "extra.search:output": {"class": "softmax", "loss": "ce", "from": "enc"}}
        """#)
        #expect(v.variables.map(\.name) == ["enc/W", "enc/b", "global_step", "output/W", "output/b"])
        let layer = NetworkLayer(path: ["extra.search:output"], node: ConfigNode(value: .null, pointer: JSONPointer([]),
                                 range: SourceRange(start: .init(line: 1, column: 1, offset: 0), end: .init(line: 1, column: 1, offset: 0))),
                                 container: nil)
        #expect(layer.scope == "output/")
    }

    /// A parameter-free class keeps no variables whatever a dynamic option says; a dynamic `from`
    /// decides which layers are built, so a layer nothing else builds may be built through it
    /// (`spare`), while the layers built anyway stay known.
    @Test func dynamicOptionsOfParameterFreeClasses() {
        let text = #"""
        {"network": {
            "split": {"class": "split_dims", "axis": "F", "dims": [3, 3], "from": "data"},
            "pick": {"class": "copy", "from": "data"},
            "spare": {"class": "linear", "activation": null, "n_out": 2, "from": "data"},
            "unused_copy": {"class": "copy", "from": "data"},
            "output": {"class": "softmax", "loss": "ce", "from": ["split", "pick"]}}}
        """#
        guard var network = JSONFrontEnd.parse(file: "c.json", bytes: Array(text.utf8)).root?["network"] else {
            Issue.record("no network")
            return
        }
        network = Self.makingDynamic(network, at: JSONPointer(["network", "split", "dims"]))
        network = Self.makingDynamic(network, at: JSONPointer(["network", "pick", "from"]))
        let externDoc = JSONFrontEnd.parse(file: "e.json", bytes: Array(Self.defaultExtern.utf8))
        let v = NetworkInference.infer(network: network, externData: externDoc.root, behaviorVersion: 16)
        #expect(v.unknownScopes.map(\.scope) == ["spare/"])
        #expect(v.unknownScopes.first?.reason == "it may be built: option `from` of layer 'pick' is dynamic")
        #expect(Self.table(v) == ["output/W": nil, "output/b": [3], "global_step": []])
    }
}

extension NetworkInferenceTests {
    /// A dynamic `out_type` (a lambda in Python) changes no variable of an `eval`: the layer is known,
    /// only its output dim (and so the next layer's shapes) is not.
    @Test func dynamicOutTypeOfEval() {
        let text = #"""
        {"network": {
            "ev": {"class": "eval", "eval": "source(0)", "out_type": {"dim": 9}, "from": "data"},
            "output": {"class": "softmax", "loss": "ce", "from": "ev"}}}
        """#
        guard var network = JSONFrontEnd.parse(file: "c.json", bytes: Array(text.utf8)).root?["network"] else {
            Issue.record("no network")
            return
        }
        network = Self.makingDynamic(network, at: JSONPointer(["network", "ev", "out_type"]))
        let externDoc = JSONFrontEnd.parse(file: "e.json", bytes: Array(Self.defaultExtern.utf8))
        let v = NetworkInference.infer(network: network, externData: externDoc.root, behaviorVersion: 16)
        #expect(v.unknownScopes.isEmpty)
        #expect(Self.table(v) == ["output/W": nil, "output/b": [3], "global_step": []])
    }
}
