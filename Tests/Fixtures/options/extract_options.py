#!/usr/bin/env python3
"""Extract every option name RETURNN reads from its config, from RETURNN's own source.

Walks every .py file under the installed `returnn` package and collects the first argument of
each call `<receiver>.<reader>("NAME", ...)` where <reader> is one of Config's reading methods
(value, bool, int, float, typed_value, opt_typed_value, list, int_list, float_list, has, is_true,
is_typed, is_of_type, bool_or_other, get_of_type, typed_dict) and the receiver is a config object:
a name or attribute containing "config" (`config`, `self.config`, `self._config`, `net.config`)
or a call of a function whose name contains "config" (`get_global_config()`, `self.get_config()`). Only string literals are names; calls with a computed name
(`config.value(prefix + "x")`) are counted on stderr, not listed.

Usage: extract_options.py [RETURNN_PACKAGE_DIR] > options.txt   (sorted, one name a line)
"""
import ast
import os
import sys

READERS = {
    "value", "bool", "int", "float", "typed_value", "opt_typed_value", "list", "int_list", "float_list",
    "has", "is_true", "is_typed", "is_of_type", "bool_or_other", "get_of_type", "typed_dict",
}


def is_config_receiver(node):
    if isinstance(node, ast.Name):
        return "config" in node.id.lower()
    if isinstance(node, ast.Attribute):
        return "config" in node.attr.lower()
    if isinstance(node, ast.Call):
        f = node.func
        name = f.id if isinstance(f, ast.Name) else (f.attr if isinstance(f, ast.Attribute) else "")
        return "config" in name.lower()
    return False


def literal_strings(node):
    """The strings of a literal list/tuple of string constants, else None."""
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
    ):
        return [e.value for e in node.elts]
    return None


def fstring_values(node):
    """`f"batch_size_{'train' if train else 'dev'}"`: every string it can be, else None."""
    if not isinstance(node, ast.JoinedStr):
        return None
    results = [""]
    for part in node.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            results = [r + part.value for r in results]
        elif isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.IfExp):
            branches = [part.value.body, part.value.orelse]
            if not all(isinstance(b, ast.Constant) and isinstance(b.value, str) for b in branches):
                return None
            results = [r + b.value for r in results for b in branches]
        else:
            return None
    return results


def is_reader_call(node):
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in READERS
        and is_config_receiver(node.func.value)
        and node.args
    )


def is_typed_dict(node):
    """`config.typed_dict`"""
    return isinstance(node, ast.Attribute) and node.attr == "typed_dict" and is_config_receiver(node.value)


def scan(tree, names, helpers):
    """Adds the literal names read in `tree`; returns the calls whose name is computed.
    `helpers` maps a function name to the index of the parameter it passes to a reader."""
    computed = []
    # Names that a `for KEY in ["a", "b"]` loop binds to literal strings.
    loop_values = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.target, ast.Name):
            values = literal_strings(node.iter)
            if values:
                loop_values.setdefault(node.target.id, []).extend(values)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params = [a.arg for a in node.args.args]
            for inner in ast.walk(node):
                if is_reader_call(inner) and isinstance(inner.args[0], ast.Name) and inner.args[0].id in params:
                    helpers[node.name] = params.index(inner.args[0].id)
        # `"name" in config.typed_dict`, `config.typed_dict["name"]`, `config.typed_dict.get("name")`
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            if is_typed_dict(node.comparators[0]) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
                names.add(node.left.value)
        if isinstance(node, ast.Subscript) and is_typed_dict(node.value):
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                names.add(node.slice.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            if is_typed_dict(node.func.value) and node.args and isinstance(node.args[0], ast.Constant):
                if isinstance(node.args[0].value, str):
                    names.add(node.args[0].value)
        if not is_reader_call(node):
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            names.add(arg.value)
        elif isinstance(arg, ast.Name) and arg.id in loop_values:
            names.update(loop_values[arg.id])
        elif fstring_values(arg):
            names.update(fstring_values(arg))
        else:
            computed.append(node)
    return computed


def scan_helper_calls(tree, names, helpers):
    """Calls of helper functions (that pass a parameter on to a reader) with a literal name."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        fname = f.id if isinstance(f, ast.Name) else (f.attr if isinstance(f, ast.Attribute) else None)
        index = helpers.get(fname)
        if index is None:
            continue
        # Methods are called without `self`.
        if isinstance(f, ast.Attribute) and index > 0:
            index -= 1
        if len(node.args) > index and isinstance(node.args[index], ast.Constant):
            if isinstance(node.args[index].value, str):
                names.add(node.args[index].value)


def main():
    if len(sys.argv) > 1:
        root = sys.argv[1]
    else:
        import returnn

        root = os.path.dirname(returnn.__file__)
    names = set()
    helpers = {}
    trees = []
    computed = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for fn in sorted(filenames):
            if not fn.endswith(".py"):
                continue
            path = os.path.join(dirpath, fn)
            with open(path, encoding="utf8") as f:
                try:
                    tree = ast.parse(f.read(), path)
                except SyntaxError:
                    continue
            trees.append(tree)
            computed += [(path, c) for c in scan(tree, names, helpers)]
    for tree in trees:
        scan_helper_calls(tree, names, helpers)
    print("%d option names; %d reader calls with a computed name left out:" % (len(names), len(computed)), file=sys.stderr)
    for path, call in computed:
        print("  %s:%d %s" % (os.path.relpath(path, root), call.lineno, ast.unparse(call)[:90]), file=sys.stderr)
    for name in sorted(names):
        print(name)


if __name__ == "__main__":
    main()
