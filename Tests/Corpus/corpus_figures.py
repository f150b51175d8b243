#!/usr/bin/env python3
"""The corpus figures the README quotes: what the linter makes of the real configs in ../shared/corpus/.

    python3 Tests/Corpus/corpus_figures.py [--lint PATH] [--corpus DIR]     # from the package root

Runs `lint dump`, `lint plan` and `lint check` (all --format json, --existing-epochs none, --offline when the
binary has it) on every corpus file and prints:
  - files by format and how each command ended (exit codes);
  - networks: absent / dynamic / partial / complete (a plan whose model has no unknown part);
  - among configs with a network the linter sees as a dict: how many get a complete plan;
  - unknown layers (unknown scopes of the plan) by reason, the most frequent first;
  - dynamic loading options by option, and their reasons;
  - findings by rule.
Standard library only; the binary defaults to .build/release/lint (built by the caller).
"""
import collections
import json
import os
import re
import subprocess
import sys


def main():
    args = sys.argv[1:]
    lint = ".build/release/lint"
    corpus = os.path.join("..", "shared", "corpus", "configs")
    if "--lint" in args:
        lint = args[args.index("--lint") + 1]
    if "--corpus" in args:
        corpus = args[args.index("--corpus") + 1]
    if not os.path.isdir(corpus):
        print("no corpus at %s" % corpus)
        return 1
    help_text = subprocess.run([lint, "plan", "--help"], capture_output=True, text=True).stdout
    extra = ["--existing-epochs", "none"] + (["--offline"] if "--offline" in help_text else [])
    files = sorted(os.path.join(d, n) for d, _, ns in os.walk(corpus) for n in ns)

    formats = collections.Counter()
    exits = collections.Counter()
    networks = collections.Counter()
    dict_networks = complete_plans = 0
    unknown_reasons = collections.Counter()
    unknown_classes = collections.Counter()
    dynamic_options = collections.Counter()
    dynamic_reasons = collections.Counter()
    rules = collections.Counter()
    variables = unknown_vars = shapeless = 0

    for path in files:
        dump = run(lint, ["dump", path, "--format", "json"])
        plan = run(lint, ["plan", path, "--format", "json"] + extra)
        check = run(lint, ["check", path, "--format", "json"] + extra)
        for name, r in (("dump", dump), ("plan", plan), ("check", check)):
            exits["%s exit %d" % (name, r[0])] += 1
        doc = r_json(dump)
        formats[doc.get("format", "?") if doc else "?"] += 1
        options = {o["name"]: o for o in (doc or {}).get("options", [])}
        net = options.get("network")
        p = r_json(plan)
        if net is None:
            networks["absent"] += 1
        elif net["status"] != "known" or not isinstance(net.get("value"), dict):
            networks["dynamic"] += 1
        else:
            dict_networks += 1
            partial = "$partial" in net["value"]
            complete = p is not None and not p.get("unknownScopes") and p.get("variables")
            if partial:
                networks["partial (changed by code the linter did not run)"] += 1
            elif complete:
                networks["complete"] += 1
            else:
                networks["known dict, some layers unknown"] += 1
            complete_plans += bool(complete) and not partial
        if p is not None:
            for v in p.get("variables", []):
                variables += 1
                unknown_vars += v.get("source", {}).get("kind") == "unknown"
                shapeless += v.get("shape") is None
            for s in p.get("unknownScopes", []):
                unknown_reasons[normalise(s.get("reason", ""))] += 1
                unknown_classes[s.get("class", "-")] += 1
            for d in p.get("dynamic", []):
                dynamic_options[d["option"].split("/")[0]] += 1
                dynamic_reasons[normalise(d["reason"])] += 1
        c = r_json(check)
        for d in (c or {}).get("diagnostics", []):
            rules["%s %s" % (d["ruleId"], d["ruleName"])] += 1

    print("corpus: %d files (%s)" % (len(files), ", ".join("%s %d" % kv for kv in sorted(formats.items()))))
    print("exit codes: " + ", ".join("%s: %d" % kv for kv in sorted(exits.items())))
    print("\nnetworks:")
    for k, v in networks.most_common():
        print("  %-52s %4d" % (k, v))
    if dict_networks:
        print("  configs with a network dict whose plan is complete: %d of %d (%.0f %%)"
              % (complete_plans, dict_networks, 100.0 * complete_plans / dict_networks))
    print("  planned variables: %d, source unknown: %d, shape unknown: %d" % (variables, unknown_vars, shapeless))
    print("\nunknown layers by reason (%d):" % sum(unknown_reasons.values()))
    for k, v in unknown_reasons.most_common(25):
        print("  %5d  %s" % (v, k))
    print("\nunknown layers by class:")
    print("  " + ", ".join("%s %d" % kv for kv in unknown_classes.most_common(25)))
    print("\ndynamic loading options (%d):" % sum(dynamic_options.values()))
    print("  " + ", ".join("%s %d" % kv for kv in dynamic_options.most_common()))
    print("  reasons:")
    for k, v in dynamic_reasons.most_common(20):
        print("  %5d  %s" % (v, k))
    print("\nfindings by rule:")
    for k, v in sorted(rules.items()):
        print("  %-40s %5d" % (k, v))
    return 0


def run(lint, args):
    try:
        r = subprocess.run([lint] + args, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return (-1, "")
    return (r.returncode, r.stdout)


def r_json(r):
    try:
        return json.loads(r[1]) if r[1] else None
    except ValueError:
        return None


def normalise(reason):
    """Reasons without the names and numbers that make each one unique, so that they group."""
    reason = re.sub(r"'[^']*'", "'…'", reason)
    reason = re.sub(r"\b\d+\b", "N", reason)
    return reason[:140]


if __name__ == "__main__":
    sys.exit(main())
