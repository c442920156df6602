#!/usr/bin/python3
"""tests/validate.py SCHEMA INSTANCE...: checks each JSON instance against
the JSON Schema (draft 2020-12) with Debian's python3-jsonschema, after
checking the schema itself.  Prints every violation with its path; exits 0
when all are valid, 1 when one is not, 2 on a file that is not JSON."""
import json
import sys

import jsonschema


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                instance = json.load(f)
        except ValueError as e:
            print(f"{path}: not JSON: {e}")
            return 2
        for err in sorted(validator.iter_errors(instance), key=str):
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}: at /{where}: {err.message}")
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))
