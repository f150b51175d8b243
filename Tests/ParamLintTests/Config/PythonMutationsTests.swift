import Testing
@testable import ParamLint

/// A top-level dict that code the linter does not follow may change is partial, never complete;
/// code it does follow (a helper it can call) gives the exact result.
struct PythonMutationsTests {
    static func partial(_ source: String) -> [String] {
        let document = PythonFrontEnd.parse(file: "returnn.config", bytes: Array(source.utf8))
        return document.partialValues.map(\.pointer.description).sorted()
    }

    static func document(_ source: String) -> ConfigDocument {
        PythonFrontEnd.parse(file: "returnn.config", bytes: Array(source.utf8))
    }

    @Test func aHelperTheEvaluatorCanCallGivesTheExactNetwork() {
        let global = Self.document("#!rnn.py\nnetwork = {}\ndef add(name, d):\n    global network\n    network[name] = d\nadd('a', {})\n")
        #expect(global.partialValues.isEmpty)
        #expect(global["network"]?.members?.map(\.key) == ["a"])
        let loop = Self.document("#!rnn.py\nnetwork = {}\ndef build():\n    for i in range(3):\n        network['l%i' % i] = {}\nbuild()\n")
        #expect(loop.partialValues.isEmpty)
        #expect(loop["network"]?.members?.map(\.key) == ["l0", "l1", "l2"])
        // A def's parameter of the same name is not the dict.
        #expect(Self.partial("#!rnn.py\nnetwork = {}\ndef transform(data, network):\n    return data\n").isEmpty)
    }

    @Test func passingItToACallThatMayChangeItMakesItPartial() {
        // Everything reachable from the argument may have changed, the nested dicts too.
        #expect(Self.partial("#!rnn.py\nnetwork = {'a': {}}\nadd_layers(network, 3)\n") == ["/network", "/network/a"])
        #expect(Self.partial("#!rnn.py\nnetwork = {'a': {}}\nbuild(net=network)\n") == ["/network", "/network/a"])
        let p = Self.partial("#!rnn.py\nnetwork = {'output': {'unit': {}}}\nnetwork['output']['unit'].update(lm_net)\n")
        #expect(p.contains("/network/output/unit"))
    }

    @Test func aNestedUpdateWithAKnownDictIsEvaluated() {
        let doc = Self.document("#!rnn.py\nnetwork = {'output': {'unit': {}}}\nlm = {'lm_out': {'class': 'linear'}}\nnetwork['output']['unit'].update(lm)\n")
        #expect(doc.partialValues.isEmpty)
        #expect(doc.node(at: JSONPointer(parsing: "/network/output/unit/lm_out/class")!)?.stringValue == "linear")
    }

    @Test func readingItOrChangingSomethingElseDoesNot() {
        #expect(Self.partial("#!rnn.py\nimport copy\nnetwork = {'a': {}}\nprint(network)\nn = len(network)\nx = copy.deepcopy(network)\n").isEmpty)
        #expect(Self.partial("#!rnn.py\nnetwork = {'a': {}}\ndef f(self):\n    self.network['x'] = 1\n").isEmpty)
        #expect(Self.partial("#!rnn.py\nnetwork = {'a': {}}\nother = {}\nother.update(network)\n").isEmpty)
    }

    /// The token scan that the literal extractor (the fallback for files the syntax-tree parser
    /// gives up on) uses for the same purpose.
    @Test func theFallbackScanFindsTheSameMutations() {
        func scan(_ source: String, _ names: Set<String>) -> [String] {
            PythonMutations.find(in: Array(source.utf8), names: names).map { JSONPointer($0.tokens).description }
        }
        #expect(scan("network = {}\ndef add(name, d):\n    global network\n    network[name] = d\n", ["network"]) == ["/network"])
        #expect(scan("network = {'a': {}}\nadd_layers(network, 3)\n", ["network"]) == ["/network"])
        #expect(scan("network = {'a': {}}\nprint(network)\nn = len(network)\n", ["network"]).isEmpty)
    }
}
