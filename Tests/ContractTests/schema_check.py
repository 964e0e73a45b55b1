#!/usr/bin/env python3
"""Checks CloudEvent files against Homeward's published JSON Schemas.

Usage: schema_check.py [--expect] DIR

Walks DIR recursively and checks every *.json file, in order of relative path.
Prints one line per file on stdout:

    RELATIVE_PATH<TAB>valid
    RELATIVE_PATH<TAB>invalid<TAB>short reason

and a summary on stderr. Exits 0 whatever the files contain; a non-zero exit
means the checker itself failed (e.g. a schema is missing or malformed).

With --expect, a file under a directory named `valid` must be valid and one
under a directory named `invalid` must be invalid; every mismatch is reported
on stderr and the exit status is 1 when there is one.

The schemas are read from ../../config/schemas relative to this script. The
procedure mirrors the Swift validator: size limit (65536 bytes), strict JSON
(UTF-8; no NaN, no numbers beyond double range, no unpaired surrogates, at
most 64 levels of nesting), a JSON object, its `type` attribute, a known type
and major version, then the schema of that type. Patterns are evaluated with
ECMA-262 semantics, as JSON Schema specifies. Every schema's `examples` must
be valid against it, or the checker fails.

Needs python3-jsonschema (Debian/Ubuntu; `scripts/install-deps --test`).
"""

import json
import os
import re
import sys

import jsonschema

MAX_BYTES = 65536
MAX_DEPTH = 64  # objects and arrays nested in each other, the event object included
TYPE_PREFIX = "org.homeward."
SCHEMA_SUFFIX = ".schema.json"
VERSION_SUFFIX = re.compile(r"\.v[0-9]+$")
MAX_REASON = 200

SCHEMA_DIR = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "config", "schemas"))


# ----------------------------------------------------------------- patterns

def ecma_pattern(pattern):
    """Translates an ECMA-262 pattern (JSON Schema's dialect) to Python `re`.

    In ECMA-262 without the multiline flag `$` matches only at the very end of
    the input; Python's `$` also matches before a final newline, which would
    let "case-000123\\n" pass `^[^\\u0000-\\u001F\\u007F]+$`. Every unescaped
    `$` outside a character class becomes `\\Z`.
    """
    out = []
    in_class = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
        elif c == "$":
            c = r"\Z"
        out.append(c)
        i += 1
    return "".join(out)


_compiled = {}


def _pattern_keyword(validator, pattern, instance, schema):
    if not validator.is_type(instance, "string"):
        return
    compiled = _compiled.get(pattern)
    if compiled is None:
        compiled = _compiled[pattern] = re.compile(ecma_pattern(pattern))
    if not compiled.search(instance):
        yield jsonschema.ValidationError(f"{_short(instance)} does not match {pattern!r}")


Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, validators={"pattern": _pattern_keyword})


# ------------------------------------------------------------------ schemas

class Schemas:
    """The event schemas of config/schemas, by CloudEvents type."""

    def __init__(self, directory):
        if not os.path.isdir(directory):
            raise SystemExit(f"schema_check: no schema directory at {directory}")
        self.by_type = {}
        documents = []
        for name in sorted(os.listdir(directory)):
            if not name.endswith(SCHEMA_SUFFIX):
                continue
            path = os.path.join(directory, name)
            with open(path, encoding="utf-8") as f:
                try:
                    document = json.load(f)
                except ValueError as error:
                    raise SystemExit(f"schema_check: {path}: not JSON: {error}")
            try:
                jsonschema.Draft202012Validator.check_schema(document)
            except jsonschema.SchemaError as error:
                raise SystemExit(f"schema_check: {path}: not a valid draft 2020-12 schema: {error.message}")
            if "$id" not in document:
                raise SystemExit(f"schema_check: {path}: no $id")
            documents.append(document)
            if name != "common" + SCHEMA_SUFFIX:
                self.by_type[name[:-len(SCHEMA_SUFFIX)]] = document
        if not self.by_type:
            raise SystemExit(f"schema_check: no *{SCHEMA_SUFFIX} files in {directory}")
        self.validators = {t: self._validator(d, documents) for t, d in self.by_type.items()}
        self.unversioned = {VERSION_SUFFIX.sub("", t) for t in self.by_type}
        for event_type, document in self.by_type.items():
            for index, example in enumerate(document.get("examples", [])):
                error = jsonschema.exceptions.best_match(self.validators[event_type].iter_errors(example))
                if error is not None:
                    raise SystemExit(f"schema_check: {event_type}.schema.json: examples[{index}] is not valid: "
                                     f"{_location(error)}: {_describe(error)}")

    @staticmethod
    def _validator(schema, documents):
        try:  # jsonschema >= 4.18
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT202012
        except ImportError:
            store = {d["$id"]: d for d in documents}
            resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
            return Validator(schema, resolver=resolver)
        registry = Registry().with_resources(
            (d["$id"], Resource.from_contents(d, default_specification=DRAFT202012)) for d in documents)
        return Validator(schema, registry=registry)

    def unknown_type_reason(self, event_type):
        if VERSION_SUFFIX.search(event_type) and VERSION_SUFFIX.sub("", event_type) in self.unversioned:
            return f"unknown major version: {_short(event_type)}"
        return f"unknown type: {_short(event_type)}"


# ------------------------------------------------------------------ checking

