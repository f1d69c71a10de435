#!/usr/bin/env python3
"""validate_json.py SCHEMA FILE...: validates each JSON FILE against SCHEMA and
against provenance.schema.json beside it (the opening every ketapgx JSON output
shares) with python3-jsonschema (JSON Schema draft 7). Prints one line per
error; exits 1 when any file is invalid."""
import json
import os
import sys

import jsonschema


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    schema_path, files = sys.argv[1], sys.argv[2:]
    provenance_path = os.path.join(os.path.dirname(os.path.abspath(schema_path)), "provenance.schema.json")
    validators = []
    for p in dict.fromkeys([provenance_path, os.path.abspath(schema_path)]):
        schema = load(p)
        jsonschema.Draft7Validator.check_schema(schema)
        validators.append(jsonschema.Draft7Validator(schema))
    bad = 0
    for path in files:
        doc = load(path)
        for v in validators:
            for e in sorted(v.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]):
                bad += 1
                where = "/".join(str(p) for p in e.absolute_path) or "(top)"
                print(f"{path}: {where}: {e.message[:300]}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
