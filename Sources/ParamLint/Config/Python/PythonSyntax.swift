/// The syntax tree of a Python config: what `PySyntaxParser` builds from the tokens and
/// `PyEvaluator` interprets. It covers the whole statement and expression grammar of Python 3.12
/// that a config file can contain; constructs the evaluator does not interpret still parse (a
/// `class`, a `match`, a `yield`) so that a config is never refused for using them — they become
/// `.unsupported` nodes, which evaluate to dynamic values with the construct's range.
///
/// Every node carries the exact source range it was written at, so that a value computed from it
/// (and a finding about that value) points back at the expression.

/// A module: the statements of the file in order.
struct PyModule: Sendable {
    var body: [PyStmt]
}

struct PyStmt: Sendable {
    var kind: PyStmtKind
    var range: SourceRange
}

indirect enum PyStmtKind: Sendable {
    /// An expression statement (a call such as `network.update(...)`, a docstring).
    case expression(PyExpr)
    /// `a = b = value`: every target in source order, then the value.
    case assign(targets: [PyExpr], value: PyExpr)
    /// `target op= value`; `op` is the binary operator (`+` for `+=`).
    case augmentedAssign(target: PyExpr, op: PyBinaryOperator, value: PyExpr)
    /// `target: annotation [= value]` (the annotation is not evaluated).
    case annotatedAssign(target: PyExpr, value: PyExpr?)
    case delete([PyExpr])
    case pass
    case `break`
    case `continue`
    case `return`(PyExpr?)
    case raise(PyExpr?)
    case global([String])
    case nonlocal([String])
    case assert(test: PyExpr, message: PyExpr?)
    /// `elif` is an `if` alone in `orelse`.
    case `if`(test: PyExpr, body: [PyStmt], orelse: [PyStmt])
    case `for`(target: PyExpr, iterable: PyExpr, body: [PyStmt], orelse: [PyStmt])
    case `while`(test: PyExpr, body: [PyStmt], orelse: [PyStmt])
    case with(items: [PyWithItem], body: [PyStmt])
    case `try`(body: [PyStmt], handlers: [PyExceptHandler], orelse: [PyStmt], finally: [PyStmt])
    case functionDef(PyFunctionDef)
    case classDef(PyClassDef)
    /// `import a.b.c as d, e`
    case `import`([PyImportAlias])
    /// `from ..a.b import c as d, e` / `from x import *` (one alias named `*`); `level` counts the dots.
    case importFrom(module: String?, level: Int, names: [PyImportAlias])
    /// A statement the evaluator does not interpret (`match`, `type X = ...`, `async` forms);
    /// `what` names it for the dynamic reason ("a match statement").
    case unsupported(what: String)
}

struct PyWithItem: Sendable {
    var context: PyExpr
    var target: PyExpr?
}

struct PyExceptHandler: Sendable {
    /// nil for a bare `except:`.
    var type: PyExpr?
    var name: String?
    var body: [PyStmt]
    var range: SourceRange
}

struct PyImportAlias: Sendable {
    /// The dotted name as written (`os.path`), or `*`.
    var name: String
    var asName: String?
    var range: SourceRange
}

struct PyFunctionDef: Sendable {
    var name: String
    var parameters: PyParameters
    var body: [PyStmt]
    var decorators: [PyExpr]
    var isAsync: Bool
    /// The `def name(...)` header (for positions of findings about the function).
    var headerRange: SourceRange
}

struct PyClassDef: Sendable {
    var name: String
    var bases: [PyArgument]
    var body: [PyStmt]
    var decorators: [PyExpr]
    var headerRange: SourceRange
}

/// A parameter list of a `def` or `lambda`, in source order.
struct PyParameters: Sendable {
    var parameters: [PyParameter]

    static let none = PyParameters(parameters: [])
}

struct PyParameter: Sendable {
    enum Kind: Sendable {
        /// Before a `/`.
        case positionalOnly
        case positionalOrKeyword
        /// `*args`
        case varPositional
        /// After `*` or `*args`.
        case keywordOnly
        /// `**kwargs`
        case varKeyword
    }