def _json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _short(value, limit=60):
    """`value` as JSON (control characters escaped), cut to `limit` characters."""
    text = json.dumps(value, ensure_ascii=False)
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return text if len(text) <= limit else text[:limit - 5] + "…" + text[-4:]


def _location(error):
    parts = [str(p) for p in error.absolute_path]
    return "/".join(parts) if parts else "(event)"


def _describe(error):
    """A short, one-line account of a schema violation (jsonschema's own
    messages repeat whole values, lists and patterns)."""
    keyword, value, instance = error.validator, error.validator_value, error.instance
    title = error.schema.get("title") if isinstance(error.schema, dict) else None
    if keyword == "pattern":
        rule = f"the {title.lower()} pattern" if title else f"pattern {value!r}"
        return f"{_short(instance)} does not match {rule}"
    if keyword in ("minLength", "maxLength"):
        bound = "at least" if keyword == "minLength" else "at most"
        return f"{_short(instance)} has {len(instance)} characters ({bound} {value})"
    if keyword in ("minItems", "maxItems"):
        bound = "at least" if keyword == "minItems" else "at most"
        return f"{len(instance)} items ({bound} {value})"
    if keyword == "enum":
        allowed = ", ".join(map(str, value))
        return f"{_short(instance)} is not one of: {allowed}"
    if keyword == "const":
        return f"{_short(instance)} is not {value!r}"
    if keyword == "type":
        return f"{_short(instance)} is not of type {value}"
    return error.message


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def _finite(text):
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"number out of range: {text[:20]}")
    return number


def _integer(text):
    _finite(text)
    return int(text)


def _json_problem(value, depth=1):
    """What makes a parsed document unacceptable although Python's parser took
    it: nesting deeper than MAX_DEPTH, or an unpaired surrogate in a string."""
    stack = [(value, depth)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                return f"nesting deeper than {MAX_DEPTH}"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and _SURROGATE.search(key):
                    return "unpaired surrogate in a string"
                stack.append((item, depth + 1))
        elif isinstance(value, str) and _SURROGATE.search(value):
            return "unpaired surrogate in a string"
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def check(raw, schemas):
    """Returns None when `raw` is a valid event, else a short reason."""
    if len(raw) > MAX_BYTES:
        return f"too large: {len(raw)} bytes (at most {MAX_BYTES})"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not UTF-8: byte {error.start}"
    try:
        event = json.loads(text, parse_constant=_reject_constant, parse_float=_finite, parse_int=_integer)
    except ValueError as error:
        return f"not JSON: {error}"
    except RecursionError:
        return f"not JSON: nesting deeper than {MAX_DEPTH}"
    problem = _json_problem(event)
    if problem:
        return f"not JSON: {problem}"
    if not isinstance(event, dict):
        return f"not a JSON object: top level is {_json_type(event)}"
    if "type" not in event:
        return "missing attribute 'type'"
    event_type = event["type"]
    if not isinstance(event_type, str):
        return f"attribute 'type' is not a string: {_short(event_type)}"
    if not event_type.startswith(TYPE_PREFIX):
        return f"unknown type: {_short(event_type)} (not {TYPE_PREFIX}…)"
    validator = schemas.validators.get(event_type)
    if validator is None:
        return schemas.unknown_type_reason(event_type)
    error = jsonschema.exceptions.best_match(validator.iter_errors(event))
    if error is None:
        return None
    return f"{_location(error)}: {_describe(error)}"


def one_line(text):
    text = " ".join(text.split())
    return text if len(text) <= MAX_REASON else text[:MAX_REASON - 1] + "…"


def main(argv):
    args = argv[1:]
    expect = False
    if args and args[0] == "--expect":
        expect = True
        args = args[1:]
    if len(args) != 1 or args[0].startswith("-"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    root = args[0]
    if not os.path.isdir(root):
        print(f"schema_check: {root} is not a directory", file=sys.stderr)
        return 2

    schemas = Schemas(SCHEMA_DIR)
    files = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in names:
            if name.endswith(".json"):
                path = os.path.join(directory, name)
                files.append((os.path.relpath(path, root).replace(os.sep, "/"), path))
    files.sort()

    counts = {"valid": 0, "invalid": 0}
    mismatches = []
    for relative, path in files:
        with open(path, "rb") as f:
            raw = f.read()
        reason = check(raw, schemas)
        verdict = "valid" if reason is None else "invalid"
        counts[verdict] += 1
        if reason is None:
            print(f"{relative}\tvalid")
        else:
            print(f"{relative}\tinvalid\t{one_line(reason)}")
        if expect:
            components = relative.split("/")[:-1]
            wanted = "invalid" if "invalid" in components else "valid" if "valid" in components else None
            if wanted is not None and wanted != verdict:
                mismatches.append(f"{relative}: expected {wanted}, got {verdict}"
                                  + ("" if reason is None else f" ({one_line(reason)})"))
    sys.stdout.flush()
    print(f"schema_check: {len(files)} files: {counts['valid']} valid, {counts['invalid']} invalid"
          f" ({len(schemas.by_type)} event types in {SCHEMA_DIR})", file=sys.stderr)
    if expect:
        for mismatch in mismatches:
            print(f"schema_check: MISMATCH {mismatch}", file=sys.stderr)
        print(f"schema_check: {len(mismatches)} mismatches", file=sys.stderr)
        return 1 if mismatches else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
