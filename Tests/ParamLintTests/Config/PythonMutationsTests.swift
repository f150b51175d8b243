import Testing
@testable import ParamLint

/// A top-level dict that code the extractor does not follow may change is partial, never complete.
struct PythonMutationsTests {
    static func partial(_ source: String) -> [String] {
        let document = PythonFrontEnd.parse(file: "returnn.config", bytes: Array(source.utf8))
        return document.partialValues.map(\.pointer.description)
    }

    @Test func aHelperWithGlobalOrASubscriptAssignmentMakesItPartial() {
        #expect(Self.partial("#!rnn.py\nnetwork = {}\ndef add(name, d):\n    global network\n    network[name] = d\nadd('a', {})\n") == ["/network"])
        #expect(Self.partial("#!rnn.py\nnetwork = {}\ndef build():\n    for i in range(3):\n        network['l%i' % i] = {}\nbuild()\n") == ["/network"])
        // A def's parameter of the same name is not the dict.
        #expect(Self.partial("#!rnn.py\nnetwork = {}\ndef transform(data, network):\n    return data\n").isEmpty)
    }

    @Test func passingItToACallThatMayChangeItMakesItPartial() {
        #expect(Self.partial("#!rnn.py\nnetwork = {'a': {}}\nadd_layers(network, 3)\n") == ["/network"])
        #expect(Self.partial("#!rnn.py\nnetwork = {'a': {}}\nbuild(net=network)\n") == ["/network"])
    }

    @Test func aNestedUpdateMarksTheNestedDictToo() {
        let p = Self.partial("#!rnn.py\nnetwork = {'output': {'unit': {}}}\nlm = {}\nnetwork['output']['unit'].update(lm)\n")
        #expect(p.contains("/network"))
        #expect(p.contains("/network/output/unit"))
    }

    @Test func readingItOrChangingSomethingElseDoesNot() {
        #expect(Self.partial("#!rnn.py\nnetwork = {'a': {}}\nprint(network)\nn = len(network)\nx = copy.deepcopy(network)\n").isEmpty)
        #expect(Self.partial("#!rnn.py\nnetwork = {'a': {}}\ndef f(self):\n    self.network['x'] = 1\n").isEmpty)
        #expect(Self.partial("#!rnn.py\nnetwork = {'a': {}}\nother = {}\nother.update(network)\n").isEmpty)
    }
}