    var name: String
    var kind: Kind
    /// The default's expression (evaluated once, when the `def` runs, as in Python).
    var defaultValue: PyExpr?
    var range: SourceRange
}

struct PyExpr: Sendable {
    var kind: PyExprKind
    var range: SourceRange
}

indirect enum PyExprKind: Sendable {
    case name(String)
    case constant(PyConstant)
    /// An f-string (or an implicit concatenation that contains one): the parts in order.
    case formattedString([PyFStringPart])
    case list([PyExpr])
    case tuple([PyExpr])
    case set([PyExpr])
    case dict([PyDictItem])
    /// `*x` inside a list, tuple, set display or call arguments, or an assignment target.
    case starred(PyExpr)
    case unary(PyUnaryOperator, PyExpr)
    case binary(PyBinaryOperator, PyExpr, PyExpr)
    /// `a and b and c` (`isAnd`) or `a or b or c`.
    case boolean(isAnd: Bool, [PyExpr])
    /// `a < b <= c`: the first operand, then each operator with its right operand.
    case compare(PyExpr, [(PyCompareOperator, PyExpr)])
    /// `body if test else orelse`
    case conditional(test: PyExpr, body: PyExpr, orelse: PyExpr)
    case call(PyExpr, [PyArgument])
    case attribute(PyExpr, String)
    case `subscript`(PyExpr, PyExpr)
    /// `lower:upper:step` inside a subscript (a tuple of slices for `a[1:2, 3]`).
    case slice(lower: PyExpr?, upper: PyExpr?, step: PyExpr?)
    case lambda(PyParameters, body: PyExpr)
    case comprehension(PyComprehension)
    /// `(name := value)`
    case namedExpr(name: String, value: PyExpr)
    /// `await`, `yield`, `yield from`: parsed, never evaluated.
    case unsupported(what: String)
}

enum PyConstant: Sendable {
    case none
    case bool(Bool)
    /// An int literal that fits 64 bits; a larger one is `.bigInt` with its digits.
    case int(Int)
    case bigInt(String)
    case float(Double)
    case imaginary(Double)
    /// The decoded text of one string literal or an implicit concatenation of plain strings.
    case string(String)
    case bytes([UInt8])
    case ellipsis
}

enum PyFStringPart: Sendable {
    case literal(String)
    /// `{expr!r:spec}`: `conversion` is `s`, `r` or `a`; the spec may itself contain fields.
    /// `selfDocumenting` is the `expr=` form's text (`"x="`), printed before the value.
    case field(PyExpr, conversion: Character?, formatSpec: [PyFStringPart]?, selfDocumenting: String?)
}

struct PyDictItem: Sendable {
    /// nil for `**mapping`.
    var key: PyExpr?
    var value: PyExpr
}

struct PyArgument: Sendable {
    enum Kind: Sendable {
        case positional
        /// `*iterable`
        case unpackIterable
        /// `name=value`
        case keyword(String)
        /// `**mapping`
        case unpackMapping
    }

    var kind: Kind
    var value: PyExpr
    var range: SourceRange
}

struct PyComprehension: Sendable {
    enum Kind: Sendable { case list, set, dict, generator }

    var kind: Kind
    /// The element (the key for a dict comprehension).
    var element: PyExpr
    /// The value of a dict comprehension.
    var value: PyExpr?
    var clauses: [PyComprehensionClause]
}

struct PyComprehensionClause: Sendable {
    var target: PyExpr
    var iterable: PyExpr
    var conditions: [PyExpr]
    var isAsync: Bool
}

enum PyUnaryOperator: String, Sendable {
    case plus = "+"
    case minus = "-"
    case invert = "~"
    case not = "not"
}

enum PyBinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case matrixMultiply = "@"
    case divide = "/"
    case floorDivide = "//"
    case modulo = "%"
    case power = "**"
    case leftShift = "<<"
    case rightShift = ">>"
    case bitOr = "|"
    case bitXor = "^"
    case bitAnd = "&"
}

enum PyCompareOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case `is` = "is"
    case isNot = "is not"
    case `in` = "in"
    case notIn = "not in"
}
